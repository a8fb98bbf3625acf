"""The SVG helpers: the text width estimate and wrapping that never cuts."""

from __future__ import annotations

import pytest

from assess.reports.svg import LABEL_LIMIT, fit, text_width

# Widths of these labels at 20 px, measured on a PDF WeasyPrint rendered in DejaVu Sans (the
# Arabic ones as the PDF's charts give them, through rtl_svg.visual_words).
MEASURED = {
    "الإطار القانوني والتنظيمي": 211.4,
    "التنسيق بين الوكالات": 171.7,
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


def test_fit_bounds_a_hostile_label_and_marks_the_cut():
    lines = fit("word " * 200_000, 200, 11)
    assert len(" ".join(lines)) == LABEL_LIMIT
    assert lines[-1].endswith("…")
