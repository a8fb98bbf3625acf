"""Nothing dropped while "Saved" shows, in Chromium: a level chosen while "Not applicable" is
selected makes the answer answered; choosing "Not applicable" clears the level; a page without
scripts keeps the level chosen under "Not applicable" (each read back from the database)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import Assessment, User
from assess.services.answers import save_answer
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


def test_an_answer_saved_after_its_question_stopped_applying_stays_in_view(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator("input[name='q-leg_nuclear-value'][value='yes']").check()
    regulator = page.locator("#q-leg_regulator")
    expect(regulator).to_be_visible()
    # Meanwhile a colleague answers that there is no nuclear facility.
    with live.session() as session:
        assessment = session.get(Assessment, assessment_id)
        team = session.scalar(select(User).where(User.username == "team-xa"))
        save_answer(session, team, assessment, "leg_nuclear", "answered", "no", None, 1)
    page.locator("input[name='q-leg_regulator-value'][value='3']").check()
    expect(page.locator("#q-leg_regulator-status")).to_have_attribute("data-state", "saved")
    expect(regulator).to_be_visible()
    expect(regulator.locator("[data-error-for]")).to_contain_text("no longer applies")
    screenshot(page, "saved-after-it-stopped-applying")
    stored = {a.question_id: a.value for a in live.assessment(assessment_id).answers}
    assert (stored["leg_nuclear"], stored["leg_regulator"]) == ("no", 3)
