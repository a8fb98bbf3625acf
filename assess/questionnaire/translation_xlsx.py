"""A definition's texts as a spreadsheet for translators (XLSX), and the spreadsheet read back.

Sheet "Texts": key | context | source | reference (French) | current translation | translation
(the column translators fill, prefilled with the current translation). Sheet "About": what the
file is and short instructions. Every cell is written as text, never as a formula.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from assess.questionnaire.translation_files import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_TEXT,
    MAX_UNPACKED_BYTES,
    Cell,
    FileProblem,
    Row,
    Submission,
    TranslationFileError,
    language_label,
)
from assess.questionnaire.translations import TextEntry

TEXTS, ABOUT = "Texts", "About"
# Label in the About sheet -> metadata name.
META_LABELS = {
    "File": "file",
    "Format": "format",
    "Questionnaire": "questionnaire",
    "Version": "version",
    "Language": "language",
    "Source language": "source language",
    "Reference language": "reference language",
    "Source hash": "source hash",
    "Texts": "texts",
}
WIDTHS = (28, 34, 60, 60, 60, 60)
PROLOG_BYTES = 64 * 1024  # where an XML part would declare a DTD (before its root element)
# A text starting with one of these is what spreadsheets read as a formula (or DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FILL = PatternFill("solid", fgColor="FFF2CC")
INSTRUCTIONS = (
    "Fill the column 'Translation' (it starts with the current translation, if any).",
    "Change nothing else: keys, context and English must stay as they are.",
    "Keep placeholders such as {name}, %(name)s or %s exactly as in the English.",
    "A blank translation leaves the text untranslated.",
    "Type texts as text: a cell starting with = + - @ must not become a formula.",
    "Send the file back as it is (same name is fine): it is checked before anything is written.",
)


def text_cell(sheet: Any, row: int, column: int, value: str | None) -> Any:
    """Writes `value` as a text cell: a leading = + - @ never makes it a formula.

    The one place the project writes spreadsheet cells from texts people typed."""
    if value is not None and ILLEGAL_CHARACTERS_RE.search(value):
        raise ValueError(f"row {row}: the text holds a control character a sheet cannot hold")
    cell = sheet.cell(row=row, column=column, value=value)
    if value is not None:
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # also kept as text when someone edits the cell
    return cell


def headers(meta: Mapping[str, str]) -> list[str]:
    """The header row of the Texts sheet for a file's languages."""
    lang = language_label(meta["language"])
    out = ["Key", "Context", language_label(meta["source language"])]
    if meta.get("reference language"):
        out.append(language_label(meta["reference language"]) + " (reference)")
    return [*out, f"Current translation ({lang})", f"Translation ({lang})"]


