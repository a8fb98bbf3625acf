"""Evidence files and "none of these is met" in Chromium: with the page's script and without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.filling import area_url
from tests.web.evidence_samples import PDF, PNG

pytestmark = pytest.mark.browser

FILE_INPUT = "#q-leg_checks-file"
FILE_LIST = "#q-leg_checks-files .file-list"
READY = "form[data-autosave-ready][data-evidence-ready]"


def pdf(name: str = "decree.pdf", content: bytes = PDF) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def files_of(live, assessment_id: int) -> list[str]:
    return [
        evidence.filename
        for answer in live.assessment(assessment_id).answers
        for evidence in answer.evidence
        if evidence.kind == "file"
    ]


def test_a_file_chosen_is_uploaded_listed_and_downloaded(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator(READY)).to_have_count(1)
    page.set_input_files(FILE_INPUT, files=[pdf()])
    expect(page.locator(FILE_LIST).get_by_role("link", name="decree.pdf")).to_be_visible()
    page.reload()
    link = page.locator(FILE_LIST).get_by_role("link", name="decree.pdf")
    screenshot(page, "evidence-file-attached")
    with page.expect_download() as download:
        link.click()
    assert (download.value.suggested_filename, files_of(live, assessment_id)) == (
        "decree.pdf",
        ["decree.pdf"],
    )
    assert Path(download.value.path()).read_bytes() == PDF


def test_a_file_sent_with_an_expired_token_is_attached_after_renewing_it(page, live):
    """The token a long session holds expires: the upload is refused as JSON, the script renews
    the token and sends the file again; nothing is lost."""
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator(READY)).to_have_count(1)
    page.evaluate("document.querySelector('#area-form input[name=csrf_token]').value = 'expired'")
    refused = []
    page.on(
        "response",
        lambda r: (
            refused.append(r.status) if r.url.endswith("/evidence") and r.status == 400 else 0
        ),
    )
    page.set_input_files(FILE_INPUT, files=[pdf()])
    expect(page.locator(FILE_LIST).get_by_role("link", name="decree.pdf")).to_be_visible()
    assert refused == [400]
    assert files_of(live, assessment_id) == ["decree.pdf"]


def test_ticking_remove_takes_the_file_away_at_once(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator(READY)).to_have_count(1)
    page.set_input_files(FILE_INPUT, files=[pdf()])
    # click, not check: the box goes away with its file, so it is never seen ticked
    page.get_by_label("Remove decree.pdf").click()
    expect(page.locator(FILE_LIST).locator("li")).to_have_count(0)
    assert files_of(live, assessment_id) == []


def test_a_file_whose_content_is_not_its_type_is_refused_beside_the_question(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator(READY)).to_have_count(1)
    page.set_input_files(FILE_INPUT, files=[pdf("photo.pdf", PNG)])
    expect(page.locator("#q-leg_checks-file-error")).to_have_text(
        "'photo.pdf' is not a PDF file: its content is of another kind."
    )
    assert files_of(live, assessment_id) == []


def test_without_scripts_the_attach_button_saves_the_area_with_the_file(nojs_page, live):
    assessment_id = live.open_round("XB")
    page = nojs_page
    sign_in(page, "nfp-xb")
    page.goto(area_url(assessment_id, "legal"))
    page.locator("input[name='q-leg_law-value'][value='2']").check()
    page.set_input_files(FILE_INPUT, files=[pdf()])
    page.locator("#q-leg_checks").get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(page.locator(FILE_LIST).get_by_role("link", name="decree.pdf")).to_be_visible()
    screenshot(page, "evidence-file-attached-nojs")
    stored = {a.question_id: a.value for a in live.assessment(assessment_id).answers}
    assert (stored["leg_law"], files_of(live, assessment_id)) == (2, ["decree.pdf"])


def test_none_met_ticked_clears_the_items_and_comes_back_after_reload(page, live):
    assessment_id = live.open_round("XA")
    sign_in(page, "nfp-xa")
    page.goto(area_url(assessment_id, "legal"))
    expect(page.locator(READY)).to_have_count(1)
    page.locator("input[name='q-leg_checks-value'][value='chk_list']").check()
    page.get_by_label("None of these is met").check()
    expect(page.locator("input[name='q-leg_checks-value'][value='chk_list']")).not_to_be_checked()
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    page.reload()
    expect(page.get_by_label("None of these is met")).to_be_checked()
    stored = {a.question_id: a.value for a in live.assessment(assessment_id).answers}
    assert stored["leg_checks"] == []
