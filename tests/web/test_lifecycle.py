"""The lifecycle's guardrails as pages: confirming a submission (blank per area) and an acceptance,
withdrawing until review starts, reopening with a reason (plans marked stale)."""

from __future__ import annotations

import re
from html import unescape

import pypdf
import pytest

from assess.models import Assessment
from assess.services import assessments as lifecycle
from assess.services import plans
from assess.services.audit import trail
from assess.words.numbers import date as written_date
from tests.services.test_assessments import answer_required
from tests.web.test_pages import assessment_of


def _status(db, assessment: Assessment) -> str:
    db.expire_all()
    return db.get(Assessment, assessment.id).status


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_submit_button_leads_to_a_page_of_what_is_blank_per_area(client, demo, login, db):
    draft = assessment_of(db, "XA")
    login("nfp-xa")
    overview = client.get(f"/assessments/{draft.id}").get_data(as_text=True)
    assert f'id="submit-link" href="/assessments/{draft.id}/submit"' in overview
    page = client.get(f"/assessments/{draft.id}/submit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    blanks = dict(re.findall(r'<tr data-area="(\w+)">.*?data-blank="(\d+)"', html, re.S))
    assert blanks and all(int(n) >= 0 for n in blanks.values())
    assert sum(int(n) for n in blanks.values()) > 0
    assert "What is still blank, per area" in html


def test_a_post_without_confirmation_sends_nothing_and_shows_the_page(client, world, login, db):
    draft = lifecycle.open_round(
        db, world["admin"], world["nfp-xa"].country, "web-test", "1.0", "2027"
    )
    answer_required(db, world["nfp-xa"], draft)
    login("nfp-xa")
    response = client.post(f"/assessments/{draft.id}/submit")
    assert (response.status_code, response.location) == (303, f"/assessments/{draft.id}/submit")
    assert _status(db, draft) == "draft"
    page = client.get(f"/assessments/{draft.id}/submit").get_data(as_text=True)
    assert 'id="confirm-submit"' in page and 'name="confirm" value="yes"' in page
    client.post(f"/assessments/{draft.id}/submit", data={"confirm": "yes"})
    assert _status(db, draft) == "submitted"


def test_the_confirmation_page_offers_no_button_while_required_answers_are_missing(
    client, world, login, db
):
    draft = lifecycle.open_round(
        db, world["admin"], world["nfp-xa"].country, "web-test", "1.0", "2027"
    )
    login("nfp-xa")
    page = client.get(f"/assessments/{draft.id}/submit").get_data(as_text=True)
    assert "It cannot be sent yet" in page and "#q-leg_law" in page and "(leg_law)" not in page
    assert 'id="confirm-submit"' not in page


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee", "admin"])
def test_only_the_nfp_sees_the_submission_page(client, demo, login, db, username):
    login(username)
    assert client.get(f"/assessments/{assessment_of(db, 'XA').id}/submit").status_code == 403


def test_accepting_from_the_review_page_asks_for_confirmation_first(client, demo, login, db):
    submitted = assessment_of(db, "XB")
    login("secretariat-seee")
    response = client.post(f"/assessments/{submitted.id}/accept")
    assert response.location == f"/assessments/{submitted.id}/accept"
    assert _status(db, submitted) == "submitted"
    page = client.get(f"/assessments/{submitted.id}/accept").get_data(as_text=True)
    assert "Once accepted, the assessment is read-only" in page and 'id="blanks"' in page
    client.post(f"/assessments/{submitted.id}/accept", data={"confirm": "yes"})
    assert _status(db, submitted) == "accepted"


def test_the_nfp_withdraws_a_submission_nobody_has_started_reviewing(client, demo, login, db):
    submitted = assessment_of(db, "XB")
    login("nfp-xb")
    overview = client.get(f"/assessments/{submitted.id}").get_data(as_text=True)
    assert 'id="withdraw"' in overview
    page = client.post(f"/assessments/{submitted.id}/withdraw", follow_redirects=True)
    assert "The submission is withdrawn" in _text(page)
    assert _status(db, submitted) == "draft"


def test_once_the_secretariat_opens_the_review_withdrawing_is_refused_clearly(
    client, app, demo, login, db
):
    submitted = assessment_of(db, "XB")
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "secretariat-seee", "password": "assess-demo"})
    assert reviewer.get(f"/assessments/{submitted.id}/review").status_code == 200
    login("nfp-xb")
    overview = client.get(f"/assessments/{submitted.id}").get_data(as_text=True)
    assert 'id="withdraw"' not in overview and 'id="review-started"' in overview
    page = client.post(f"/assessments/{submitted.id}/withdraw", follow_redirects=True)
    assert "started reviewing this submission on" in _text(page)
    assert _status(db, submitted) == "submitted"
    assert [e.action for e in trail(db, submitted)][-1] == "review"


