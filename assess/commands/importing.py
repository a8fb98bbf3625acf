"""`assess import xlsform`: a questionnaire definition from a form drafted in Excel."""

from __future__ import annotations

from pathlib import Path

import click

from assess.questionnaire.xlsform import convert
from assess.questionnaire.xlsform_read import XLSFormError, read_workbook


@click.group("import")
def importing() -> None:
    """Questionnaire definitions from other formats."""


@importing.command("xlsform")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the YAML here (default: print it).",
)
@click.option("--id", "questionnaire_id", help="The questionnaire id (default: the form's id).")
@click.option("--version", help="MAJOR.MINOR (default: the form's version if it is one, or 1.0).")
def xlsform(
    file: Path, output: Path | None, questionnaire_id: str | None, version: str | None
) -> None:
    """Convert an XLSForm (.xlsx, or .xls) into a questionnaire YAML that passes `assess check`.

    Prints what is not carried as FILE: PLACE: CODE message (warnings); exits 1, writing
    nothing, when the form cannot be converted, with every reason."""
    try:
        conversion = convert(
            read_workbook(file), name=file.name, questionnaire_id=questionnaire_id, version=version
        )
    except XLSFormError as error:
        for problem in error.problems:
            click.echo(problem.format(str(file)), err=True)
        errors = sum(1 for p in error.problems if p.severity == "error")
        click.echo(f"{errors} error(s): nothing written", err=True)
        raise SystemExit(1) from None
    for problem in conversion.notes:
        click.echo(problem.format(str(file)), err=True)
    if output is None:
        click.echo(conversion.text, nl=False)
    else:
        output.write_text(conversion.text, encoding="utf-8")
    click.echo(f"{len(conversion.notes)} construct(s) not carried, named above", err=True)
