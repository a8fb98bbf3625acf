"""The review page's combined filters in Chromium without JavaScript: the secretariat ticks two
filters, sends the form, and reads only the questions both keep; the area links keep them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_queries_browser import submitted

pytestmark = pytest.mark.browser


def test_two_ticked_filters_keep_only_what_both_keep_without_javascript(new_page, live):
    assessment_id = submitted(live)
    page = new_page(java_script_enabled=False)
    sign_in(page, "secretariat-seee")
    page.goto(f"/assessments/{assessment_id}/review?area=all")
    page.get_by_label("Unanswered").check()
    page.get_by_label("Evidence required").check()
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"show=unanswered&show=evidence"))
    # leg_checks alone is blank and asks for evidence.
    expect(page.locator("article.review-item")).to_have_count(1)
    expect(page.locator("#q-leg_checks")).to_be_visible()
    expect(page.get_by_label("Unanswered")).to_be_checked()
    screenshot(page, "review-combined-filters")
    page.locator("nav.review-areas").get_by_role("link", name="Legal framework").click()
    expect(page).to_have_url(re.compile(r"area=legal&show=unanswered&show=evidence"))
    expect(page.locator("article.review-item")).to_have_count(1)
