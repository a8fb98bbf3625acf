"""Rows written as CSV, JSON and XLSX, streamed: each writer yields its file piece by piece.

CSV: UTF-8 with a byte order mark (so Excel reads it as UTF-8), the delimiter and decimal
separator of the reader's locale (assess.words.numbers.csv_format), texts a spreadsheet would
run as a formula made inert (assess.words.cells). XLSX: a data sheet and a codebook sheet,
written by openpyxl's write-only mode into a temporary file, then read back in chunks.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from assess.exports.tables import Column
from assess.questionnaire.model import Question, Questionnaire
from assess.words.cells import inert, write_only_text
from assess.words.numbers import csv_format, csv_number
from assess.words.texts import refusal_text, said, shown

BOM = "\ufeff"
CHUNK = 64 * 1024
# Rows written before a CSV or JSON writer hands on what it has.
BATCH = 200
DATA, CODEBOOK = "Data", "Codebook"


@dataclass(frozen=True)
class Format:
    """A file format of an export: its media type, file extension, and the software it is for
    (a name, never translated)."""

    mimetype: str
    extension: str
    software: str = ""


FORMATS = {
    "csv": Format("text/csv; charset=utf-8", "csv"),
    "xlsx": Format(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
    ),
    "json": Format("application/json", "json"),
    "sps": Format("text/plain; charset=utf-8", "sps", "SPSS"),
    "do": Format("text/plain; charset=utf-8", "do", "Stata"),
    "r": Format("text/plain; charset=utf-8", "R", "R"),
}


def _csv_field(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return csv_number(value, lang)
    return inert(str(value))


def csv_stream(
    columns: Sequence[Column], rows: Iterable[dict[str, Any]], lang: str
) -> Iterator[str]:
    """The CSV file, a batch of lines at a time: a header of column names, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_format(lang).delimiter, lineterminator="\r\n")
    names = [c.name for c in columns]
    writer.writerow(names)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, 1):
        writer.writerow([_csv_field(row.get(name), lang) for name in names])
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def json_stream(
    table: str, columns: Sequence[Column], rows: Iterable[dict[str, Any]], lang: str
) -> Iterator[str]:
    """The JSON document, a batch of rows at a time: the table, its columns and their labels,
    then the rows as objects."""
    head = {
        "table": table,
        "language": lang,
        "columns": [
            {"name": c.name, "label": said(c.label, lang), "type": c.kind} for c in columns
        ],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    names = [c.name for c in columns]
    batch: list[str] = []
    first = True
    for row in rows:
        item = json.dumps({n: _json_value(row.get(n)) for n in names}, ensure_ascii=False)
        batch.append(item if first else "," + item)
        first = False
        if len(batch) == BATCH:
            yield "\n".join(batch)
            batch = []
    yield "\n".join(batch) + "]}"


def _sheet_value(sheet: Any, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return write_only_text(sheet, str(value))


def xlsx_stream(
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    codebook: Iterable[Sequence[str]],
) -> Iterator[bytes]:
    """The XLSX workbook: its data sheet written row by row into a temporary file (openpyxl's
    write-only mode holds no sheet in memory), then the file read back in chunks."""
    book = Workbook(write_only=True)
    data = book.create_sheet(DATA)
    names = [c.name for c in columns]
    data.append([write_only_text(data, n) for n in names])
    for row in rows:
        data.append([_sheet_value(data, row.get(n)) for n in names])
    book_sheet = book.create_sheet(CODEBOOK)
    for line in codebook:
        book_sheet.append([_sheet_value(book_sheet, cell) for cell in line])
    with tempfile.TemporaryFile() as file:
        book.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK):
            yield chunk


CODEBOOK_HEAD = (
    refusal_text("Column or question"),
    refusal_text("Label or question text"),
    refusal_text("Type"),
    refusal_text("Codes, options and their scores"),
)


def codebook_rows(
    columns: Sequence[Column], versions: Sequence[Questionnaire], lang: str
) -> Iterator[tuple[str, str, str, str]]:
    """The codebook: every column with its label, type and codes, then every question of the
    questionnaire versions exported with its text, type, and options with their scores."""
    yield tuple(said(text, lang) for text in CODEBOOK_HEAD)
    for column in columns:
        codes = "; ".join(f"{code} = {said(label, lang)}" for code, label in column.codes)
        yield (column.name, said(column.label, lang), column.kind, codes)
    for questionnaire in versions:
        for question in questionnaire.questions():
            name = f"{questionnaire.id} {questionnaire.version} {question.id}"
            text = _shown(question.text, lang)
            yield (name, text, question.type, options_words(question, lang))


def options_words(question: Question, lang: str) -> str:
    """A question's options (or levels, or checklist items) with their scores, as one text:
    'yes = Yes (1); no = No (0)'."""
    parts = []
    if question.scale is not None and question.scale.kind == "level":
        for level in question.scale.levels:
            parts.append(f"{level.value} = {_shown(level.label, lang)} ({level.score:g})")
    options = question.options or (question.scale.options if question.scale else ())
    for option in options:
        score = "" if option.score is None else f" ({option.score:g})"
        parts.append(f"{option.id} = {_shown(option.label, lang)}{score}")
    for level in sorted(question.attributes):
        for item in question.attributes[level]:
            parts.append(f"{item.id} = {_shown(item.label, lang)} [{level}]")
    return "; ".join(parts)


def _shown(text: Any, lang: str) -> str:
    found = shown(text, lang)
    return found.text if found else ""
