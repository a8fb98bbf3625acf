"""Editing a plan action in Chromium: a cost refused keeps every value typed, the reason beside
the field, in English and Arabic (axe on the page with its error shown); then saved as typed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import PlanAction
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import LOCALES, WCAG_21_AA, _plan_action, described

pytestmark = pytest.mark.browser


def edits(live, path: str) -> dict:
    plan_id, action_id = path.split("/")[2], path.split("/")[4]
    with live.session() as session:
        return session.scalar(
            select(PlanAction.edits).where(
                PlanAction.plan_id == int(plan_id), PlanAction.action_id == action_id
            )
        )


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_refused_cost_keeps_what_was_typed_and_has_no_wcag_violation(new_page, live, lang):
    path = _plan_action(live)
    before = edits(live, path)
    page = new_page(locale=LOCALES[lang])
    sign_in(page, "nfp-xd")
    page.goto(path)
    page.locator("#f-lead_agency").fill("Civil Protection Agency")
    page.locator("#f-funding_source").select_option("national")
    page.locator("#f-cost").fill("a lot")
    page.locator("#f-status").select_option("ongoing")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#e-cost")).to_be_visible()
    expect(page.locator("#f-cost")).to_have_attribute("aria-invalid", "true")
    assert (
        page.locator("#f-lead_agency").input_value(),
        page.locator("#f-funding_source").input_value(),
        page.locator("#f-cost").input_value(),
        page.locator("#f-status").input_value(),
    ) == ("Civil Protection Agency", "national", "a lot", "ongoing")
    assert page.locator("html").get_attribute("lang") == lang
    assert edits(live, path) == before
    screenshot(page, f"plan-action-refused-{lang}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert described(results.response["violations"]) == []


def test_a_cost_typed_with_its_currency_is_saved(new_page, live):
    path = _plan_action(live)
    page = new_page(locale="fr-FR")
    sign_in(page, "nfp-xd")
    page.goto(path)
    page.locator("#f-cost").fill("120 000 €")
    page.locator("#f-currency").select_option("EUR")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    saved = edits(live, path)
    assert (saved["cost"], saved["currency"]) == (120000.0, "EUR")
