"""Checks of a declared migration against the earlier version it names: every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assess.questionnaire.answers import AnswerError
from assess.questionnaire.answers import validate as validate_answer
from assess.questionnaire.migration import (
    SET_TYPES,
    Carry,
    Migration,
    ValueMap,
    fits,
    resolve,
    value_keys,
)
from assess.questionnaire.model import Group, Node, Position, Question, Questionnaire
from assess.questionnaire.structure import Context
from assess.questionnaire.suggest import did_you_mean, one_of

ORDERED_TYPES = ("level", "number")


def what(node: Node) -> str:
    """What a node is, for comparing versions: a group, or a question of an answer type."""
    return "a group" if isinstance(node, Group) else f"a {node.type} question"


def check_from(migration: Migration, earlier: Iterable[str], ctx: Context) -> bool:
    """The version the migration starts from is an earlier version beside the file."""
    versions = list(earlier)
    if migration.from_version in versions:
        return True
    known = f"earlier versions: {', '.join(versions)}" if versions else "there is none"
    message = f"migration from version {migration.from_version}, which is not an earlier "
    message += f"version beside this file ({known}){did_you_mean(migration.from_version, versions)}"
    ctx.add("M101", message, migration.pos, "migration.from")
    return False


def check_migration(
    migration: Migration, old: Questionnaire, new: Questionnaire, ctx: Context
) -> None:
    """Every rule names real questions, fits their types, and every earlier question is kept,
    renamed, mapped, split, merged, dropped or answered afresh, exactly once."""
    before = {q.id: q for q in old.questions()}
    now = {q.id: q for q in new.questions()}
    names = Names(before, now, old.version, ctx)
    for listed in migration.dropped:
        names.earlier(listed.id, listed.pos, listed.path)
    for listed in migration.afresh:
        if names.earlier(listed.id, listed.pos, listed.path):
            names.current(listed.id, listed.pos, listed.path)
    for carry in migration.carries:
        pairs = zip(carry.sources, carry.source_pos, strict=True)
        found = [names.earlier(source, at, carry.path) for source, at in pairs]
        if names.current(carry.target, carry.target_pos, carry.path) and all(found):
            check_values(carry, before, now[carry.target], ctx)
    check_twice(migration, ctx)
    plan = resolve(migration, old, new)
    check_targets_fed_once(plan.carries, migration, ctx)
    for old_id, fate in plan.fates.items():
        if fate == "unaccounted":
            unaccounted(before[old_id], now.get(old_id), migration, ctx)


class Names:
    """Looks ids up in the earlier and the current version, reporting unknown ones."""

    def __init__(
        self,
        before: Mapping[str, Question],
        now: Mapping[str, Question],
        version: str,
        ctx: Context,
    ) -> None:
        self.before, self.now, self.version, self.ctx = before, now, version, ctx

    def earlier(self, qid: str, at: Position | None, path: str) -> bool:
        if qid in self.before:
            return True
        message = (
            f"'{qid}' is not a question of version {self.version}{did_you_mean(qid, self.before)}"
        )
        self.ctx.add("M103", message, at, path)
        return False

    def current(self, qid: str, at: Position | None, path: str) -> bool:
        if qid in self.now:
            return True
        message = f"'{qid}' is not a question of this version{did_you_mean(qid, self.now)}"
        self.ctx.add("M104", message, at, path)
        return False


def check_values(
    carry: Carry, before: Mapping[str, Question], target: Question, ctx: Context
) -> None:
    """Each earlier question's answers fit the target as they are, or through a total map."""
    path = carry.path
    for stray in (i for i in carry.maps if i not in carry.sources):
        message = f"values are given for '{stray}', which is not among this rule's `from`"
        ctx.add("M103", message + did_you_mean(stray, carry.sources), carry.maps[stray].pos, path)
    for source_id, at in zip(carry.sources, carry.source_pos, strict=True):
        source = before[source_id]
        value_map = carry.maps.get(source_id)
        if value_map is not None:
            check_map(source, target, value_map, ctx)
        elif not fits(source, target):
            message = f"answers of '{source.id}' ({what(source)}) do not fit '{target.id}' "
            message += f"({what(target)}) as they are: give `values` mapping each earlier value"
            ctx.add("M108", message, at, path)
    if carry.rule != "first" and target.type not in ORDERED_TYPES:
        message = f"rule '{carry.rule}' needs a level or number question; '{target.id}' is "
        message += f"{what(target)}: use rule 'first'"
        ctx.add("M111", message, carry.pos, f"{path}.rule")


