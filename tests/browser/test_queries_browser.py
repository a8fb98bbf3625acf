"""The whole dialogue of a review in Chromium: the secretariat raises two queries while reviewing
and returns; the NFP finds each on its question, replies to one and changes the other's answer,
resubmits; the secretariat reads both threads and the change (old -> new), closes them, accepts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import Assessment, User
from assess.services import assessments as lifecycle
from assess.services.answers import save_answer
from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import area_url

pytestmark = pytest.mark.browser
ON_LAW = "Which law is this? Give its number and year."
ON_NUCLEAR = "The regulator's report lists a research reactor: please check."
REPLY = "Law 12/2019 on CBRN materials."


def submitted(live) -> int:
    """A fill-test round of XA, two legal questions answered, submitted by its NFP."""
    assessment_id = live.open_round("XA")
    with live.session() as session:
        assessment = session.get(Assessment, assessment_id)
        nfp = session.scalar(select(User).where(User.username == "nfp-xa"))
        save_answer(session, nfp, assessment, "leg_law", "answered", 2, None, 0)
        save_answer(session, nfp, assessment, "leg_nuclear", "answered", "no", None, 0)
        lifecycle.submit(session, nfp, assessment)
    return assessment_id


def raise_query(page, question_id: str, text: str) -> None:
    item = page.locator(f"#q-{question_id}")
    item.get_by_text("Raise a query on this question").click()
    item.get_by_label("New query on this question").fill(text)
    item.get_by_role("button", name="Raise the query").click()
    expect(page.locator(f"#q-{question_id} .query-thread")).to_contain_text(text)


REOPENED = "The legal figures were for the wrong year."


def accept(page) -> None:
    """Accept from the review page, then confirm on the page that asks."""
    page.get_by_role("button", name="Accept the assessment").click()
    expect(page.locator("#confirm-accept")).to_be_visible()
    page.get_by_role("button", name="Accept the assessment").click()


def secretariat_raises_two_queries_and_returns(page, assessment_id: int) -> None:
    sign_in(page, "secretariat-seee")
    page.goto(f"/assessments/{assessment_id}/review")
    raise_query(page, "leg_law", ON_LAW)
    raise_query(page, "leg_nuclear", ON_NUCLEAR)
    screenshot(page, "review-two-queries")
    page.get_by_role("button", name="Return to the country with the open queries").click()
    expect(page.locator("#assessment-status")).to_contain_text("Returned")


def nfp_replies_changes_and_resubmits(page, assessment_id: int) -> None:
    sign_in(page, "nfp-xa")
    queries = page.locator("#open-queries")
    expect(queries).to_contain_text(ON_LAW)
    expect(queries).to_contain_text(ON_NUCLEAR)
    # Earlier rounds of XA (other tests) list their own queries: this round's row is the one.
    row = queries.locator("tr", has_text=ON_LAW)
    row.locator(f'a[href^="/assessments/{assessment_id}/areas/legal#query-"]').click()
    page.wait_for_url(re.compile(r"/areas/legal#query-\d+$"))
    law = page.locator("#q-leg_law + .query-thread")
    expect(law).to_contain_text(ON_LAW)
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    law.get_by_label("Your reply").fill(REPLY)
    law.get_by_role("button", name="Send").click()
    expect(page.locator(".flash")).to_contain_text("Your message is sent.")
    expect(page.locator("#q-leg_law + .query-thread")).to_contain_text(REPLY)
    nuclear = page.locator("#q-leg_nuclear + .query-thread")
    expect(nuclear).to_contain_text(ON_NUCLEAR)
    # Sending reloaded the page: its autosave must be listening again before an answer changes.
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator("input[name='q-leg_nuclear-value'][value='partial']").check()
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    screenshot(page, "area-query-replied")
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Resubmit for review").click()
    page.get_by_role("button", name="Resubmit for review").click()
    expect(page.locator("#assessment-status")).to_contain_text("Resubmitted")


def secretariat_reads_closes_and_accepts(page, assessment_id: int) -> None:
    page.goto(f"/assessments/{assessment_id}/review?area=legal")
    law, nuclear = page.locator("#q-leg_law"), page.locator("#q-leg_nuclear")
    expect(law.locator(".query-thread")).to_contain_text(REPLY)
    expect(law.locator(".query-thread")).to_contain_text("Answered by the country")
    expect(nuclear.locator(".change")).to_contain_text("No → Partially")
    page.goto(f"/assessments/{assessment_id}/review?area=all&show=changed")
    expect(page.locator("article.review-item")).to_have_count(1)
    screenshot(page, "review-changed-since-return")
    page.goto(f"/assessments/{assessment_id}/review?area=legal")
    for question_id in ("leg_law", "leg_nuclear"):
        thread = page.locator(f"#q-{question_id} .query-thread")
        thread.get_by_role("button", name="Close the query").click()
        expect(page.locator(f"#q-{question_id} .query-thread")).to_contain_text("Closed")
    accept(page)
    expect(page.locator("#assessment-status")).to_contain_text("Accepted")


def test_the_whole_dialogue_of_a_review(new_page, live) -> None:
    assessment_id = submitted(live)
    secretariat = new_page()
    secretariat_raises_two_queries_and_returns(secretariat, assessment_id)
    nfp_replies_changes_and_resubmits(new_page(), assessment_id)
    secretariat_reads_closes_and_accepts(secretariat, assessment_id)
    stored = live.assessment(assessment_id)
    answer = next(a for a in stored.answers if a.question_id == "leg_nuclear")
    assert (stored.status, answer.value, [q.status for q in stored.queries]) == (
        "accepted",
        "partial",
        ["closed", "closed"],
    )
    admin_reopens_with_a_reason(new_page(), assessment_id)
    assert live.assessment(assessment_id).status == "returned"


def admin_reopens_with_a_reason(page, assessment_id: int) -> None:
    sign_in(page, "admin")
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Reopen with a reason").click()
    page.get_by_label("Why is it reopened?").fill(REOPENED)
    page.get_by_role("button", name="Reopen the assessment").click()
    expect(page.locator("#assessment-status")).to_contain_text("Returned")
    expect(page.locator(".reason")).to_contain_text(REOPENED)


def test_a_reply_typed_and_not_sent_is_not_lost_by_leaving(page, live) -> None:
    assessment_id = submitted(live)
    with live.session() as session:
        assessment = session.get(Assessment, assessment_id)
        secretariat = session.scalar(select(User).where(User.username == "secretariat-seee"))
        lifecycle.return_with_queries(session, secretariat, assessment, {"leg_law": ON_LAW})
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    page.get_by_label("Your reply").fill("Half a thought")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator("#overview-link").click()
    page.wait_for_timeout(300)
    assert (asked, page.url.endswith("/areas/legal")) == (["beforeunload"], True)
