"""The regional report's annex, rendered to PDF and read back: the answers and comments of the
countries that agreed to share them, side by side per question; nothing of the others."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest

from assess.plans import build_regional_plan
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.reports import document as d
from assess.reports.pdf import render_pdf
from assess.reports.plan_documents import CountryData, Cover
from assess.reports.regional_document import regional_document
from assess.reports.render import render_html
from assess.scoring import score_assessment
from tests.reports.readback import REPORTS_DIR, normalised, stamp

DATA = Path(__file__).resolve().parents[1] / "plans" / "data"
NAMES = {"XA": "Arvenia", "XB": "Belmora", "XC": "Corvalia", "XD": "Dravenland", "XE": "Elmora"}
# Past the grid's limit: the start prints, the end is left to the application.
LONG_COMMENT = "Reviewed by the ministry in 2025 " + "and again " * 20 + "TailOfTheComment"


@pytest.fixture(scope="module")
def small() -> Questionnaire:
    return load_questionnaire(DATA / "plan-test" / "1.0.yaml", root=DATA)


def answers(code: str) -> dict[str, Answer]:
    level = 1 + "ABCDE".index(code[1]) % 4
    return {
        "leg_own": Answer("leg_own", "answered", float(level)),
        "resp_notes": Answer("resp_notes", "answered", f"Notes{code}"),
    }


def comments(code: str) -> dict[str, str]:
    given = {"leg_own": f"Comment{code}"}
    if code == "XA":
        given["resp_notes"] = LONG_COMMENT
    return given


def regional_pdf(small: Questionnaire, shared: tuple[str, ...], lang: str):
    """The region's document and its PDF's text, when `shared` agreed to share their answers."""
    scores = {c: score_assessment(small, answers(c)) for c in NAMES}
    plan = build_regional_plan(small, scores, lang=lang, region="SEEE")
    countries = {c: CountryData(name, answers(c), comments(c)) for c, name in NAMES.items()}
    cover = Cover("South East and Eastern Europe", "2026", dt.date(2026, 11, 21), "RESTRICTED")
    document = regional_document(plan, small, countries, cover, shared=shared)
    html = render_html(document, reports_dir=REPORTS_DIR)
    pdf = render_pdf(html, base_dir=REPORTS_DIR, metadata=stamp(document.title, lang))
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return document, normalised(" ".join(page.extract_text() for page in pages))


@pytest.mark.parametrize(
    ("shared", "lang"),
    [
        (("XA",), "en"),
        (("XA", "XC", "XE"), "en"),
        (("XA", "XC", "XE"), "ar"),
        (tuple(NAMES), "en"),
    ],
)
def test_the_annex_prints_the_shared_answers_side_by_side_and_nothing_else(small, shared, lang):
    document, printed = regional_pdf(small, shared, lang)
    assert document.annex is not None and document.annex.grids
    for grid in document.annex.grids:
        assert grid.columns == tuple(NAMES[c] for c in shared)
    for code in NAMES:
        shown = code in shared
        assert (f"Notes{code}" in printed) is shown
        assert (f"Comment{code}" in printed) is shown
    # The long comment is cut in its cell; the questionnaire's question heads each row.
    assert "Reviewed by the ministry in 2025" in printed
    assert "TailOfTheComment" not in printed
    assert small.node("resp_notes").text.get(lang) in printed


@pytest.mark.parametrize(
    ("shared", "sentence"),
    [
        (
            ("XA",),
            "4 countries did not share their answers with the region: Belmora, Corvalia, "
            "Dravenland, and Elmora.",
        ),
        (
            ("XA", "XC", "XE"),
            "2 countries did not share their answers with the region: Belmora and Dravenland.",
        ),
    ],
)
def test_the_annex_names_the_countries_that_did_not_share(small, shared, sentence):
    _document, printed = regional_pdf(small, shared, "en")
    assert sentence in printed
    assert "side by side per question" in printed


def test_when_all_share_no_country_is_named_as_private(small):
    _document, printed = regional_pdf(small, tuple(NAMES), "en")
    assert "did not share" not in printed


def test_when_none_share_the_annex_has_no_grid_and_no_answer(small):
    document, printed = regional_pdf(small, (), "en")
    assert document.annex is not None and document.annex.grids == ()
    assert "5 countries did not share their answers with the region" in printed
    assert "side by side per question" not in printed
    assert not any(f"Notes{c}" in printed or f"Comment{c}" in printed for c in NAMES)


def test_a_grid_row_needs_as_many_cells_as_countries():
    with pytest.raises(ValueError, match="grid row q1 has 1 cells for 2 columns"):
        d.AnswerGrid("Area", ("XA", "XB"), (d.GridRow("q1", "Question?", (d.GridCell("Yes"),)),))
