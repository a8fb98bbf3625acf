"""`assess diff ID OLD NEW`: what changed between two versions, and what their migration does."""

from __future__ import annotations

import json
from collections.abc import Iterable

import click

from assess.commands import settings_checked
from assess.config import questionnaires_dir
from assess.questionnaire.diff import FieldChange, VersionDiff, diff_versions, readable, shown
from assess.questionnaire.migration_check import what
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import DefinitionError
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.questionnaire.suggest import did_you_mean


@click.command()
@click.argument("questionnaire_id", metavar="ID")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Readable sections, or one JSON object.",
)
def diff(questionnaire_id: str, old: str, new: str, output: str) -> None:
    """Show what changed from version OLD to version NEW of questionnaire ID.

    Lists nodes added, removed, renamed, retyped and rescaled, every field changed (texts per
    language), and what the migration declared by NEW does with each question of OLD. Exits 2
    when an id or version is unknown or a version has errors (see `assess check`)."""
    registry = QuestionnaireRegistry(questionnaires_dir(settings_checked()))
    before = version(registry, questionnaire_id, old)
    after = version(registry, questionnaire_id, new)
    result = diff_versions(before, after)
    if output == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(text_lines(result, before, after)))


def version(registry: QuestionnaireRegistry, questionnaire_id: str, name: str) -> Questionnaire:
    """One version's model; a usage error naming what exists when it is absent or broken."""
    ids = registry.ids()
    if questionnaire_id not in ids:
        hint = did_you_mean(questionnaire_id, ids)
        known = ", ".join(ids) or "none"
        raise click.UsageError(f"no questionnaire '{questionnaire_id}' (known: {known}){hint}")
    versions = registry.versions(questionnaire_id)
    if name not in versions:
        known = ", ".join(versions)
        message = f"{questionnaire_id} has no version '{name}' (versions: {known})"
        raise click.UsageError(message + did_you_mean(name, versions))
    try:
        return registry.get(questionnaire_id, name)
    except DefinitionError as error:
        message = f"{questionnaire_id} {name} has errors; run: assess check "
        raise click.UsageError(message + str(registry.path(questionnaire_id, name))) from error


def text_lines(result: VersionDiff, before: Questionnaire, after: Questionnaire) -> list[str]:
    """The diff as readable sections, one item per line."""
    declared = f"migration declared in {result.new}" if result.declared else "no migration declared"
    lines = [f"{result.questionnaire} {result.old} -> {result.new} ({declared})"]
    lines += section("Added", [described(after, i) for i in result.added])
    lines += section("Removed", [described(before, i) for i in result.removed])
    lines += section("Renamed", [f"{a} -> {b}" for a, b in result.renamed])
    lines += section("Retyped", [f"{i}: {a} -> {b}" for i, a, b in result.retyped])
    lines += section("Rescaled", result.rescaled)
    lines += section("Changed", [change_line(c) for c in result.changes])
    lines += section("Questionnaire", result.questionnaire_changes)
    moved = [m for m in result.migration if m.fate != "kept"]
    kept = len(result.migration) - len(moved)
    lines += section("Migration", [fate_line(m.question, m.fate, m.targets) for m in moved])
    lines.append(f"  {kept} question(s) kept: answers carried as they are")
    return lines


def described(questionnaire: Questionnaire, node_id: str) -> str:
    """'id (a level question in parent)': what a node added or removed is, and where."""
    node = questionnaire.node(node_id)
    parent = f" in {node.path[-2]}" if len(node.path) > 1 else ""
    return f"{node_id} ({what(node)}{parent})"


def section(title: str, items: Iterable[str]) -> list[str]:
    rows = list(items)
    if not rows:
        return [f"{title}: none"]
    return [f"{title} ({len(rows)}):", *(f"  {row}" for row in rows)]


def change_line(change: FieldChange) -> str:
    where = f"{change.node} {change.field}" + (f" [{change.language}]" if change.language else "")
    before, after = (readable(shown(v)) for v in (change.before, change.after))
    if change.language:
        return f"{where}\n    - {before}\n    + {after}"
    return f"{where}: {before} -> {after}"


def fate_line(question: str, fate: str, targets: tuple[str, ...]) -> str:
    return f"{question}: {fate}" + (f" -> {', '.join(targets)}" if targets else "")
