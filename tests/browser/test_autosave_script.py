"""autosave.js in Chromium: conflicts shown and resolved, a refused CSRF token renewed, refusals
shown beside the answer. (The filling scenarios themselves are in test_fill_browser.py.)"""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def area_url(assessment_id: int, area_id: str) -> str:
    return f"/assessments/{assessment_id}/areas/{area_id}"


def open_area(page, username: str, assessment_id: int, area_id: str = "legal") -> None:
    sign_in(page, username)
    page.goto(area_url(assessment_id, area_id))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)


def saved_by_someone_else(new_page, assessment_id: int) -> None:
    """team-xa sets leg_law to level 3 from their own browser."""
    other = new_page()
    open_area(other, "team-xa", assessment_id)
    other.locator("#q-leg_law-value-2").check()
    expect(other.locator("#q-leg_law-status")).to_have_attribute("data-state", "saved")


def test_a_conflict_shows_both_answers_and_keep_mine_saves_mine(page, new_page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    saved_by_someone_else(new_page, assessment_id)
    page.locator("#q-leg_law-value-0").check()
    conflict = page.locator("#q-leg_law-conflict")
    expect(conflict.locator("[data-conflict=yours]")).to_have_text("1 No capacity")
    expect(conflict.locator("[data-conflict=theirs]")).to_have_text("3 Sustainable")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "unsaved")
    conflict.locator("[data-action=keep-mine]").click()
    expect(page.locator("#q-leg_law-status")).to_have_attribute("data-state", "saved")
    expect(conflict).to_be_hidden()
    assert [r.value for r in live.assessment(assessment_id).answers] == [1]


def test_take_theirs_puts_their_answer_in_the_page(page, new_page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    saved_by_someone_else(new_page, assessment_id)
    page.locator("#q-leg_law-comment").fill("My comment")
    page.locator("#q-leg_law-conflict [data-action=take-theirs]").click()
    expect(page.locator("#q-leg_law-value-2")).to_be_checked()
    expect(page.locator("#q-leg_law-comment")).to_have_value("")
    expect(page.locator("#q-leg_law-version")).to_have_value("1")
    assert [(r.value, r.comment) for r in live.assessment(assessment_id).answers] == [(3, None)]


def test_a_refused_csrf_token_is_renewed_and_the_answer_saved(page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    page.evaluate("document.querySelector('#area-form input[name=csrf_token]').value = 'expired'")
    page.locator("#q-leg_nuclear-value-0").check()
    expect(page.locator("#q-leg_nuclear-status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#q-leg_regulator")).to_be_visible()
    expect(page.locator("[data-progress-area=legal]")).to_have_text("1 / 4")


def test_a_refused_value_is_explained_beside_its_question(page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id, "response")
    page.locator("#q-resp_teams-value").fill("5000")
    expect(page.locator("[data-error-for=resp_teams]")).to_have_text(
        "5000 is outside the range 0 to 1000"
    )
    expect(page.locator("#q-resp_teams-status")).to_have_attribute("data-state", "unsaved")


def test_an_answer_given_after_the_session_ended_is_saved_once_signed_in_again(page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    other_tab = page.context.new_page()
    other_tab.goto("/dashboard")
    other_tab.get_by_role("button", name="Sign out").click()
    page.locator("#q-leg_law-value-1").check()
    status = page.locator("#q-leg_law-status")
    expect(status).to_have_text(
        "Not saved: your session has ended. "
        "Sign in again in another tab and this answer will be saved."
    )
    sign_in(other_tab, "nfp-xa")
    expect(status).to_have_attribute("data-state", "saved", timeout=20_000)
    assert [r.value for r in live.assessment(assessment_id).answers] == [2]


def _leaving_asks(page) -> list[str]:
    """The dialogs Chromium shows when the reader closes the page (beforeunload runs)."""
    asked: list[str] = []

    def seen(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", seen)
    page.close(run_before_unload=True)
    # The dialog, if any, arrives meanwhile; if nothing is asked the page is gone.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_timeout(500)
    return asked


def test_leaving_with_an_answer_not_saved_asks_first(page, live):
    """No connection: the answer is not saved, the page says so and asks before it is left."""
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    page.route("**/answers/leg_law", lambda route: route.abort("internetdisconnected"))
    page.locator("#q-leg_law-value-1").check()
    status = page.locator("#q-leg_law-status")
    expect(status).to_have_text("Not saved: no connection, trying again…")
    assert _leaving_asks(page) == ["beforeunload"]
    assert not page.is_closed()
    assert live.assessment(assessment_id).answers == []


def test_leaving_once_every_answer_is_saved_asks_nothing(page, live):
    assessment_id = live.open_round("XA")
    open_area(page, "nfp-xa", assessment_id)
    page.locator("#q-leg_law-value-1").check()
    expect(page.locator("#q-leg_law-status")).to_have_attribute("data-state", "saved")
    assert _leaving_asks(page) == []
    assert page.is_closed()
