"""A round carried forward, in Chromium: an NFP sees carried answers and last round's answer
beside each question, confirms an area, changes one answer; axe on the page in English and
Arabic."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import AnswerRecord
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import LOCALES, WCAG_21_AA, described

pytestmark = pytest.mark.browser


def carried_marks(live, assessment_id: int) -> dict[str, str | None]:
    with live.session() as session:
        rows = session.execute(
            select(AnswerRecord.question_id, AnswerRecord.carried_from).where(
                AnswerRecord.assessment_id == assessment_id
            )
        )
        return dict(rows.all())


def test_an_nfp_confirms_an_area_changes_an_answer_and_sees_last_rounds(page, live):
    # XD's demo round 2026 is accepted: its next round starts from it.
    new = live.open_round("XD", after_all=True)
    before = carried_marks(live, new)
    assert before and set(before.values()) == {"2026"}
    sign_in(page, "nfp-xd")
    page.goto(f"/assessments/{new}/areas/legal")
    carried = page.locator(".carried-note")
    expect(carried.first).to_contain_text("From 2026: confirm or change")
    legal = [q for q in before if q.startswith("leg_")]
    expect(carried).to_have_count(len(legal))
    expect(page.locator(".last-answer")).to_have_count(len(legal))
    expect(page.locator("#q-leg_law .last-answer")).to_contain_text("Last round (2026):")
    screenshot(page, "carried-area-en")
    page.locator("#confirm-area").click()
    expect(page.locator(".flash-success")).to_contain_text("carried answers confirmed.")
    expect(page.locator(".carried-note")).to_have_count(0)
    expect(page.locator(".last-answer")).to_have_count(len(legal))
    # Another area: change one answer; it is confirmed by the change, the others stay carried.
    page.goto(f"/assessments/{new}/areas/response")
    field = page.locator("#q-resp_teams-value")
    field.fill(str(int(field.input_value() or 0) + 7))
    field.blur()
    expect(page.locator("#q-resp_teams-status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#q-resp_teams .carried-note")).to_have_count(0)
    expect(page.locator("#q-resp_agents .carried-note")).to_have_count(1)
    page.reload()
    expect(page.locator("#q-resp_teams .carried-note")).to_have_count(0)
    expect(page.locator("#q-resp_teams .last-answer")).to_contain_text("Last round (2026):")
    after = carried_marks(live, new)
    assert {q for q, mark in after.items() if mark is None} == {*legal, "resp_teams"}
    assert all(after[q] == "2026" for q in after if q not in legal and q != "resp_teams")


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_the_carried_area_page_has_no_wcag_violation(new_page, live, lang):
    new = live.open_round("XD", after_all=True)
    page = new_page(locale=LOCALES[lang])
    sign_in(page, "nfp-xd")
    page.goto(f"/assessments/{new}/areas/legal")
    expect(page.locator(".carried-note").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == lang
    screenshot(page, f"carried-area-{lang}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert described(results.response["violations"]) == []
