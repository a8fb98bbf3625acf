"""The SVG helpers: the text width estimate, wrapping that never cuts, and the visual word order
WeasyPrint needs for right-to-left text."""

from __future__ import annotations

import pytest

from assess.reports.svg import LABEL_LIMIT, fit, text_width, visual_line, visual_words

# Widths of these labels at 20 px, measured on a PDF WeasyPrint rendered in DejaVu Sans.
MEASURED = {
    "الإطار القانوني والتنظيمي": 293.4,
    "التنسيق بين الوكالات": 261.8,
    "Safety and security of materials and facilities": 453.5,
    "Surveillance (health and environmental)": 403.9,
    "Правовая и нормативная база": 318.8,
    "Cadre juridique et réglementaire": 328.3,
}


@pytest.mark.parametrize(("label", "measured"), sorted(MEASURED.items()))
def test_the_width_estimate_is_close_and_rather_generous(label: str, measured: float):
    assert 0.95 * measured <= text_width(label, 20) <= 1.15 * measured


@pytest.mark.parametrize(
    ("label", "width", "expected"),
    [
        ("Governance and legislation", 130, ["Governance and", "legislation"]),
        ("Governance and legislation", 1000, ["Governance and legislation"]),
        ("Supercalifragilistic expialidocious", 20, ["Supercalifragilistic", "expialidocious"]),
        ("", 50, [""]),
    ],
)
def test_fit_wraps_by_width_and_never_cuts_a_word(label: str, width: float, expected: list[str]):
    lines = fit(label, width, 10)
    assert lines == expected
    assert " ".join(lines) == label


@pytest.mark.parametrize(
    ("line", "rtl", "seen"),
    [
        ("الإطار القانوني والتنظيمي", True, "والتنظيمي القانوني الإطار"),
        ("Detection and response", True, "Detection and response"),
        ("الكشف CBRN 2026", True, "CBRN 2026 الكشف"),
        ("المرحلة 2 من 3", True, "3 من 2 المرحلة"),
        ("الترصد (الصحي والبيئي)", True, "(والبيئي الصحي) الترصد"),
        ("الكشف، الرصد", True, "الرصد ،الكشف"),
        ("Report of الإطار القانوني", False, "Report of القانوني الإطار"),
    ],
)
def test_visual_line_orders_words_as_they_are_seen(line: str, rtl: bool, seen: str):
    assert visual_line(line, rtl) == seen


def test_visual_words_changes_only_the_text_of_tspans():
    svg = '<svg><title>الإطار القانوني</title><tspan x="1">الإطار القانوني</tspan></svg>'
    assert visual_words(svg, True) == (
        '<svg><title>الإطار القانوني</title><tspan x="1">القانوني الإطار</tspan></svg>'
    )


def test_fit_bounds_a_hostile_label_and_marks_the_cut():
    lines = fit("word " * 200_000, 200, 11)
    assert len(" ".join(lines)) == LABEL_LIMIT
    assert lines[-1].endswith("…")
