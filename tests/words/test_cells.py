"""Texts a spreadsheet would run as a formula, made inert: one place for CSV and XLSX."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from assess.words.cells import inert, text_cell
from assess.words.numbers import csv_format


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-1", "'-1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_inert_prefixes_what_would_run(text, written) -> None:
    assert inert(text) == written


def test_text_cell_is_a_string_with_a_quote_prefix() -> None:
    sheet = Workbook().active
    cell = text_cell(sheet, 1, 1, "=1+1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


@pytest.mark.parametrize(
    ("lang", "delimiter", "decimal"),
    [("en", ",", "."), ("fr", ";", ","), ("pt", ";", ","), ("ru", ";", ","), ("ar", ",", ".")],
)
def test_the_csv_delimiter_follows_the_decimal_separator(lang, delimiter, decimal) -> None:
    assert (csv_format(lang).delimiter, csv_format(lang).decimal) == (delimiter, decimal)
