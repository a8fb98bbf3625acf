"""SPSS, Stata and R syntax files that read an export's CSV and label it: a label for every
variable, and value labels for every column of codes.

Each reads the CSV as it was written for the reader's language (its delimiter and decimal
separator, assess.words.numbers.csv_format), from a file named as the export named it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from assess.exports.tables import NUMBER, Column
from assess.words.numbers import csv_format
from assess.words.texts import said

TEXT_WIDTH = 4000  # SPSS reads text columns this wide at most


def _spss_quoted(text: str) -> str:
    return '"' + text.replace('"', '""').replace("\n", " ") + '"'


def spss(columns: Sequence[Column], csv_name: str, lang: str) -> Iterator[str]:
    """An SPSS syntax file (.sps) reading and labelling the CSV."""
    form = csv_format(lang)
    yield "* Encoding: UTF-8.\n"
    yield f"SET DECIMAL={'COMMA' if form.decimal == ',' else 'DOT'}.\n"
    yield (
        f"GET DATA /TYPE=TXT /FILE={_spss_quoted(csv_name)} /ENCODING='UTF8'\n"
        f"  /ARRANGEMENT=DELIMITED /DELIMITERS={_spss_quoted(form.delimiter)} /QUALIFIER='\"'\n"
        "  /FIRSTCASE=2 /VARIABLES=\n"
    )
    for column in columns:
        kind = "F16.6" if column.kind == NUMBER else f"A{TEXT_WIDTH}"
        yield f"  {column.name} {kind}\n"
    yield ".\nVARIABLE LABELS\n"
    yield "\n".join(f"  {c.name} {_spss_quoted(said(c.label, lang))}" for c in columns) + ".\n"
    for column in columns:
        if column.codes:
            yield f"VALUE LABELS {column.name}\n"
            labels = (
                f"  {_spss_quoted(code)} {_spss_quoted(said(label, lang))}"
                for code, label in column.codes
            )
            yield "\n".join(labels) + ".\n"
    yield "EXECUTE.\n"


def _stata_quoted(text: str) -> str:
    # Compound double quotes: the label may hold any quote.
    return '`"' + text.replace("\n", " ") + "\"'"


def stata(columns: Sequence[Column], csv_name: str, lang: str) -> Iterator[str]:
    """A Stata do-file (.do) reading and labelling the CSV; a column of codes gets a labelled
    numeric twin, `<name>_code` (Stata labels numbers only)."""
    form = csv_format(lang)
    yield "* Encoding: UTF-8\n"
    yield (
        f'import delimited using "{csv_name}", delimiter("{form.delimiter}") '
        f"decimalseparator({form.decimal}) varnames(1) encoding(utf-8) "
        "stringcols(_all) clear\n"
    )
    for column in columns:
        if column.kind == NUMBER:
            yield f"destring {column.name}, replace\n"
        yield f"label variable {column.name} {_stata_quoted(said(column.label, lang))}\n"
    for column in columns:
        if not column.codes:
            continue
        pairs = " ".join(
            f"{n} {_stata_quoted(said(label, lang))}" for n, (_c, label) in _numbered(column)
        )
        yield f"label define {column.name}_l {pairs}\n"
        yield f"generate byte {column.name}_code = .\n"
        for n, (code, _label) in _numbered(column):
            yield f'replace {column.name}_code = {n} if {column.name} == "{code}"\n'
        yield f"label values {column.name}_code {column.name}_l\n"


def _numbered(column: Column):
    return enumerate(column.codes, 1)


def _r_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def r_script(columns: Sequence[Column], csv_name: str, lang: str) -> Iterator[str]:
    """An R script reading the CSV into `data`, each column's label in its "label" attribute
    (as the labelled and Hmisc packages read it), columns of codes as labelled factors."""
    form = csv_format(lang)
    classes = ", ".join(
        f"{c.name} = {_r_quoted('numeric' if c.kind == NUMBER else 'character')}" for c in columns
    )
    yield (
        f"data <- read.csv({_r_quoted(csv_name)}, sep = {_r_quoted(form.delimiter)}, "
        f'dec = {_r_quoted(form.decimal)}, fileEncoding = "UTF-8-BOM",\n'
        f'  na.strings = "", colClasses = c({classes}))\n'
    )
    for column in columns:
        if column.codes:
            codes = ", ".join(_r_quoted(code) for code, _label in column.codes)
            labels = ", ".join(_r_quoted(said(label, lang)) for _code, label in column.codes)
            yield (
                f"data${column.name} <- factor(data${column.name}, "
                f"levels = c({codes}), labels = c({labels}))\n"
            )
        yield f'attr(data${column.name}, "label") <- {_r_quoted(said(column.label, lang))}\n'


SYNTAX: dict[str, Callable[[Sequence[Column], str, str], Iterator[str]]] = {
    "sps": spss,
    "do": stata,
    "r": r_script,
}
