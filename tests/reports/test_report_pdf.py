"""The specimen report read back from its PDF: text, order, fonts, attachments, stamp, pictures."""

from __future__ import annotations

import os
import subprocess
import sys

import pypdf
import pytest

from assess.reports import document as d
from assess.reports.pdf import render_pdf
from assess.reports.render import render_html
from tests.reports.readback import (
    ARTIFACTS,
    COUNTRIES,
    MARKUP,
    REPORTS_DIR,
    ROOT,
    Rendered,
    normalised,
    render_specimen,
    run,
    stamp,
)
from tests.reports.specimen import ACTIONS, AREAS, SCORES, TEXT

LANGS = ("en", "ar")


@pytest.mark.parametrize("lang", LANGS)
def test_cover_names_the_country_round_and_marking(rendered: dict[str, Rendered], lang: str):
    cover = normalised(rendered[lang].pages[0])
    for key in ("place", "round", "marking", "title"):
        assert TEXT[lang][key] in cover


@pytest.mark.parametrize("lang", LANGS)
def test_area_scores_are_printed(rendered: dict[str, Rendered], lang: str):
    text = normalised(" ".join(rendered[lang].pages))
    for area, score in zip(AREAS[lang], SCORES, strict=True):
        assert area in text
        assert f"{score:g}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_actions_appear_in_priority_order(rendered: dict[str, Rendered], lang: str):
    text = normalised(" ".join(rendered[lang].pages))
    positions = [text.find(action) for action in ACTIONS[lang]]
    assert -1 not in positions
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_carries_title_and_marking(rendered: dict[str, Rendered], lang: str):
    for page in rendered[lang].pages:
        assert TEXT[lang]["title"] in page
        assert TEXT[lang]["marking"] in page


def test_every_page_says_page_n_of_m_in_english(rendered: dict[str, Rendered]):
    pages = rendered["en"].pages
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_every_page_says_page_n_of_m_in_arabic(rendered: dict[str, Rendered]):
    # pypdf returns a line mixing Arabic words and digits in visual order ("9 من6 الصفحة"), so
    # the footer is compared as the words and numbers it holds, not as one string.
    pages = rendered["ar"].pages
    for number, page in enumerate(pages, start=1):
        footer = page.strip().splitlines()[-1]
        words = set(footer.replace("من", " من ").split())
        assert {"الصفحة", "من", str(number), str(len(pages))} <= words


def test_contents_give_the_page_each_section_starts_on(rendered: dict[str, Rendered]):
    pages = rendered["en"].pages
    heading = TEXT["en"]["risks"]
    line = next(line for line in pages[1].splitlines() if heading in line)
    page_number = int(line.split(".")[-1])
    assert f"3  {heading}" in pages[page_number - 1]


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(rendered: dict[str, Rendered], lang: str):
    rows = run("pdffonts", rendered[lang].path).splitlines()[2:]
    assert rows
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", row


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_our_shipped_family(rendered: dict[str, Rendered], lang: str):
    names = {
        row.split()[0].split("+")[-1]
        for row in run("pdffonts", rendered[lang].path).splitlines()[2:]
    }
    assert names == {"Assess-Sans", "Assess-Sans-Bold"}


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_answer_prints_as_text(rendered: dict[str, Rendered], lang: str):
    text = normalised(" ".join(rendered[lang].pages))
    assert normalised(MARKUP) in text


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_answer_leaves_no_attachment(rendered: dict[str, Rendered], lang: str):
    assert run("pdfdetach", "-list", rendered[lang].path).strip() == "0 embedded files"


@pytest.mark.parametrize("lang", LANGS)
def test_only_our_assets_are_fetched(rendered: dict[str, Rendered], lang: str):
    fetcher = rendered[lang].fetcher
    assert fetcher.refused == []
    assert sorted(url.rsplit("/", 2)[-2] for url in fetcher.served) == ["css", "fonts", "fonts"]


