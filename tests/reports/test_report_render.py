"""HTML of a report: escaped, in the document's language and direction, from the named folder."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markupsafe import escape

from assess.reports import document as d
from assess.reports.pdf import PdfStamp
from assess.reports.render import clip, direction, render_html
from tests.reports.readback import HOSTILE_ANSWER, REPORTS_DIR
from tests.reports.specimen import specimen_document


@pytest.fixture(scope="module")
def english_html() -> str:
    return render_html(
        specimen_document("en", hostile_answer=HOSTILE_ANSWER), reports_dir=REPORTS_DIR
    )


def test_user_markup_is_escaped(english_html: str):
    assert "&lt;script&gt;alert(1)" in english_html
    assert "<script" not in english_html
    assert "<img" not in english_html
    assert '<link rel=attachment href="file:///etc/passwd">' not in english_html


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_html_carries_language_and_direction(lang: str, direction: str):
    html = render_html(specimen_document(lang), reports_dir=REPORTS_DIR)
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_contents_link_every_section_to_its_anchor(english_html: str):
    for number in range(1, 5):
        assert f'href="#s-{number}"' in english_html
        assert f'id="s-{number}"' in english_html


def test_subsections_are_numbered_under_their_section():
    inner = d.Section("Detection", (d.Paragraph("Labs."),))
    document = d.ReportDocument(
        "Plan", "Xanadu", "2026", "today", sections=(d.Section("Areas", (), (inner,)),)
    )
    html = render_html(document, reports_dir=REPORTS_DIR)
    assert 'id="s-1-1"' in html
    assert '<span class="number">1.1</span> Detection' in html


def test_templates_come_from_the_named_folder_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    own = tmp_path / "own"
    shutil.copytree(REPORTS_DIR, own)
    (own / "templates" / "report.html").write_text("own {{ doc.title }}", encoding="utf-8")
    decoy = tmp_path / "cwd" / "templates"
    decoy.mkdir(parents=True)
    (decoy / "report.html").write_text("decoy", encoding="utf-8")
    monkeypatch.chdir(decoy.parent)
    html = render_html(d.ReportDocument("<b>Plan</b>", "XA", "1", "today"), reports_dir=own)
    assert html == "own &lt;b&gt;Plan&lt;/b&gt;"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("a" * 10, 10, "a" * 10),
        ("a" * 11, 10, "a" * 10 + '… <span class="truncated">(cut)</span>'),
        ("<b>" * 5, 10, '&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;… <span class="truncated">(cut)</span>'),
        ("y" * 50, 100, "y" * 24 + "<wbr>" + "y" * 24 + "<wbr>yy"),
        ("<" * 30 + " ok", 100, "&lt;" * 24 + "<wbr>" + "&lt;" * 6 + " ok"),
    ],
)
def test_long_text_is_clipped_escaped_and_breakable(text: str, limit: int, expected: str):
    # escape() is what autoescape applies: it leaves our markup alone and would escape plain text.
    assert str(escape(clip(text, limit, "(cut)"))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Reviewed yearly", "ltr"), ("راجعها الفريق", "rtl"), ("2027 تقرير", "rtl"), ("42", "auto")],
)
def test_text_direction_follows_its_first_letter(text: str, expected: str):
    assert direction(text) == expected


@pytest.mark.parametrize(
    ("lang", "parts"),
    [
        ("en", ("Page", "of", "")),
        ("fr-CA", ("Page", "sur", "")),
        ("ar", ("الصفحة", "من", "")),
        ("xx", ("Page", "of", "")),
    ],
)
def test_page_label_is_split_around_its_numbers(lang: str, parts: tuple[str, str, str]):
    assert d.labels_for(lang).page_parts() == parts


def test_table_rows_must_match_the_columns():
    with pytest.raises(ValueError, match="table row 2 has 1 cells for 2 columns"):
        d.Table(("A", "B"), (("1", "2"), ("3",)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"data_sha256": "abc"}, "data_sha256 must be 64 lowercase hex digits: 'abc'"),
        ({"generated_at": datetime(2026, 1, 1)}, "generated_at must carry a time zone"),
    ],
)
def test_stamp_refuses_a_bad_hash_or_a_naive_time(changes: dict, message: str):
    fields = {
        "title": "t",
        "questionnaire_id": "q",
        "questionnaire_version": "1",
        "scoring_version": "1",
        "data_sha256": "0" * 64,
        "generated_at": datetime(2026, 1, 1, tzinfo=UTC),
        **changes,
    }
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        PdfStamp(**fields)


def test_stamp_time_is_written_in_utc():
    paris = timezone(timedelta(hours=1))
    stamp = PdfStamp("t", "q", "1", "1", "0" * 64, datetime(2026, 1, 1, 10, 0, tzinfo=paris))
    assert stamp.custom_fields()["GeneratedAt"] == "2026-01-01T09:00:00Z"


def test_a_grid_of_answers_is_escaped_cut_and_directed_per_cell():
    hostile = "<script>alert(1)</script> " + "y" * 500
    row = d.GridRow(
        "q1", "Is there a law?", (d.GridCell(hostile, "نعم، منذ 2020"), d.GridCell("Yes"))
    )
    grid = d.AnswerGrid("Legal framework", ("Arvenia", "Belmora"), (row,))
    document = d.ReportDocument(
        "Plan", "Region", "2026", "today", annex=d.Annex("Annex", (), grids=(grid,))
    )
    html = render_html(document, reports_dir=REPORTS_DIR).replace("<wbr>", "")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "y" * (d.GRID_ANSWER_LIMIT - 26) + "…" in html
    assert "y" * (d.GRID_ANSWER_LIMIT - 25) not in html
    assert '<span class="grid-comment user-text" dir="rtl">نعم، منذ 2020</span>' in html
    assert html.count('<th scope="col">') == 2 and 'colspan="2"' in html
