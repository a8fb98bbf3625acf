"""`assess check`: every problem of questionnaire files; `assess schema`: the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assess.commands import settings_checked
from assess.config import questionnaires_dir
from assess.questionnaire.json_schema import schema_text
from assess.questionnaire.loader import check_paths


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="One problem per line, or a JSON list of objects.",
)
def check(paths: tuple[Path, ...], output: str) -> None:
    """Check questionnaire files (default: everything in ASSESS_QUESTIONNAIRES_DIR).

    Prints FILE:LINE:COLUMN: CODE message for every problem; exits 1 when there is an error.
    Each version is compared with the earlier versions in its own folder, wherever it lies.
    """
    root = questionnaires_dir(settings_checked())
    if not paths and not root.is_dir():
        raise click.UsageError(f"no PATH given and ASSESS_QUESTIONNAIRES_DIR {root} is no folder")
    targets = list(paths) or [root]
    problems = check_paths(targets, root=root)
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(problem.format())
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    raise SystemExit(1 if errors else 0)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema of the questionnaire format, for editors."""
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