@pytest.mark.parametrize(("lang", "marker"), [("en", "(truncated)"), ("ar", "(نص مقتطع)")])
def test_megabyte_answer_is_truncated_with_a_visible_marker(
    rendered: dict[str, Rendered], lang: str, marker: str
):
    # In the Arabic report this marker sits in a left-to-right answer; pypdf returns such a mixed
    # line in visual order with its parentheses misplaced ("()نص مقتطع", while the page shows
    # "(نص مقتطع)"), so parentheses are dropped before comparing.
    annex = normalised(" ".join(rendered[lang].pages[-1:])).replace("(", "").replace(")", "")
    assert "... " + marker.strip("()") in annex  # NFKC spells the ellipsis as three dots
    assert "x" * 3001 not in "".join(annex.split())


def test_megabyte_answer_renders_in_a_bounded_number_of_pages(tmp_path):
    # Its time is bench/bench_reports.py's to measure: a busy machine is no failure here.
    rendered = render_specimen("en", tmp_path)
    assert len(rendered.pages) < 15


@pytest.mark.parametrize("lang", LANGS)
def test_stamp_is_in_the_document_information(rendered: dict[str, Rendered], lang: str):
    info = pypdf.PdfReader(rendered[lang].path).metadata
    assert info["/Title"] == TEXT[lang]["title"]
    assert info["/QuestionnaireId"] == "cbrn-national"
    assert info["/QuestionnaireVersion"] == "2026.1"
    assert info["/ScoringVersion"] == "1.0"
    assert info["/DataSHA256"] == "5" * 64
    assert info["/GeneratedAt"] == "2026-11-21T09:30:00Z"
    assert info["/CreationDate"] == "D:20261121093000Z"


RENDER_IN_A_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.reports.readback import render_specimen
render_specimen(sys.argv[2], Path(sys.argv[3]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_same_report_gives_identical_bytes_in_another_process(
    rendered: dict[str, Rendered], lang: str, tmp_path
):
    # Another process has another string hash seed, so any set-order dependence would show.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    here = ROOT
    subprocess.run(
        [sys.executable, "-c", RENDER_IN_A_CHILD, str(here), lang, str(tmp_path)],
        check=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert (tmp_path / f"xanadu-{lang}.pdf").read_bytes() == rendered[lang].data


def test_arabic_text_reads_in_logical_order(rendered: dict[str, Rendered]):
    # pypdf maps each glyph cluster back to its characters and keeps Arabic runs in logical order;
    # poppler's pdftotext would reverse lam-alef ligatures ("اإلجراءات"), so it is not used here.
    text = normalised(" ".join(rendered["ar"].pages))
    for words in ("خطة العمل الوطنية", "زانادو", "الإجراءات ذات الأولوية", ACTIONS["ar"][1]):
        assert words in text


@pytest.mark.parametrize("lang", LANGS)
def test_pages_render_to_png_for_review(rendered: dict[str, Rendered], lang: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"xanadu-{lang}-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "50", "-png", rendered[lang].path, ARTIFACTS / f"xanadu-{lang}")
    pictures = sorted(ARTIFACTS.glob(f"xanadu-{lang}-*.png"))
    assert len(pictures) == len(rendered[lang].pages)
    assert all(picture.stat().st_size > 2000 for picture in pictures)


@pytest.mark.parametrize("lang", LANGS)
def test_regional_heatmap_names_every_country(rendered: dict[str, Rendered], lang: str):
    text = " ".join(rendered[lang].pages)
    for code in (f"X{chr(ord('A') + i)}" for i in range(COUNTRIES)):
        assert code in text


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_tagged_for_screen_readers(rendered: dict[str, Rendered], lang: str):
    info = dict(line.split(":", 1) for line in run("pdfinfo", rendered[lang].path).splitlines())
    assert info["Tagged"].strip() == "yes"


def test_megabyte_table_cell_and_paragraph_are_truncated(tmp_path):
    megabyte = "y" * 1_000_000
    section = d.Section(
        "Actions", (d.Paragraph(megabyte), d.Table(("Action", "Lead"), ((megabyte, "MoI"),)))
    )
    document = d.ReportDocument("Plan", "Xanadu", "2026", "today", sections=(section,))
    pdf = render_pdf(
        render_html(document, reports_dir=REPORTS_DIR),
        base_dir=REPORTS_DIR,
        metadata=stamp("Plan", "en"),
    )
    (tmp_path / "long.pdf").write_bytes(pdf)
    text = run("pdftotext", tmp_path / "long.pdf", "-")
    assert text.count("(truncated)") == 2
