"""What changed between two versions of a questionnaire, and what the migration does with it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from assess.questionnaire.migration import Fate, Plan, resolve, value_keys
from assess.questionnaire.model import Group, LocalText, Node, Question, Questionnaire

# Model fields that are not compared: places in the file, parsed forms of compared sources,
# and what other fields already say (a group's children are compared node by node).
IGNORED = frozenset({"pos", "tree", "children", "id", "path"})
# Model field -> the name a change is reported under (the file's key where they differ).
FIELD_NAMES: Mapping[str, str] = {
    "policy": "scoring",
    "choice_combine": "combine",
    "when": "condition",
}
TEXT_FIELDS = ("title", "text", "help", "description")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one node that differs; texts are compared per language."""

    node: str  # the id in the new version
    field: str  # text, help, title, description, weight, target, condition, scoring, actions...
    language: str | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Fated:
    """What the migration does with one earlier question."""

    question: str
    fate: Fate
    targets: tuple[str, ...]


@dataclass(frozen=True)
class VersionDiff:
    """Every change from one version to another, node by node."""

    questionnaire: str
    old: str
    new: str
    added: tuple[str, ...]  # node ids new in this version (not carried from another)
    removed: tuple[str, ...]  # node ids of the earlier version gone from this one
    renamed: tuple[tuple[str, str], ...]  # (earlier id, id now)
    retyped: tuple[tuple[str, str, str], ...]  # (id now, earlier type, type now)
    rescaled: tuple[str, ...]  # same type, other values (levels or options)
    changes: tuple[FieldChange, ...]
    questionnaire_changes: tuple[str, ...]  # scales, bands, languages, risk... that differ
    migration: tuple[Fated, ...]
    declared: bool  # the new version declares a migration from the old one

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form: values as their canonical text."""
        return {
            "questionnaire": self.questionnaire,
            "old": self.old,
            "new": self.new,
            "added": list(self.added),
            "removed": list(self.removed),
            "renamed": [list(pair) for pair in self.renamed],
            "retyped": [list(row) for row in self.retyped],
            "rescaled": list(self.rescaled),
            "changes": [
                {
                    "node": c.node,
                    "field": c.field,
                    "language": c.language,
                    "before": shown(c.before),
                    "after": shown(c.after),
                }
                for c in self.changes
            ],
            "questionnaire_changes": list(self.questionnaire_changes),
            "migration_declared": self.declared,
            "migration": [
                {"question": f.question, "fate": f.fate, "targets": list(f.targets)}
                for f in self.migration
            ],
        }


def diff_versions(old: Questionnaire, new: Questionnaire) -> VersionDiff:
    """What changed from `old` to `new`: nodes added, removed, renamed, retyped, rescaled, every
    field changed, and the fate of each earlier question."""
    migration = new.migration if declared_from(old, new) else None
    plan = resolve(migration, old, new)
    before = {n.id: n for n in old.walk()}
    now = {n.id: n for n in new.walk()}
    renamed = tuple(renames(plan, before, now))
    earlier_id = {i: i for i in now if i in before} | {b: a for a, b in renamed}
    pairs = [(before[earlier_id[i]], node) for i, node in now.items() if i in earlier_id]
    carried_into = {c.target for c in plan.carries}
    return VersionDiff(
        questionnaire=new.id,
        old=old.version,
        new=new.version,
        added=tuple(i for i in now if i not in before and i not in carried_into),
        removed=tuple(i for i in before if i not in now and all(a != i for a, _ in renamed)),
        renamed=renamed,
        retyped=tuple(
            (b.id, a.type, b.type)
            for a, b in pairs
            if isinstance(a, Question) and isinstance(b, Question) and a.type != b.type
        ),
        rescaled=tuple(b.id for a, b in pairs if rescaled(a, b)),
        changes=tuple(c for a, b in pairs for c in node_changes(a, b)),
        questionnaire_changes=tuple(top_changes(old, new)),
        migration=tuple(
            Fated(qid, fate, tuple(c.target for c in plan.carries_from(qid)))
            for qid, fate in plan.fates.items()
        ),
        declared=migration is not None,
    )


def declared_from(old: Questionnaire, new: Questionnaire) -> bool:
    """Whether `new` declares its migration from `old` (a diff across several versions has none)."""
    return new.migration is not None and new.migration.from_version == old.version


def renames(
    plan: Plan, before: Mapping[str, Node], now: Mapping[str, Node]
) -> Iterator[tuple[str, str]]:
    """(earlier id, id now) of each question carried one to one under another id."""
    for carry in plan.carries:
        if carry.kind in ("renamed", "mapped") and carry.sources[0] != carry.target:
            source = carry.sources[0]
            if source in before and carry.target in now and source not in now:
                yield source, carry.target


def rescaled(a: Node, b: Node) -> bool:
    """Same answer type, but other values: levels or options added, removed or renumbered."""
    if not (isinstance(a, Question) and isinstance(b, Question)) or a.type != b.type:
        return False
    return value_keys(a) != value_keys(b)


def node_changes(a: Node, b: Node) -> Iterator[FieldChange]:
    """Every field of the node that differs (texts per language); `type` is reported as retyped."""
    for spec in fields(b):
        name = spec.name
        if name in IGNORED or name == "type" or not hasattr(a, name):
            continue
        old_value, new_value = getattr(a, name), getattr(b, name)
        if isinstance(old_value, LocalText) or isinstance(new_value, LocalText):
            yield from text_changes(b.id, name, old_value, new_value)
        elif name == "scale":  # a scale's own content is compared once, under `scales`
            ids = (getattr(old_value, "id", None), getattr(new_value, "id", None))
            if ids[0] != ids[1]:
                yield FieldChange(b.id, name, None, ids[0], ids[1])
        elif comparable(old_value) != comparable(new_value):
            yield FieldChange(b.id, FIELD_NAMES.get(name, name), None, old_value, new_value)
    if a.path[:-1] != b.path[:-1]:
        yield FieldChange(b.id, "place", None, "/".join(a.path), "/".join(b.path))
    if isinstance(a, Group) and isinstance(b, Group):  # added and removed children are listed
        kept = {c.id for c in a.children} & {c.id for c in b.children}
        order = [[c.id for c in g.children if c.id in kept] for g in (a, b)]
        if order[0] != order[1]:
            yield FieldChange(b.id, "order", None, order[0], order[1])


def text_changes(
    node: str, name: str, a: LocalText | None, b: LocalText | None
) -> Iterator[FieldChange]:
    old_values = dict(a.values) if a else {}
    new_values = dict(b.values) if b else {}
    for lang in dict.fromkeys([*old_values, *new_values]):
        if old_values.get(lang) != new_values.get(lang):
            yield FieldChange(node, name, lang, old_values.get(lang), new_values.get(lang))


def top_changes(old: Questionnaire, new: Questionnaire) -> Iterator[str]:
    """Questionnaire-wide parts that differ, named as in the file."""
    for name in ("title", "description", "default_language", "languages", "partial_languages"):
        if comparable(getattr(old, name)) != comparable(getattr(new, name)):
            yield name
    if comparable(old.framework) != comparable(new.framework):
        yield "scoring"
    for kind in ("scales", "bands"):
        mine, theirs = getattr(old, kind), getattr(new, kind)
        for key in dict.fromkeys([*mine, *theirs]):
            if comparable(mine.get(key)) != comparable(theirs.get(key)):
                yield f"{kind}.{key}"
    yield from risk_changes(old, new)


def risk_changes(old: Questionnaire, new: Questionnaire) -> Iterator[str]:
    if old.risk is None or new.risk is None:
        if (old.risk is None) != (new.risk is None):
            yield "risk"
        return
    for name in ("likelihood", "impact", "dimensions", "combine", "bands"):
        if comparable(getattr(old.risk, name)) != comparable(getattr(new.risk, name)):
            yield f"risk.{name}"
    mine = {s.id: s for s in old.risk.scenarios}
    theirs = {s.id: s for s in new.risk.scenarios}
    for key in dict.fromkeys([*mine, *theirs]):
        if comparable(mine.get(key)) != comparable(theirs.get(key)):
            yield f"risk.scenarios.{key}"


def comparable(value: Any) -> Any:
    """The value with places in the file left out, so only meaning is compared."""
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, comparable(getattr(value, f.name)))
            for f in fields(value)
            if f.name not in IGNORED
        )
    if isinstance(value, Mapping):  # key order means nothing in a mapping
        return tuple(
            sorted(((str(k), comparable(v)) for k, v in value.items()), key=lambda i: i[0])
        )
    if isinstance(value, tuple | list):
        return tuple(comparable(v) for v in value)
    return value


def shown(value: Any) -> Any:
    """A value as JSON data: texts as language -> text, conditions as their source, objects as
    their fields (places in the file left out)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, LocalText):
        return dict(value.values)
    source = getattr(value, "source", None)
    if isinstance(source, str):
        return source
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: shown(getattr(value, f.name)) for f in fields(value) if f.name not in IGNORED
        }
    if isinstance(value, Mapping):
        return {str(k): shown(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(shown(v) for v in value)
    if isinstance(value, tuple | list):
        return [shown(v) for v in value]
    return str(value)


def readable(value: object) -> str:
    """A value on one line: text as it is, numbers plainly, structures as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