def check_map(source: Question, target: Question, value_map: ValueMap, ctx: Context) -> None:
    """The map covers every earlier value, names only real ones, and gives valid values now."""
    path = value_map.path
    keys = value_keys(source)
    if keys is None:
        message = f"values of '{source.id}' ({what(source)}) cannot be mapped; they are carried "
        message += "as they are: remove `values`, or list the question under `afresh`"
        ctx.add("M110", message, value_map.pos, path)
        return
    if (source.type in SET_TYPES) != (target.type in SET_TYPES):
        message = f"'{source.id}' ({what(source)}) cannot be mapped onto '{target.id}' "
        message += f"({what(target)}): a set of ids maps only onto checklist or multiple_choice"
        ctx.add("M107", message, value_map.pos, path)
        return
    for key, value in value_map.values.items():
        at = value_map.places.get(key, value_map.pos)
        if key not in keys:
            message = f"'{key}' is not a value of '{source.id}' (values: {', '.join(keys)})"
            ctx.add("M109", message + did_you_mean(key, keys), at, f"{path}.{key}")
        elif value is not None:
            check_target_value(source, target, (key, value), at, ctx, f"{path}.{key}")
    missing = [k for k in keys if k not in value_map.values]
    if missing:
        message = f"the values of '{source.id}' map {one_of(missing)} nowhere: give each a value "
        message += "of '" + target.id + "', or null when it is not carried"
        ctx.add("M106", message, value_map.pos, path)


def check_target_value(
    source: Question,
    target: Question,
    pair: tuple[str, object],
    at: Position | None,
    ctx: Context,
    path: str,
) -> None:
    """A mapped value is a valid answer of the target (one of its ids, for sets of ids)."""
    key, value = pair
    try:
        validate_answer(target, frozenset({value}) if source.type in SET_TYPES else value)
    except AnswerError as error:
        message = f"'{key}' of '{source.id}' maps to an invalid answer of {error.message}"
        ctx.add("M107", message, at, path)


def check_twice(migration: Migration, ctx: Context) -> None:
    """No earlier question is named by two rules (the parts of one split are one rule)."""
    claims: dict[str, set[object]] = {}
    named: list[tuple[str, object, Position | None, str]] = []
    for listed in (*migration.dropped, *migration.afresh):
        named.append((listed.id, listed.path, listed.pos, listed.path))
    for carry in migration.carries:
        for source, at in zip(carry.sources, carry.source_pos, strict=True):
            rule = (carry.kind, at) if carry.kind == "split" else id(carry)
            named.append((source, rule, at, carry.path))
    for source, rule, at, path in named:
        seen = claims.setdefault(source, set())
        if seen and rule not in seen:
            message = f"'{source}' is accounted for twice: keep one rule for it"
            ctx.add("M105", message, at, path)
        seen.add(rule)


def check_targets_fed_once(carries: Iterable[Carry], migration: Migration, ctx: Context) -> None:
    """No question of this version receives answers from two rules: merge them instead."""
    fed: dict[str, Carry] = {}
    for carry in carries:
        first = fed.setdefault(carry.target, carry)
        if first is not carry:
            sources = ", ".join(f"'{s}'" for s in (*first.sources, *carry.sources))
            message = f"'{carry.target}' receives the answers of {sources}: "
            message += "declare one `merged` rule for them"
            ctx.add("M105", message, carry.target_pos or migration.pos, carry.path)


def unaccounted(
    question: Question, same_id: Question | None, migration: Migration, ctx: Context
) -> None:
    if same_id is None:
        message = f"question '{question.id}' of version {migration.from_version} is not accounted "
        message += "for: rename, map, split, merge or drop it"
    else:
        message = f"question '{question.id}' was {what(question)} in version "
        message += f"{migration.from_version}; now it is {what(same_id)} with other values: "
        message += "map its values under `mapped`, or list it under `afresh`"
    ctx.add("M102", message, migration.pos, "migration")