def test_an_admin_reopens_an_accepted_assessment_with_a_reason(client, demo, login, db):
    accepted = assessment_of(db, "XD")
    login("admin")
    form = client.get(f"/assessments/{accepted.id}/reopen").get_data(as_text=True)
    assert 'maxlength="2000"' in form
    response = client.post(
        f"/assessments/{accepted.id}/reopen", data={"reason": "Area 2's figures were wrong."}
    )
    assert response.status_code == 303
    assert _status(db, accepted) == "returned"
    client.post("/logout")
    login("nfp-xd")
    overview = _text(client.get(f"/assessments/{accepted.id}"))
    assert "Reason: Area 2's figures were wrong." in overview
    assert "Resubmit for review" in overview


@pytest.mark.parametrize(
    ("reason", "message"),
    [("  ", "Write why the assessment is reopened."), ("y" * 2001, "at most 2000 characters")],
)
def test_reopening_without_a_fitting_reason_is_refused_and_keeps_the_text(
    client, demo, login, db, reason, message
):
    accepted = assessment_of(db, "XD")
    login("secretariat-aaf")
    response = client.post(f"/assessments/{accepted.id}/reopen", data={"reason": reason})
    assert response.status_code == 422
    assert message in _text(response)
    assert reason.strip() in response.get_data(as_text=True)
    assert _status(db, accepted) == "accepted"


@pytest.mark.parametrize("username", ["nfp-xd", "team-xd"])
def test_the_country_cannot_reopen(client, demo, login, db, username):
    login(username)
    accepted = assessment_of(db, "XD")
    assert client.get(f"/assessments/{accepted.id}/reopen").status_code == 403
    response = client.post(f"/assessments/{accepted.id}/reopen", data={"reason": "Please"})
    assert response.status_code == 403
    assert _status(db, accepted) == "accepted"


def test_reopening_marks_the_national_plan_out_of_date_on_its_page(client, demo, world, login, db):
    accepted = assessment_of(db, "XD")
    plans.generate_national(db, world["secretariat-aaf"], accepted)
    login("secretariat-aaf")
    stale = "The answers changed after this plan was made on"
    assert stale not in client.get(f"/assessments/{accepted.id}/plan").get_data(as_text=True)
    client.post(f"/assessments/{accepted.id}/reopen", data={"reason": "Figures were wrong."})
    assert stale in client.get(f"/assessments/{accepted.id}/plan").get_data(as_text=True)


def test_reopening_says_on_the_pdf_cover_that_the_plan_is_out_of_date(
    client, app, demo, world, login, db, tmp_path
):
    accepted = assessment_of(db, "XD")
    made = plans.generate_national(db, world["secretariat-aaf"], accepted).plan
    lifecycle.reopen(db, world["secretariat-aaf"], accepted, "Figures were wrong.")
    login("secretariat-aaf")
    started = client.post(f"/assessments/{accepted.id}/plan/report", data={"lang": "en"})
    app.extensions["assess.jobs"].wait(120)
    with client.get(started.headers["Location"] + "/download") as download:
        assert download.status_code == 200
        (tmp_path / "plan.pdf").write_bytes(download.data)
    cover = " ".join(pypdf.PdfReader(tmp_path / "plan.pdf").pages[0].extract_text().split())
    made_on = written_date(made.generated_at.date(), "en")
    assert f"The answers changed after this plan was made on {made_on}" in cover
