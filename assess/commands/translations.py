"""`assess translations export|import`: a questionnaire's texts for translators, and back."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from assess.commands import settings_checked
from assess.config import questionnaires_dir
from assess.questionnaire.loader import check_data, display_name
from assess.questionnaire.problems import CATALOGUE, DefinitionError, Problem
from assess.questionnaire.translation_files import (
    FileProblem,
    Submission,
    TranslationFileError,
    check_rows,
    language_problem,
    meta_problems,
    metadata,
)
from assess.questionnaire.translation_xliff import read_xliff, write_xliff
from assess.questionnaire.translation_xlsx import read_xlsx, write_xlsx
from assess.questionnaire.translations import (
    TranslationError,
    coverage_of,
    read_definition,
    translated_text,
)
from assess.words.catalogue import text_direction

XLIFF_SUFFIXES = (".xlf", ".xliff", ".xml")


@click.group()
def translations() -> None:
    """Texts of a questionnaire for translators: export them, import their work."""


def definition_path(questionnaire: str, version: str) -> tuple[Path, Path]:
    """The published definition file of a questionnaire version, and the questionnaires root."""
    root = questionnaires_dir(settings_checked())
    return root / questionnaire / f"{version}.yaml", root


@translations.command("export")
@click.argument("questionnaire")
@click.argument("version")
@click.option("--lang", required=True, help="The language translators write (ar, ru, pt...).")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["xlsx", "xliff"]),
    default="xlsx",
    show_default=True,
    help="A spreadsheet, or XLIFF 1.2 for CAT tools.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: ID-VERSION-LANG.xlsx or .xlf).",
)
def export(
    questionnaire: str, version: str, lang: str, file_format: str, output: Path | None
) -> None:
    """Write the texts of QUESTIONNAIRE VERSION with their context, the source and the current
    translation in LANG, for translators to fill (default file: ID-VERSION-LANG.xlsx)."""
    path, root = definition_path(questionnaire, version)
    data = _definition_bytes(path)
    model, problems = check_data(data, path, root=root)
    if model is None:
        for problem in problems:
            click.echo(problem.format(), err=True)
        raise click.ClickException(f"{display_name(path)} has errors: fix them before export")
    definition = read_definition(data, display_name(path))
    refused = language_problem(lang, definition.default_language, "--lang")
    if refused is not None:
        raise click.BadParameter(refused.message, param_hint="--lang")
    meta = metadata(definition, questionnaire, version, lang)
    suffix = ".xlsx" if file_format == "xlsx" else ".xlf"
    output = output or Path(f"{questionnaire}-{version}-{lang}{suffix}")
    try:
        if file_format == "xlsx":
            write_xlsx(output, definition.entries, meta, rtl=text_direction(lang) == "rtl")
        else:
            write_xliff(output, definition.entries, meta)
    except OSError as error:
        raise click.ClickException(f"{output}: {error.strerror or error}") from None
    except ValueError as error:  # a text a spreadsheet or XML cannot hold
        raise click.ClickException(f"{display_name(path)}: {error}") from None
    done, total = coverage_of(definition.entries, (lang,))[lang]
    click.echo(f"{output}: {total} texts, {done} translated in {lang}")


def _definition_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{path}: {error.strerror or error}") from None


@translations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change.")
def import_(file: Path, dry_run: bool) -> None:
    """Read a translation FILE back (XLSX or XLIFF), check every row and write the translations
    into the questionnaire it was exported from. A file with any problem is refused whole:
    every problem is listed with its place, and nothing is written."""
    name = display_name(file)
    try:
        submission = read_xliff(file) if file.suffix.lower() in XLIFF_SUFFIXES else read_xlsx(file)
    except TranslationFileError as error:
        refuse(name, list(error.problems))
    meta = submission.meta
    refused = meta_problems(submission)
    if refused:
        refuse(name, refused)
    path, root = definition_path(meta["questionnaire"], meta["version"])
    if not path.is_file():
        message = f"no questionnaire {meta['questionnaire']} {meta['version']} at {path}"
        refuse(name, [FileProblem("T202", submission.meta_place, message)])
    write(name, submission, path, root, dry_run)


def write(name: str, submission: Submission, path: Path, root: Path, dry_run: bool) -> None:
    """Checks the rows, then writes the definition (atomically) only when nothing is wrong."""
    data = _definition_bytes(path)
    try:
        definition = read_definition(data, display_name(path))
    except DefinitionError as error:
        broken(name, error.problems, f"{display_name(path)} cannot be read")
    lang = submission.language
    refused = language_problem(lang, definition.default_language, submission.meta_place)
    if refused is not None:
        refuse(name, [refused])
    outcome = check_rows(submission, definition)
    if outcome.problems:
        refuse(name, outcome.problems)
    try:
        text = translated_text(data, display_name(path), lang, outcome.texts)
    except TranslationError as error:
        broken(name, (), f"the translations cannot be written: {error}")
    model, problems = check_data(text.encode("utf-8"), path, root=root)
    if model is None:
        broken(name, problems, f"with these translations {display_name(path)} would not load")
    changed = len(outcome.texts) - outcome.unchanged
    kept = f", {outcome.kept} blank keep their translation" if outcome.kept else ""
    click.echo(
        f"{name}: {_count(changed, 'text')} changed, {outcome.unchanged} unchanged, "
        f"{_count(outcome.blank, 'row')} blank (left untranslated){kept}"
    )
    if dry_run:
        click.echo(f"dry run: {display_name(path)} not written")
    elif changed:
        _replace(path, text)
        click.echo(f"{display_name(path)} written")
    after = read_definition(text.encode("utf-8"), display_name(path))
    languages = (*after.languages, *after.partial_languages)
    for code, (done, total) in coverage_of(after.entries, languages).items():
        click.echo(f"{code}: {done} of {total} texts translated")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def broken(name: str, problems: Sequence[Problem], message: str) -> NoReturn:
    """Refuses a file that is fine but cannot go into the definition: the definition's own
    problems first, then why (T214)."""
    for problem in problems:
        click.echo(problem.format())
    refuse(name, [FileProblem("T214", "file", message)])


def refuse(name: str, problems: list[FileProblem]) -> NoReturn:
    """Lists every problem with its place and stops: exit status 1, nothing written."""
    for problem in problems:
        click.echo(problem.format(name))
    for code in dict.fromkeys(problem.code for problem in problems):
        _, title, fix = CATALOGUE[code]
        click.echo(f"{code} {title}: {fix}")
    click.echo(f"{name}: refused, {len(problems)} problem(s); nothing was written", err=True)
    raise SystemExit(1)


def _replace(path: Path, text: str) -> None:
    """Writes `text` to `path` through a file beside it: a reader never sees half a file."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
