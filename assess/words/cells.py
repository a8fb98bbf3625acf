"""Cells of a spreadsheet or a CSV file written from texts people typed: never a formula.

The one place the project neutralises a text a spreadsheet would run (OWASP "CSV injection"):
a leading = + - @, tab or carriage return. In CSV the text gets a leading apostrophe, which
spreadsheets show as a plain text marker; in XLSX the cell is a string cell with a quote prefix,
so it also stays text when someone edits it.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A text starting with one of these is what spreadsheets read as a formula (or DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula."""
    return text.startswith(FORMULA_START)


def inert(text: str) -> str:
    """`text` as a CSV field a spreadsheet shows and never runs: "'=1+1" for "=1+1"."""
    return "'" + text if runs_as_formula(text) else text


def sheet_text(text: str) -> str:
    """`text` without the control characters no XLSX cell may hold (they become spaces)."""
    return ILLEGAL_CHARACTERS_RE.sub(" ", text)


def text_cell(sheet: Any, row: int, column: int, value: str | None) -> Any:
    """Writes `value` as a text cell: a leading = + - @ never makes it a formula."""
    if value is not None and ILLEGAL_CHARACTERS_RE.search(value):
        raise ValueError(f"row {row}: the text holds a control character a sheet cannot hold")
    cell = sheet.cell(row=row, column=column, value=value)
    if value is not None:
        _as_text(cell, value)
    return cell


def write_only_text(sheet: Any, value: str) -> WriteOnlyCell:
    """A cell of a write-only sheet holding `value` as text (control characters made spaces)."""
    text = sheet_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    _as_text(cell, text)
    return cell


def _as_text(cell: Any, value: str) -> None:
    cell.data_type = "s"
    if runs_as_formula(value):
        cell.quotePrefix = True  # also kept as text when someone edits the cell
