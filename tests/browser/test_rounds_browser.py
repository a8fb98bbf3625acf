"""Opening a round for a region in Chromium: the whole region at once, and a refused form read
in English and Arabic (axe on the page with its errors shown)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import Assessment, Country, utcnow
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import LOCALES, WCAG_21_AA, described

pytestmark = pytest.mark.browser
DEADLINE = (utcnow().date() + timedelta(days=90)).isoformat()
YESTERDAY = (utcnow().date() - timedelta(days=1)).isoformat()


def test_a_secretariat_opens_a_round_for_its_whole_region(page, live):
    sign_in(page, "secretariat-seee")
    page.goto("/regions/SEEE")
    boxes = page.locator("input[name=countries]")
    expect(boxes).to_have_count(2)
    assert [boxes.nth(i).is_checked() for i in range(2)] == [True, True]
    page.locator("#questionnaire").select_option("fill-test|1.0")
    page.locator("#year").fill("2029")
    page.locator("#period").select_option("H1")
    page.locator("#deadline").fill(DEADLINE)
    screenshot(page, "region-open-round")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Round 2029-H1 opened for Arvenia and Belmora."
    )
    rows = page.locator("table tr", has_text="2029-H1")
    expect(rows).to_have_count(2)
    expect(rows.locator(f"time[datetime='{DEADLINE}']")).to_have_count(2)
    with live.session() as session:
        opened = session.execute(
            select(Country.code, Assessment.status, Assessment.deadline)
            .join(Assessment.country)
            .where(Assessment.round_label == "2029-H1")
            .order_by(Country.code)
        ).all()
    assert [(code, status, day.isoformat()) for code, status, day in opened] == [
        ("XA", "draft", DEADLINE),
        ("XB", "draft", DEADLINE),
    ]


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_refused_round_keeps_what_was_typed_and_has_no_wcag_violation(new_page, live, lang):
    page = new_page(locale=LOCALES[lang])
    sign_in(page, "secretariat-seee")
    page.goto("/regions/SEEE")
    page.locator("input[name=countries][value=XA]").uncheck()
    page.locator("#year").fill("next year")
    page.locator("#deadline").fill(YESTERDAY)
    page.locator("form[action$='/rounds'] button[type=submit]").click()
    expect(page.locator("#year-error")).to_be_visible()
    expect(page.locator("#deadline-error")).to_contain_text(YESTERDAY)
    assert page.locator("html").get_attribute("lang") == lang
    assert (
        page.locator("#year").input_value(),
        page.locator("#deadline").input_value(),
        page.locator("input[name=countries][value=XA]").is_checked(),
        page.locator("input[name=countries][value=XB]").is_checked(),
    ) == ("next year", YESTERDAY, False, True)
    expect(page.locator("#year")).to_have_attribute("aria-invalid", "true")
    screenshot(page, f"region-open-round-refused-{lang}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert described(results.response["violations"]) == []
