"""The writers alone: CSV, JSON and XLSX read back, written lazily, texts made inert."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assess.exports.export import file_name
from assess.exports.scope import Scope
from assess.exports.syntax import SYNTAX
from assess.exports.tables import NUMBER, Column
from assess.exports.writers import BATCH, csv_stream, json_stream, xlsx_stream
from assess.models import Region
from assess.words.texts import refusal_text

COLUMNS = (
    Column("name", refusal_text("Comment")),
    Column("value", refusal_text("Score"), NUMBER),
    Column(
        "state",
        refusal_text("State of the answer (blank: not answered)"),
        codes=(("na", refusal_text("Not applicable")), ("dont_know", refusal_text("Don't know"))),
    ),
)
ROWS = [
    {"name": '=HYPERLINK("http://x","y")', "value": Decimal("52.7"), "state": "na"},
    {"name": "+cmd|' /C calc'!A0", "value": 3, "state": "dont_know"},
    {"name": "@SUM(1)", "value": None, "state": ""},
    {"name": 'plain, with a comma; and "quotes"\nand a line', "value": -1.5, "state": "na"},
]


def read_csv(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize(
    ("lang", "delimiter", "numbers"),
    [("en", ",", ["52.7", "3", "", "-1.5"]), ("fr", ";", ["52,7", "3", "", "-1,5"])],
)
def test_csv_reads_back_in_the_readers_format(lang, delimiter, numbers) -> None:
    rows = read_csv("".join(csv_stream(COLUMNS, ROWS, lang)), delimiter)
    assert rows[0] == ["name", "value", "state"]
    assert [row[1] for row in rows[1:]] == numbers
    assert [row[0] for row in rows[1:]] == [
        "'" + ROWS[0]["name"],
        "'" + ROWS[1]["name"],
        "'@SUM(1)",
        ROWS[3]["name"],
    ]


def test_csv_is_written_as_the_rows_come(monkeypatch) -> None:
    taken: list[int] = []

    def endless() -> Iterator[dict]:
        for n in itertools.count():
            taken.append(n)
            yield {"name": f"row {n}", "value": n, "state": "na"}

    stream = csv_stream(COLUMNS, endless(), "en")
    next(stream)  # the header
    batch = next(stream)
    assert (len(taken), batch.count("\r\n")) == (BATCH, BATCH)


def test_json_reads_back_with_labels_and_numbers() -> None:
    found = json.loads("".join(json_stream("test", COLUMNS, ROWS, "fr")))
    assert found["columns"][0] == {"name": "name", "label": "Commentaire", "type": "text"}
    assert [row["value"] for row in found["rows"]] == [52.7, 3, None, -1.5]
    assert [row["name"] for row in found["rows"]] == [row["name"] for row in ROWS]


def test_json_of_no_rows_is_valid() -> None:
    assert json.loads("".join(json_stream("test", COLUMNS, [], "en")))["rows"] == []


def test_xlsx_keeps_hostile_texts_as_text_and_numbers_as_numbers() -> None:
    content = b"".join(xlsx_stream(COLUMNS, ROWS, [("a", "=1+1", "b", "")]))
    book = load_workbook(io.BytesIO(content))
    data = list(book["Data"].iter_rows())
    assert [cell.value for cell in data[0]] == ["name", "value", "state"]
    names = [row[0] for row in data[1:]]
    assert [c.value for c in names] == [row["name"] for row in ROWS]
    assert [(c.data_type, c.quotePrefix) for c in names[:3]] == [("s", True)] * 3
    assert [row[1].value for row in data[1:]] == [52.7, 3, None, -1.5]
    formula = book["Codebook"]["B1"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)


@pytest.mark.parametrize(
    ("fmt", "lang", "reads"),
    [
        ("sps", "en", 'DELIMITERS=","'),
        ("sps", "fr", "SET DECIMAL=COMMA."),
        ("do", "fr", 'delimiter(";") decimalseparator(,)'),
        ("r", "fr", 'sep = ";", dec = ","'),
        ("r", "en", 'sep = ",", dec = "."'),
    ],
)
def test_syntax_reads_the_csv_as_written_for_the_reader(fmt, lang, reads) -> None:
    assert reads in "".join(SYNTAX[fmt](COLUMNS, "data.csv", lang))


@pytest.mark.parametrize(
    ("fmt", "labels"),
    [
        ("sps", ['value "Score"', '"na" "Sans objet"', "value F16.6"]),
        (
            "do",
            ['label variable value `"Score"\'', 'replace state_code = 2 if state == "dont_know"'],
        ),
        ("r", ['levels = c("na", "dont_know"), labels = c("Sans objet", "Ne sait pas")']),
    ],
)
def test_syntax_labels_variables_and_values_in_the_readers_language(fmt, labels) -> None:
    text = "".join(SYNTAX[fmt](COLUMNS, "data.csv", "fr"))
    assert [label for label in labels if label not in text] == []


def test_a_file_name_holds_no_quote_nor_space_of_a_round_typed_in_words() -> None:
    region = Region(code="SEEE", name="South East")
    scope = Scope(region=region, round='Année "pilote" 2024')
    assert file_name(scope, "answers", "csv") == "answers-region-SEEE-Ann-e-pilote-2024.csv"
