"""The pages: dashboards per role, submitting, reviewing, returning, accepting (opening rounds:
test_round_pages.py)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from assess.models import Assessment, Country
from assess.services import assessments as lifecycle


def assessment_of(db, code: str) -> Assessment:
    return db.scalars(select(Assessment).join(Assessment.country).where(Country.code == code)).one()


@pytest.mark.parametrize(
    ("username", "seen", "unseen"),
    [
        ("nfp-xa", ["Arvenia (XA)"], ["Belmora", "Corvalia", "Dravenland"]),
        ("team-xc", ["Corvalia (XC)"], ["Arvenia", "Belmora", "Dravenland"]),
        ("secretariat-seee", ["Arvenia (XA)", "Belmora (XB)"], ["Corvalia", "Dravenland"]),
        ("admin", ["Arvenia (XA)", "Belmora (XB)", "Corvalia (XC)", "Dravenland (XD)"], []),
        ("expert", ["web-test 1.0"], ["Arvenia", "Belmora", "Corvalia", "Dravenland"]),
    ],
)
def test_the_dashboard_lists_only_what_the_user_may_see(
    client, demo, login, username, seen, unseen
):
    login(username)
    page = client.get("/dashboard").get_data(as_text=True)
    assert [name for name in seen if name not in page] == []
    assert [name for name in unseen if name in page] == []


def test_pages_declare_their_language_and_direction(client, world, login) -> None:
    login("nfp-xa")
    assert '<html lang="en" dir="ltr">' in client.get("/dashboard").get_data(as_text=True)


def test_submitting_an_incomplete_draft_lists_what_is_missing(client, world, login, db) -> None:
    draft = lifecycle.open_round(
        db, world["admin"], world["nfp-xa"].country, "web-test", "1.0", "2027"
    )
    login("nfp-xa")
    page = client.post(
        f"/assessments/{draft.id}/submit", data={"confirm": "yes"}, follow_redirects=True
    )
    text = html.unescape(page.get_data(as_text=True))
    stopping = text[text.index('id="stopping"') :]
    assert "Is there a law on CBRN materials?" in stopping
    assert "Does the country operate nuclear facilities?" in stopping
    assert "Required questions still unanswered" in text
    db.expire_all()
    assert draft.status == "draft"


def test_a_team_member_sees_no_submit_button(client, demo, login, db) -> None:
    login("team-xa")
    page = client.get(f"/assessments/{assessment_of(db, 'XA').id}").get_data(as_text=True)
    assert "Submit for review" not in page


def test_the_secretariat_returns_a_submission_with_queries(client, demo, login, db) -> None:
    submitted = assessment_of(db, "XB")
    login("secretariat-seee")
    assert client.get(f"/assessments/{submitted.id}/review").status_code == 200
    response = client.post(
        f"/assessments/{submitted.id}/return",
        data={"query-leg_law": "Which law?", "query-leg_nuclear": ""},
    )
    assert response.status_code == 302
    db.expire_all()
    assert submitted.status == "returned"
    login_page = client.post("/logout")
    assert login_page.status_code == 302
    login("nfp-xb")
    overview = client.get(f"/assessments/{submitted.id}").get_data(as_text=True)
    assert "Queries from the secretariat" in overview and "Which law?" in overview
    assert "Resubmit for review" in overview


def test_returning_without_any_query_is_refused_with_a_message(client, demo, login, db) -> None:
    submitted = assessment_of(db, "XB")
    login("secretariat-seee")
    page = client.post(f"/assessments/{submitted.id}/return", data={}, follow_redirects=True)
    assert "Write a query on at least one question" in page.get_data(as_text=True)
    db.expire_all()
    assert submitted.status == "submitted"


def test_the_secretariat_accepts_and_the_assessment_becomes_read_only(client, demo, login, db):
    submitted = assessment_of(db, "XB")
    login("secretariat-seee")
    page = client.post(
        f"/assessments/{submitted.id}/accept", data={"confirm": "yes"}, follow_redirects=True
    )
    assert "This assessment is accepted and read-only." in page.get_data(as_text=True)
    db.expire_all()
    assert submitted.status == "accepted"


def test_the_country_cannot_open_the_review_page(client, demo, login, db) -> None:
    login("nfp-xb")
    assert client.get(f"/assessments/{assessment_of(db, 'XB').id}/review").status_code == 403


def test_the_review_page_shows_answers_in_words(client, demo, login, db) -> None:
    login("secretariat-aaf")
    page = client.get(f"/assessments/{assessment_of(db, 'XD').id}/review").get_data(as_text=True)
    assert "Legal framework" in page and "Answered" in page


def test_the_overview_shows_the_status_history(client, demo, login, db) -> None:
    login("nfp-xd")
    page = client.get(f"/assessments/{assessment_of(db, 'XD').id}").get_data(as_text=True)
    assert "Round opened: Draft" in page
    assert "Status changed: Draft → Submitted" in page
    assert "Status changed: Submitted → Accepted" in page