def write_xlsx(
    path: Path, entries: Sequence[TextEntry], meta: Mapping[str, str], *, rtl: bool
) -> None:
    """Writes the texts of a definition for translators into `path`."""
    book = Workbook()
    sheet = book.active
    sheet.title = TEXTS
    names = headers(meta)
    for column, name in enumerate(names, start=1):
        text_cell(sheet, 1, column, name).font = Font(bold=True)
    lang, reference = meta["language"], meta.get("reference language")
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, entry in enumerate(entries, start=2):
        current = entry.texts.get(lang)
        values = [entry.key, entry.context, entry.source]
        if reference:
            values.append(entry.texts.get(reference, ""))
        values += [current, current]
        for column, value in enumerate(values, start=1):
            text_cell(sheet, row, column, value).alignment = wrap
        sheet.cell(row=row, column=len(values)).fill = _FILL
    for column, width in enumerate(WIDTHS[: len(names)], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = rtl
    about = book.create_sheet(ABOUT)
    for row, (label, name) in enumerate(META_LABELS.items(), start=1):
        text_cell(about, row, 1, label).font = Font(bold=True)
        text_cell(about, row, 2, meta.get(name, ""))
    start = len(META_LABELS) + 2
    text_cell(about, start, 1, "Instructions").font = Font(bold=True)
    for row, line in enumerate(INSTRUCTIONS, start=start + 1):
        text_cell(about, row, 1, line)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 40
    book.save(path)


def read_xlsx(path: Path) -> Submission:
    """The rows of a spreadsheet sent back; TranslationFileError when it cannot be one of ours."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        message = f"the file has more than {MAX_FILE_BYTES:,} bytes"
        raise TranslationFileError([FileProblem("T210", "file", message)])
    # Read from memory: openpyxl's read-only sheets leave their part open when a reading stops
    # early (a refused row), which must not keep the file open.
    check_unpacked(io.BytesIO(data))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        message = f"the file is no readable XLSX workbook ({type(error).__name__})"
        raise TranslationFileError([FileProblem("T201", "file", message)]) from None
    try:
        if TEXTS not in book.sheetnames or ABOUT not in book.sheetnames:
            message = f"the workbook has no sheets {TEXTS} and {ABOUT}: it is not an export"
            raise TranslationFileError([FileProblem("T201", "file", message)])
        meta = _read_about(book[ABOUT])
        return Submission(meta, f"sheet {ABOUT}", f"sheet {TEXTS}", _read_rows(book[TEXTS], meta))
    except TranslationFileError:
        raise
    except Exception as error:  # a damaged part: never a traceback
        message = f"the workbook is damaged ({type(error).__name__}: {error})"
        raise TranslationFileError([FileProblem("T201", "file", message)]) from None
    finally:
        book.close()


def check_unpacked(
    data: io.BytesIO, *, not_ours: str = "T201", too_large: str = "T210", markup: str = "T212"
) -> None:
    """Refuses workbooks whose parts unzip to more than MAX_UNPACKED_BYTES (zip bombs) or
    declare a DTD; the codes are those of the file's kind (translations by default)."""
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        message = "the file is no XLSX workbook (not a zip archive)"
        raise TranslationFileError([FileProblem(not_ours, "file", message)]) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES or len(infos) > 1_000:
        message = f"the workbook unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED_BYTES:,}"
        raise TranslationFileError([FileProblem(too_large, "file", message)])
    with zipfile.ZipFile(data) as archive:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    head = part.read(PROLOG_BYTES)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    message = f"the workbook's part {info.filename} declares a DTD or entities"
                    raise TranslationFileError([FileProblem(markup, "file", message)])


def _read_about(sheet: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=1, max_row=len(META_LABELS), max_col=2, values_only=True):
        if len(row) == 2 and row[0] in META_LABELS and isinstance(row[1], str | int | float):
            meta[META_LABELS[row[0]]] = str(row[1])
    return meta


def _value(cell: Any) -> Any:
    """A cell's text, None when empty, or Cell saying what else it holds."""
    value = getattr(cell, "value", None)
    if value is None:
        return None
    kind = getattr(cell, "data_type", "s")
    if kind == "f":
        return Cell("a formula", value)
    if isinstance(value, str) and kind in ("s", "inlineStr", "str"):
        return value
    if isinstance(value, bool):
        return Cell("a true/false value", value)
    if isinstance(value, int | float):
        return Cell(f"the number {value}", value)
    return Cell(f"a {type(value).__name__} value", value)


def _read_rows(sheet: Any, meta: Mapping[str, str]) -> list[Row]:
    if not {"language", "source language"} <= set(meta):
        raise TranslationFileError([FileProblem("T201", f"sheet {ABOUT}", "metadata missing")])
    names = headers(meta)
    width = len(names)
    rows = sheet.iter_rows(min_row=1, max_col=width)  # columns added on the right are notes
    first = [_value(cell) for cell in next(rows, ())]
    if first != names:
        message = f"the header row must be: {' | '.join(names)}"
        raise TranslationFileError([FileProblem("T201", f"sheet {TEXTS}, row 1", message)])
    out = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            message = f"the sheet has more than {MAX_ROWS:,} rows"
            raise TranslationFileError([FileProblem("T210", f"sheet {TEXTS}", message)])
        values = [_value(cell) for cell in cells]
        values += [None] * (width - len(values))
        if all(v is None for v in values):
            continue
        text = values[width - 1]
        if isinstance(text, str) and len(text) > MAX_TEXT * 4:
            text = text[: MAX_TEXT + 1]  # bounded: reported as too long, never kept whole
        out.append(Row(f"sheet {TEXTS}, row {number}", values[0], values[2], text))
    return out
