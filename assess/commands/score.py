"""`assess score`: score a table of answers (one row per respondent) against a definition.

Rows are read, scored and written one at a time to a temporary file; of past rows only the
respondent, the ranked nodes' scores and the values to compare are kept. Once every row is read,
a second pass adds the rank columns into a file renamed into place at the end (or copied to
stdout): on an error nothing is written.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, NoReturn

import click

from assess.questionnaire.columns import RANK, read_column_map
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import DefinitionError, Problem
from assess.scoring.assessment import score_assessment
from assess.scoring.rollup import rank
from assess.scoring.table import (
    DELIMITERS,
    ENCODINGS,
    RESPONDENT,
    Columns,
    Row,
    ScoreTable,
    TableError,
    TableReader,
)
from assess.scoring.table_compare import compare
from assess.words.numbers import csv_decimal

DELIMITER_NAMES = {name: char for char, name in DELIMITERS.items()}


@click.command()
@click.argument("definition", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the scores to this CSV file (default: print them).",
)
@click.option(
    "--id",
    "id_column",
    default=RESPONDENT,
    show_default=True,
    metavar="COLUMN",
    help="The column naming each row's respondent.",
)
@click.option(
    "--keep", multiple=True, metavar="COLUMN", help="A column carried to the output (repeatable)."
)
@click.option(
    "--map",
    "map_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping 'column name: node id' (or rank:NODE); default: the definition's "
    "columns: section, else columns named by node id.",
)
@click.option(
    "--encoding",
    type=click.Choice(list(ENCODINGS), case_sensitive=False),
    default="utf-8",
    show_default=True,
    help="The tables' encoding (UTF-8 with or without BOM by default).",
)
@click.option(
    "--delimiter",
    type=click.Choice(list(DELIMITER_NAMES)),
    help="Force the delimiter (default: read off the header line).",
)
@click.option("--strict", is_flag=True, help="A column read by nothing is an error.")
@click.option("--skip-bad-rows", is_flag=True, help="Score the good rows, list the bad ones.")
@click.option(
    "--compare",
    "compare_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A published table, read like ANSWERS: per node, the rows within --tolerance "
    "(printed on stderr).",
)
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.05, show_default=True)
def score(
    definition: Path,
    answers: Path,
    output: Path | None,
    id_column: str,
    keep: tuple[str, ...],
    map_file: Path | None,
    encoding: str,
    delimiter: str | None,
    strict: bool,
    skip_bad_rows: bool,
    compare_file: Path | None,
    tolerance: float,
) -> None:
    """Score ANSWERS.csv (a respondent column, a column per question) with DEFINITION.

    Cells: empty or x for not answered, na for not applicable, else the answer. Writes the
    respondent and kept columns, a score per node, completeness:NODE and missing:NODE per
    group, band:NODE and rank:NODE where the definition asks for them. On any error, lists
    them all, writes nothing and exits 1 (--skip-bad-rows: scores the rest, exits 0).
    """
    questionnaire = _load(definition)
    mapping = _mapping(map_file, questionnaire)
    columns = Columns(id_column, tuple(keep), mapping, strict)
    reading = {"encoding": encoding.lower(), "delimiter": DELIMITER_NAMES.get(delimiter or "")}
    compared = _published_targets(questionnaire, compare_file, columns, reading)
    run = Run(questionnaire, columns, compared)
    folder = _folder(output)
    with (
        TableReader(questionnaire, answers, columns, **reading) as reader,
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=folder) as first,
    ):
        header = reader.header
        if reader.fatal or header.errors:
            _fail(str(answers), [*reader.fatal, *header.errors])
        _note_ignored(str(answers), header.notes, header.ignored)
        errors = run.first_pass(reader, first)
        if reader.fatal or (errors and not skip_bad_rows):
            _fail(str(answers), [*errors, *reader.fatal])
        for error in errors:
            click.echo(error.format(str(answers)), err=True)
        first.seek(0)
        _write(output, folder, lambda stream: run.second_pass(first, stream))
    click.echo(f"read {answers} as {reader.layout.describe()}, {reader.count} row(s)", err=True)
    if run.bad:
        click.echo(f"{run.bad} bad row(s) skipped", err=True)
    if output is not None:
        click.echo(f"{len(run.whos)} respondent(s) scored: {output}", err=True)
    if compare_file is not None:
        _print_comparison(questionnaire, compare_file, columns, reading, run, tolerance)


class Run:
    """One scoring of a table: what is kept of past rows, and the two passes."""

    def __init__(self, questionnaire: Questionnaire, columns: Columns, compared: list[str]) -> None:
        self.questionnaire = questionnaire
        self.table = ScoreTable.of(questionnaire, columns)
        extra = [t.removeprefix(RANK) for t in compared if t.startswith(RANK)]
        # Ranked nodes first (their columns), then nodes ranked only to be compared.
        self.ranked = [*self.table.ranked, *(n for n in extra if n not in self.table.ranked)]
        self.compared = [t for t in compared if not t.startswith(RANK)]
        self.whos: list[str] = []
        self.scores: dict[str, list[float | None]] = {n: [] for n in self.ranked}
        self.values: list[tuple[float | None, ...]] = []
        self.ranks: dict[str, dict[int, int | None]] = {}
        self.bad = 0

    def first_pass(self, reader: TableReader, stream: IO[str]) -> list[TableError]:
        """Reads, scores and writes each row (without ranks); returns every row's errors."""
        writer = csv.writer(stream, lineterminator="\n")
        errors: list[TableError] = []
        for row in reader.rows():
            if row.errors:
                errors.extend(row.errors)
                self.bad += 1
                continue
            result = score_assessment(self.questionnaire, row.answers)
            writer.writerow(self.table.cells(row.who, row.kept, result))
            self.whos.append(row.who)
            for node, scores in self.scores.items():
                scores.append(result[node].score)
            if self.compared:
                self.values.append(tuple(result[t].score for t in self.compared))
        self.ranks = {n: rank(dict(enumerate(s))) for n, s in self.scores.items()}
        return errors

    def second_pass(self, first: IO[str], stream: IO[str]) -> None:
        """The header, then each row of the first pass with its ranks."""
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(self.table.header())
        for index, row in enumerate(csv.reader(first)):
            ranks = [self.ranks[n][index] for n in self.table.ranked]
            writer.writerow([*row, *("" if r is None else str(r) for r in ranks)])

    def ours(self) -> dict[str, dict[str, float | None]]:
        """Respondent -> compared node or rank:NODE -> our value."""
        out = {}
        for index, who in enumerate(self.whos):
            values = self.values[index] if self.values else ()
            row: dict[str, float | None] = dict(zip(self.compared, values, strict=True))
            for node in self.ranked:
                value = self.ranks[node][index]
                row[RANK + node] = None if value is None else float(value)
            out[who] = row
        return out


