"""An expert uploads an unpublished version, previews it in Arabic, and conditions react."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import CBRN_NEEDS, screenshot, sign_in
from tests.browser.test_accessibility import WCAG_21_AA, described

pytestmark = pytest.mark.browser
DRAFT = "/questionnaires/drafts/cbrn-needs/1.1"


def no_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return described(results.response["violations"])


def upload_draft(page) -> None:
    """Version 1.1 is not published on the live app: the expert uploads it as a draft."""
    page.goto("/dashboard")
    page.locator("#draft-file").set_input_files(str(CBRN_NEEDS / "1.1.yaml"))
    page.locator("#upload-draft button[type=submit]").click()
    page.wait_for_url(f"**{DRAFT}")


def test_an_expert_previews_an_unpublished_version_in_arabic(page, live) -> None:
    sign_in(page, "expert")
    upload_draft(page)
    assert page.locator("#no-problems").is_visible()
    assert (page.locator("#draft-note").count(), no_violations(page)) == (1, [])
    page.locator(".preview-languages button[lang=ar]").click()
    page.wait_for_url(re.compile(r"/areas/profile$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert no_violations(page) == []
    page.locator(".area-nav a[href*='/areas/exer']").click()
    page.wait_for_url(re.compile(r"/areas/exer$"))
    page.evaluate("window.previewMarker = 'same page'")
    lessons = page.locator("#q-exer_lessons")
    date = page.locator("[name='q-exer_last_field-value']")
    assert lessons.is_hidden()
    date.fill("2023-05-01")
    lessons.wait_for(state="visible")
    screenshot(page, "questionnaire-preview-ar")
    date.fill("2010-05-01")
    lessons.wait_for(state="hidden")
    assert page.evaluate("window.previewMarker") == "same page"
    assert page.locator("#area-title").text_content().strip() != ""
    assert no_violations(page) == []


def test_without_scripts_the_preview_shows_what_applies_after_its_button(nojs_page, live):
    page = nojs_page
    sign_in(page, "expert")
    page.goto("/questionnaires/published/cbrn-needs/1.0/areas/exer")
    assert page.locator("#q-exer_lessons").is_hidden()
    page.locator("[name='q-exer_last_field-value']").fill("2023-05-01")
    page.locator("#show-applicable").click()
    page.wait_for_url(re.compile(r"q-exer_last_field-value=2023-05-01"))
    assert page.locator("#q-exer_lessons").is_visible()
