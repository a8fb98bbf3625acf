"""Checks that need the file's place: id and version against the path, and earlier versions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from assess.questionnaire.migration import Migration
from assess.questionnaire.migration_check import check_from, check_migration, what
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.structure import Checked, Context

VERSION_FILE = re.compile(r"^(\d+)\.(\d+)\.yaml$")


def check_layout(top: Checked, path: Path, root: Path, ctx: Context) -> None:
    """The file must be root/<id>/<version>.yaml, with matching `id` and `version`."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = ()
    if len(parts) != 2:
        message = f"the file must be at <id>/<version>.yaml under {root}, not {path}"
        ctx.add("F103", message, top.pos, "")
        return
    folder, filename = parts
    if "id" in top and top["id"] != folder:
        message = f"id '{top['id']}' does not match the folder '{folder}'"
        ctx.add("F101", message, top.value_pos("id"), "id")
    if "version" in top and f"{top['version']}.yaml" != filename:
        message = f"version '{top['version']}' does not match the file name '{filename}'"
        ctx.add("F102", message, top.value_pos("version"), "version")


def version_key(version: str) -> tuple[int, int]:
    """Versions sort by number: 1.10 comes after 1.9."""
    major, minor = version.split(".")
    return int(major), int(minor)


def earlier_versions(path: Path) -> list[Path]:
    """The files beside `path` whose version comes before its own, oldest first."""
    own = VERSION_FILE.match(path.name)
    if own is None:
        return []
    mine = version_key(path.name[: -len(".yaml")])
    found = []
    for other in path.parent.glob("*.yaml"):
        if VERSION_FILE.match(other.name):
            key = version_key(other.name[: -len(".yaml")])
            if key < mine:
                found.append((key, other))
    return [p for _, p in sorted(found)]


Checker = Callable[..., tuple[Questionnaire | None, tuple]]


def check_history(q: Questionnaire, path: Path, ctx: Context, check_file: Checker) -> None:
    """An id an earlier version used may come back only for the same kind of thing, unless the
    migration maps that id onto itself; the migration is checked against its earlier version."""
    now = {node.id: node for node in q.walk()}
    reported: set[str] = remapped(q.migration)
    models: dict[str, Questionnaire | None] = {}
    for earlier in reversed(earlier_versions(path)):  # newest first: name the closest version
        old, _ = check_file(earlier, history=False)
        version = earlier.name[: -len(".yaml")]
        models[version] = old
        if old is None:
            message = f"earlier version {version} has errors; ids were not compared with it"
            ctx.add("H102", message, q.root.pos, "")
            continue
        for before in old.walk():
            node = now.get(before.id)
            if node is None or before.id in reported or what(before) == what(node):
                continue
            reported.add(before.id)
            message = f"id '{node.id}' was {what(before)} in version {version}; now it is "
            message += f"{what(node)}: give it a new id"
            ctx.add("H101", message, node.pos, "/".join(node.path))
    migration = q.migration
    if migration is not None and check_from(migration, reversed(models), ctx):
        old = models[migration.from_version]
        if old is not None:
            check_migration(migration, old, q, ctx)


def remapped(migration: Migration | None) -> set[str]:
    """Ids whose meaning the migration declares changed in place: mapped onto themselves, or
    answered afresh."""
    if migration is None:
        return set()
    same = {c.target for c in migration.carries if c.target in c.sources}
    return same | {a.id for a in migration.afresh}
