"""Nothing dropped while "Saved" shows, in Chromium: a level chosen while "Not applicable" is
selected makes the answer answered; choosing "Not applicable" clears the level; a page without
scripts keeps the level chosen under "Not applicable" (each read back from the database)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import area_url

pytestmark = pytest.mark.browser
STATE = "input[name='q-leg_law-state'][value='{}']"
LEVEL = "input[name='q-leg_law-value'][value='{}']"


def law(live, assessment_id: int) -> tuple[str, object]:
    found = next(a for a in live.assessment(assessment_id).answers if a.question_id == "leg_law")
    return found.status, found.value


def _saved(page) -> None:
    expect(page.locator("#q-leg_law-status")).to_have_attribute("data-state", "saved")


def test_a_level_chosen_while_not_applicable_is_selected_is_saved_as_the_answer(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator(STATE.format("na")).check()
    _saved(page)
    assert law(live, assessment_id) == ("na", None)
    page.locator(LEVEL.format("2")).check()
    expect(page.locator(STATE.format("answered"))).to_be_checked()
    _saved(page)
    screenshot(page, "level-chosen-under-na")
    assert law(live, assessment_id) == ("answered", 2)


def test_choosing_not_applicable_clears_the_level_shown(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator(LEVEL.format("3")).check()
    _saved(page)
    page.locator(STATE.format("dont_know")).check()
    expect(page.locator(LEVEL.format("3"))).not_to_be_checked()
    _saved(page)
    assert law(live, assessment_id) == ("dont_know", None)


def test_without_scripts_a_level_chosen_under_not_applicable_is_saved(nojs_page, live):
    assessment_id = live.open_round("XB")
    page = nojs_page
    sign_in(page, "nfp-xb")
    page.goto(area_url(assessment_id, "legal"))
    page.locator(STATE.format("na")).check()
    page.get_by_role("button", name="Save this area").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.locator(LEVEL.format("2")).check()
    page.get_by_role("button", name="Save this area").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(page.locator(STATE.format("answered"))).to_be_checked()
    assert law(live, assessment_id) == ("answered", 2)
