"""Right-to-left chart text for WeasyPrint: Arabic letters joined (presentation forms), runs
turned round with their brackets mirrored, words in the order they are seen, entities intact."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

import pytest

from assess.reports.rtl_svg import MIRRORED, shaped, visual_line, visual_words
from assess.words.numbers import money


def read_back(seen: str) -> str:
    """What a reader gets from right to left: turned round, mirrored back, forms folded."""
    return unicodedata.normalize("NFKC", seen[::-1].translate(MIRRORED))


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("بيت", "\ufe91\ufef4\ufe96"),  # beh initial, yeh medial, teh final
        ("دار", "\ufea9\ufe8d\ufead"),  # dal, alef, reh: none joins the next, all isolated
        ("لا", "\ufefb"),  # lam-alef, the ligature
        ("كلام", "\ufedb\ufefc\ufee1"),  # kaf initial, lam-alef final, meem isolated
        ("جداً", "\ufe9f\ufeaa\ufe8d"),  # dal joins no letter after it; tanween left out
        ("CBRN", "CBRN"),
    ],
)
def test_arabic_letters_take_their_joined_forms(word: str, forms: str):
    assert shaped(word) == forms


@pytest.mark.parametrize(
    "label",
    ["الإطار القانوني والتنظيمي", "الترصد (الصحي والبيئي)", "الكشف، الرصد", "التعافي"],
)
def test_right_to_left_text_is_turned_round_whole(label: str):
    seen = visual_line(label, True)
    assert seen != label
    assert read_back(seen) == label


def test_numbers_and_latin_keep_their_order_inside_arabic():
    assert visual_line("الكشف CBRN 2026", True).startswith("CBRN 2026 ")
    seen = visual_line("المرحلة 2 من 3", True)
    assert seen.split(" ")[0::2] == ["3", "2"]
    assert read_back(seen.split(" ")[-1]) == "المرحلة"


def test_left_to_right_text_is_left_alone_and_arabic_inside_it_turned():
    assert visual_line("Detection and response", True) == "Detection and response"
    seen = visual_line("Report of الإطار القانوني", False)
    assert seen.startswith("Report of ")
    assert read_back(seen[len("Report of ") :]) == "الإطار القانوني"


def test_visual_words_changes_only_tspans_and_keeps_entities_whole():
    svg = (
        "<svg><title>الكشف &amp; الرصد</title>"
        '<text><tspan x="1">الكشف &amp; &lt;الرصد&gt;</tspan></text></svg>'
    )
    out = visual_words(svg, True)
    root = ET.fromstring(out)
    assert root.find("title").text == "الكشف & الرصد"
    assert read_back(root.find("text/tspan").text) == "الكشف & <الرصد>"


def test_an_amount_in_arabic_reads_currency_then_figure_and_is_never_turned_round():
    """`money` in Arabic carries bidi marks (RLM, LRM) and a no-break space: the marks are left
    out (WeasyPrint would set each on its own) and the figure keeps its digits in order."""
    written = money(11702900, "USD", "ar")
    assert "\u200f" in written and "\u200e" in written
    assert visual_line(written, True) == "US$\xa011,702,900.00"
    assert visual_line(written, False) == "11,702,900.00\xa0US$"


def test_numbers_side_by_side_in_right_to_left_text_run_right_to_left():
    assert visual_line("2027 2028", True) == "2028 2027"
    assert visual_line("2027 2028", False) == "2027 2028"
    assert visual_line("Round 2025 (1.0)", True) == "Round 2025 (1.0)"


@pytest.mark.parametrize(
    ("label", "seen"),
    [
        # A numbered label of a right-to-left chart: the number opens it on the right, its full
        # stop after it (to its left), as a browser's bidi algorithm sets them.
        ("13. Inventory laws", "Inventory laws .13"),
        ("13. الكشف", f"{shaped('الكشف')[::-1]} .13"),
        ("50% الكشف", f"{shaped('الكشف')[::-1]} 50%"),  # a percent sign stays with its number
    ],
)
def test_signs_after_a_number_opening_a_right_to_left_label_follow_it(label: str, seen: str):
    assert visual_line(label, True) == seen
    assert visual_line(label.replace("الكشف", "Detection"), False).startswith(label[:3])