def _load(definition: Path) -> Questionnaire:
    try:
        return load_questionnaire(definition)
    except DefinitionError as error:
        _problems(error.problems)


def _mapping(map_file: Path | None, questionnaire: Questionnaire) -> Mapping[str, str] | None:
    if map_file is not None:
        try:
            return read_column_map(map_file, questionnaire)
        except DefinitionError as error:
            _problems(error.problems)
    return questionnaire.columns or None


def _problems(problems: tuple[Problem, ...]) -> NoReturn:
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)
    raise SystemExit(1)


def _published_targets(
    questionnaire: Questionnaire, file: Path | None, columns: Columns, reading: dict
) -> list[str]:
    """The nodes and rank:NODE the published table holds (its header read, or its errors)."""
    if file is None:
        return []
    with TableReader(questionnaire, file, _published_columns(columns), **reading) as reader:
        if reader.fatal or reader.header.errors:
            _fail(str(file), [*reader.fatal, *reader.header.errors])
        return [target for _, target in reader.header.published]


def _published_columns(columns: Columns) -> Columns:
    """A published table is read by the same id and mapping; what it keeps does not matter."""
    return Columns(columns.id, (), columns.mapping, strict=False)


def _print_comparison(
    questionnaire: Questionnaire,
    file: Path,
    columns: Columns,
    reading: dict,
    run: Run,
    tolerance: float,
) -> None:
    published = _published_columns(columns)
    with TableReader(questionnaire, file, published, answers=False, **reading) as reader:
        names = {t: reader.header.names[i] for i, t in reader.header.published}
        bad: list[TableError] = []
        rows = ((row, names) for row in _good_rows(reader, bad))
        decimal = csv_decimal(reader.layout.delimiter)
        nodes, only_ours, only_published, errors = compare(run.ours(), rows, tolerance, decimal)
    for error in [*bad, *errors, *reader.fatal]:
        click.echo(error.format(str(file)), err=True)
    both = len(run.whos) - only_ours
    click.echo(
        f"compared with {file} ({reader.layout.describe()}): {both} row(s) on both sides, "
        f"{only_ours} only scored here, {only_published} only published",
        err=True,
    )
    for node in nodes:
        click.echo(node.line(tolerance), err=True)


def _good_rows(reader: TableReader, bad: list[TableError]) -> Iterator[Row]:
    """The rows without problems; the problems of the others added to `bad`."""
    for row in reader.rows():
        if row.errors:
            bad.extend(row.errors)
        else:
            yield row


def _note_ignored(file: str, notes: list[str], ignored: list[str]) -> None:
    """Names the columns read by nothing, once."""
    for note in notes:
        click.echo(f"{file}:1: {note}", err=True)
    if ignored:
        names = ", ".join(name or "(unnamed)" for name in ignored)
        click.echo(f"{file}:1: {len(ignored)} column(s) ignored: {names}", err=True)


def _fail(file: str, errors: list[TableError]) -> NoReturn:
    for error in errors:
        click.echo(error.format(file), err=True)
    click.echo(f"{len(errors)} error(s); nothing written", err=True)
    raise SystemExit(1)


def _folder(output: Path | None) -> Path | None:
    """Where the temporary files go: beside the output (so the rename stays on one disk)."""
    if output is None:
        return None
    folder = output.resolve().parent
    if not folder.is_dir():
        click.echo(f"{output}: no such directory {folder}", err=True)
        raise SystemExit(1)
    return folder


def _write(output: Path | None, folder: Path | None, fill: Callable[[IO[str]], None]) -> None:
    """`fill(stream)` to stdout, or to a temporary file beside `output` renamed at the end:
    never a half-written file."""
    if output is None:
        fill(sys.stdout)
        sys.stdout.flush()
        return
    fd, temp = tempfile.mkstemp(prefix=".assess-score-", suffix=".csv", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            fill(stream)
        os.replace(temp, output)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        click.echo(f"{output}: {error.strerror}; nothing written", err=True)
        raise SystemExit(1) from None
