"""The sheets of an XLSForm workbook as rows of text, read within bounds.

.xlsx is read with openpyxl (read-only, from memory, after checking what its parts unzip to);
.xls (old Excel) with xlrd. Every cell comes back as text or None: XLSForm cells are names,
labels and expressions, and a number typed in a cell (a choice name 1) is read as its text.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from assess.questionnaire.translation_files import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    FileProblem,
    TranslationFileError,
)
from assess.questionnaire.translation_xlsx import check_unpacked

MAX_COLUMNS = 200  # columns of one sheet read; XLSForms use a few dozen
MAX_CELL = 20_000  # characters of one cell


class XLSFormError(Exception):
    """The file cannot be converted: every problem that says why, each with its place."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.place}: {p.code} {p.message}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: its name as written and its rows (row 1 first), cells as text or None."""

    name: str
    rows: tuple[tuple[str | None, ...], ...]


def read_workbook(path: Path) -> dict[str, Sheet]:
    """The sheets of an XLSForm file by lower-case name; XLSFormError when it cannot be read."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        message = f"the file has more than {MAX_FILE_BYTES:,} bytes"
        raise XLSFormError([FileProblem("I102", "file", message)])
    suffix = path.suffix.lower()
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        sheets = _read_xls(data)
    elif suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        sheets = _read_xlsx(data)
    else:
        message = f"{path.name} is no .xlsx or .xls workbook (CSV and Markdown forms are not read)"
        raise XLSFormError([FileProblem("I101", "file", message)])
    out: dict[str, Sheet] = {}
    for sheet in sheets:
        out.setdefault(sheet.name.strip().lower(), sheet)
    return out


def _text(value: Any) -> str | None:
    """A cell's value as text: None when empty; 3.0 as "3"; dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text[: MAX_CELL + 1] if text else None


def _bounded(name: str, rows: Any) -> Sheet:
    out = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            message = f"the sheet has more than {MAX_ROWS:,} rows"
            raise XLSFormError([FileProblem("I102", f"sheet {name}", message)])
        out.append(tuple(_text(value) for value in row[:MAX_COLUMNS]))
    while out and all(cell is None for cell in out[-1]):
        out.pop()
    return Sheet(name, tuple(out))


def _read_xlsx(data: bytes) -> list[Sheet]:
    try:
        check_unpacked(io.BytesIO(data), not_ours="I101", too_large="I102", markup="I101")
    except TranslationFileError as error:
        raise XLSFormError(list(error.problems)) from None
    try:
        with warnings.catch_warnings():  # openpyxl warns of extensions it drops (validations)
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        message = f"the file is no readable XLSX workbook ({type(error).__name__})"
        raise XLSFormError([FileProblem("I101", "file", message)]) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return [
                _bounded(ws.title, ws.iter_rows(max_col=MAX_COLUMNS, values_only=True))
                for ws in book.worksheets
            ]
    except XLSFormError:
        raise
    except Exception as error:  # a damaged part: never a traceback
        message = f"the workbook is damaged ({type(error).__name__}: {error})"
        raise XLSFormError([FileProblem("I101", "file", message)]) from None
    finally:
        book.close()


def _read_xls(data: bytes) -> list[Sheet]:
    import xlrd  # only for old Excel files

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as error:  # xlrd raises many kinds on a damaged file
        message = f"the file is no readable XLS workbook ({type(error).__name__})"
        raise XLSFormError([FileProblem("I101", "file", message)]) from None
    try:
        sheets = []
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            if ws.nrows > MAX_ROWS:
                message = f"the sheet has more than {MAX_ROWS:,} rows"
                raise XLSFormError([FileProblem("I102", f"sheet {ws.name}", message)])
            rows = (ws.row_values(r, 0, min(ws.ncols, MAX_COLUMNS)) for r in range(ws.nrows))
            sheets.append(_bounded(ws.name, ([v if v != "" else None for v in r] for r in rows)))
        return sheets
    finally:
        book.release_resources()
