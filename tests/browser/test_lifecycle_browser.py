"""The review cycle in Chromium: submit and accept (each confirmed), withdraw, return with a query,
answer and resubmit, reopen with a reason, locked.

Each test arranges the state before its step through the services, then takes the step in the
browser as the person whose step it is.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import Assessment, User
from assess.services import assessments as lifecycle
from assess.services import queries
from assess.services.answers import save_answer
from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import area_url

pytestmark = pytest.mark.browser
QUERY = "Which law is this? Give its number and year."
STEPS = ("draft", "submitted", "returned", "resubmitted", "accepted")


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def arrange(live, status: str) -> int:
    """A fill-test round of XA with its required answer, taken through the cycle to `status`."""
    assessment_id = live.open_round("XA")
    with live.session() as session:
        assessment = session.get(Assessment, assessment_id)
        nfp, secretariat = _user(session, "nfp-xa"), _user(session, "secretariat-seee")
        save_answer(session, nfp, assessment, "leg_law", "answered", 1, None, 0)
        moves = (
            lambda: lifecycle.submit(session, nfp, assessment),
            lambda: lifecycle.return_with_queries(
                session, secretariat, assessment, {"leg_law": QUERY}
            ),
            lambda: lifecycle.resubmit(session, nfp, assessment),
            lambda: lifecycle.accept(session, secretariat, assessment),
        )
        for move in moves[: STEPS.index(status)]:
            move()
    return assessment_id


def status_of(live, assessment_id: int) -> str:
    return live.assessment(assessment_id).status


def test_nfp_submits_a_complete_draft(page, live):
    assessment_id = arrange(live, "draft")
    sign_in(page, "nfp-xa")
    page.goto(f"/assessments/{assessment_id}")
    screenshot(page, "assessment-overview-draft")
    page.get_by_role("link", name="Submit for review").click()
    expect(page.locator("#blanks")).to_be_visible()
    screenshot(page, "confirm-submit")
    assert status_of(live, assessment_id) == "draft"
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#assessment-status")).to_contain_text("Submitted")
    assert status_of(live, assessment_id) == "submitted"


def test_secretariat_returns_a_submission_with_a_query(page, live):
    assessment_id = arrange(live, "submitted")
    sign_in(page, "secretariat-seee")
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Review this submission").click()
    item = page.locator("#q-leg_law")
    item.get_by_text("Raise a query on this question").click()
    item.get_by_label("New query on this question").fill(QUERY)
    item.get_by_role("button", name="Raise the query").click()
    screenshot(page, "review-submission")
    page.get_by_role("button", name="Return to the country with the open queries").click()
    expect(page.locator("#assessment-status")).to_contain_text("Returned")
    stored = live.assessment(assessment_id)
    with live.session() as session:
        threads = queries.threads(session, session.get(Assessment, assessment_id))
        asked = [(q.question_id, [m.text for m in q.messages]) for q in threads]
    assert (stored.status, asked) == ("returned", [("leg_law", [QUERY])])


def test_nfp_answers_the_query_and_resubmits(page, live):
    assessment_id = arrange(live, "returned")
    sign_in(page, "nfp-xa")
    page.goto(f"/assessments/{assessment_id}")
    expect(page.locator("li.query")).to_contain_text(QUERY)
    screenshot(page, "assessment-overview-returned")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator("input[name='q-leg_law-value'][value='3']").check()
    page.locator("[name='q-leg_law-comment']").fill("Law 12/2019 on CBRN materials")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    page.locator("#overview-link").click()
    page.get_by_role("link", name="Resubmit for review").click()
    page.get_by_role("button", name="Resubmit for review").click()
    expect(page.locator("#assessment-status")).to_contain_text("Resubmitted")
    stored = live.assessment(assessment_id)
    answer = next(a for a in stored.answers if a.question_id == "leg_law")
    assert (stored.status, answer.value, answer.comment, stored.queries[0].status) == (
        "resubmitted",
        3,
        "Law 12/2019 on CBRN materials",
        "answered",
    )


def test_secretariat_accepts_a_resubmission(page, live):
    assessment_id = arrange(live, "resubmitted")
    sign_in(page, "secretariat-seee")
    page.goto(f"/assessments/{assessment_id}/review")
    page.get_by_role("button", name="Accept the assessment").click()
    expect(page.locator("#confirm-accept")).to_be_visible()
    screenshot(page, "confirm-accept")
    assert status_of(live, assessment_id) == "resubmitted"
    page.get_by_role("button", name="Accept the assessment").click()
    expect(page.locator("#assessment-status")).to_contain_text("Accepted")
    assert status_of(live, assessment_id) == "accepted"


def test_nfp_withdraws_a_submission_before_its_review_starts(page, live):
    assessment_id = arrange(live, "submitted")
    sign_in(page, "nfp-xa")
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("button", name="Withdraw the submission").click()
    expect(page.locator("#assessment-status")).to_contain_text("Draft")
    assert status_of(live, assessment_id) == "draft"


def test_an_admin_reopens_an_accepted_assessment_with_a_reason(page, live):
    assessment_id = arrange(live, "accepted")
    reason = "The figures of the legal area were entered for the wrong year."
    sign_in(page, "admin")
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Reopen with a reason").click()
    page.get_by_label("Why is it reopened?").fill(reason)
    screenshot(page, "reopen")
    page.get_by_role("button", name="Reopen the assessment").click()
    expect(page.locator("#assessment-status")).to_contain_text("Returned")
    expect(page.locator(".reason")).to_contain_text(reason)
    stored = live.assessment(assessment_id)
    assert (stored.status, stored.reopened_at is not None) == ("returned", True)


def test_accepted_assessment_shows_no_editable_input(page, live):
    assessment_id = arrange(live, "accepted")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    screenshot(page, "area-accepted-readonly")
    expect(page.locator("#readonly-note")).to_be_visible()
    expect(page.get_by_role("button", name="Save this area")).to_have_count(0)
    fields = page.locator("#area-form input:not([type=hidden]), #area-form textarea")
    assert fields.count() > 0
    assert [fields.nth(i).is_enabled() for i in range(fields.count())] == [False] * fields.count()


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/areas/legal", {"q-leg_law-state": "answered", "q-leg_law-value": "2"}),
        ("/answers/leg_law", None),
    ],
)
def test_accepted_assessment_refuses_a_posted_change(page, live, path, form):
    assessment_id = arrange(live, "accepted")
    sign_in(page, "nfp-xa")
    page.goto(f"/assessments/{assessment_id}")
    token = page.locator("input[name=csrf_token]").first.input_value()
    url = f"/assessments/{assessment_id}{path}"
    if form is None:
        payload = {"state": "answered", "value": "2", "comment": "", "evidence": "", "version": 1}
        response = page.request.post(url, data=payload, headers={"X-CSRFToken": token})
    else:
        response = page.request.post(url, form={**form, "csrf_token": token}, max_redirects=0)
    answer = next(a for a in live.assessment(assessment_id).answers if a.question_id == "leg_law")
    assert (response.status, answer.value, answer.version) == (409, 1, 1)
