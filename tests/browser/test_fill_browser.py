"""Filling areas in Chromium: with the autosave script, without scripts, and conditions."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import AREAS, CONDITIONAL, STORED, area_url, enter, shown

pytestmark = pytest.mark.browser


def stored_values(live, assessment_id: int) -> dict:
    return {a.question_id: a.value for a in live.assessment(assessment_id).answers}


@pytest.mark.parametrize("area", sorted(AREAS))
def test_area_filled_with_autosave_comes_back_after_reload(page, live, area):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, area))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    for entry in AREAS[area]:
        enter(page, entry)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    page.reload()
    screenshot(page, f"area-{area}-filled")
    assert {e.name: shown(page, e) for e in AREAS[area]} == {e.name: e.value for e in AREAS[area]}
    assert stored_values(live, assessment_id) == STORED[area]


@pytest.mark.parametrize("area", sorted(AREAS))
def test_area_filled_without_scripts_saves_with_the_button(nojs_page, live, area):
    assessment_id = live.open_round("XB")
    page = nojs_page
    sign_in(page, "nfp-xb")
    page.goto(area_url(assessment_id, area))
    pending = list(AREAS[area])
    for _round in range(3):  # a conditional question shows once the page is saved and drawn again
        for entry in [e for e in pending if page.locator(f"[name='{e.name}']").first.is_visible()]:
            enter(page, entry)
            pending.remove(entry)
        page.get_by_role("button", name="Save this area").click()
        expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert pending == []
    page.goto(area_url(assessment_id, area))
    screenshot(page, f"area-{area}-nojs")
    assert {e.name: shown(page, e) for e in AREAS[area]} == {e.name: e.value for e in AREAS[area]}
    assert stored_values(live, assessment_id) == STORED[area]


def test_conditional_question_appears_and_disappears_without_reload(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    page.evaluate("window.sameDocument = true")
    conditional = page.locator(f"#q-{CONDITIONAL}")
    expect(conditional).to_be_hidden()
    page.locator("input[name='q-leg_nuclear-value'][value='yes']").check()
    expect(conditional).to_be_visible()
    page.locator("input[name='q-leg_nuclear-value'][value='no']").check()
    expect(conditional).to_be_hidden()
    assert page.evaluate("window.sameDocument") is True


def focus_by_tab(page, element_id: str, limit: int = 150) -> None:
    """Press Tab until the element has the focus; fails when it is never reached."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus with Tab")


def test_area_completed_with_the_keyboard_alone(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    focus_by_tab(page, "q-leg_law-value-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # moves to, and selects, level 2
    focus_by_tab(page, "q-leg_law-comment")
    page.keyboard.type("Law 12/2019, not yet enforced")
    focus_by_tab(page, "q-leg_nuclear-value-0")
    page.keyboard.press("Space")  # yes: the regulator question appears once the save returns
    expect(page.locator(f"#q-{CONDITIONAL}")).to_be_visible()
    focus_by_tab(page, f"q-{CONDITIONAL}-value-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    for box in ("q-leg_checks-value-0", "q-leg_checks-value-1"):
        focus_by_tab(page, box)
        page.keyboard.press("Space")
    focus_by_tab(page, "q-leg_checks-evidence")
    page.keyboard.type("https://laws.example/12-2019")
    page.keyboard.press("Enter")
    page.keyboard.type("Decree 4 of 2020")
    focus_by_tab(page, "save-area")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert stored_values(live, assessment_id) == STORED["legal"]
