"""`assess score`: score a table of answers (one row per respondent) against a definition."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NoReturn

import click

from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.problems import DefinitionError
from assess.scoring.assessment import score_assessment
from assess.scoring.table import TableError, decode, read_answers, write_scores


@click.command()
@click.argument("definition", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the scores to this CSV file (default: print them).",
)
def score(definition: Path, answers: Path, output: Path | None) -> None:
    """Score ANSWERS.csv (a respondent column, one column per question id) with DEFINITION.

    Cells: empty or x for not answered, na for not applicable, else the answer. Writes
    respondent, one column per node, then rank:NODE and band:NODE columns where the
    definition asks for them. On any error, lists them all, writes nothing and exits 1.
    """
    try:
        questionnaire = load_questionnaire(definition)
    except DefinitionError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        warnings = len(error.problems) - len(error.errors)
        click.echo(f"{len(error.errors)} error(s), {warnings} warning(s)", err=True)
        raise SystemExit(1) from None
    text = decode(answers.read_bytes())
    if isinstance(text, TableError):
        _fail(str(answers), [text])
    table, errors = read_answers(questionnaire, text)
    if errors:
        _fail(str(answers), errors)
    results = {who: score_assessment(questionnaire, given) for who, given in table.items()}
    scores = write_scores(questionnaire, results)
    if output is None:
        click.echo(scores, nl=False)
    else:
        _write_whole(output, scores)
        click.echo(f"{len(results)} respondent(s) scored: {output}", err=True)


def _fail(file: str, errors: list[TableError]) -> NoReturn:
    for error in errors:
        click.echo(error.format(file), err=True)
    click.echo(f"{len(errors)} error(s); nothing written", err=True)
    raise SystemExit(1)


def _write_whole(output: Path, text: str) -> None:
    """Write to a temporary file beside `output`, then rename it: never a half-written file."""
    folder = output.resolve().parent
    if not folder.is_dir():
        click.echo(f"{output}: no such directory {folder}", err=True)
        raise SystemExit(1)
    fd, temp = tempfile.mkstemp(prefix=".assess-score-", suffix=".csv", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temp, output)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        click.echo(f"{output}: {error.strerror}; nothing written", err=True)
        raise SystemExit(1) from None
