"""Filling offline in Chromium: the area page's link downloads the workbook, a filled copy is
uploaded on the offline page, previewed and confirmed."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import area_url

pytestmark = pytest.mark.browser


def test_a_workbook_downloaded_from_an_area_page_comes_back_as_answers(page, live, tmp_path):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    with page.expect_download() as event:
        page.locator("#offline-download").click()
    path = tmp_path / "legal.xlsx"
    event.value.save_as(path)
    book = load_workbook(path)
    sheet = book.worksheets[2]
    assert book.worksheets[2:] == [sheet] and sheet["A3"].value == "leg_law"
    sheet["D3"] = "3 Sustainable"
    sheet["F3"] = "Agreed at the inter-ministerial workshop"
    book.save(path)
    page.goto(f"/assessments/{assessment_id}")
    page.locator("#offline-link").click()
    page.locator("#workbook").set_input_files(str(path))
    page.locator("#upload").click()
    row = page.locator('tr.change[data-question="leg_law"]')
    expect(row.locator(".old")).to_have_text("(no answer)")
    expect(row.locator(".new")).to_contain_text("3 Sustainable")
    screenshot(page, "offline-preview")
    page.locator("#confirm").click()
    expect(page.locator(".flash-success")).to_contain_text("1 answer saved.")
    answers = {a.question_id: (a.value, a.comment) for a in live.assessment(assessment_id).answers}
    assert answers == {"leg_law": (3, "Agreed at the inter-ministerial workshop")}
