"""Declared migrations: how answers given under an earlier version carry into this one.

The model is built once from the `migration:` section; `resolve` turns it, with both versions,
into one fate per earlier question, the single plan that checking, carrying and diffing read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from assess.questionnaire.build import items
from assess.questionnaire.expressions import option_ids
from assess.questionnaire.model import Position, Question, Questionnaire, frozen_map
from assess.questionnaire.structure import Checked

CarryKind = Literal["kept", "renamed", "mapped", "split", "merged"]
Fate = Literal["kept", "renamed", "mapped", "split", "merged", "dropped", "afresh", "unaccounted"]
MergeRule = Literal["first", "min", "max"]
MAPPABLE = ("level", "checklist", "yes_partial_no", "single_choice", "multiple_choice")
SET_TYPES = ("checklist", "multiple_choice")


@dataclass(frozen=True, slots=True)
class ValueMap:
    """Earlier value, as written ('3', 'yes') -> its value now; None: that value is not carried."""

    values: Mapping[str, Any]
    pos: Position | None
    places: Mapping[str, Position | None]  # where each earlier value is written
    path: str = "migration"  # where in the tree, for problems


@dataclass(frozen=True, slots=True)
class Carry:
    """How the answers of one or more earlier questions reach one question of this version."""

    kind: CarryKind
    sources: tuple[str, ...]
    target: str
    maps: Mapping[str, ValueMap]  # earlier id -> its value map; absent: the value as it is
    rule: MergeRule = "first"
    pos: Position | None = None  # where the rule is written
    source_pos: tuple[Position | None, ...] = ()
    target_pos: Position | None = None
    path: str = "migration"  # where in the tree, for problems


@dataclass(frozen=True, slots=True)
class Listed:
    """An earlier question named under `dropped` or `afresh`, and where."""

    id: str
    pos: Position | None
    path: str = "migration"


@dataclass(frozen=True, slots=True)
class Migration:
    """A version's declared migration from one earlier version."""

    from_version: str
    carries: tuple[Carry, ...]
    dropped: tuple[Listed, ...]
    afresh: tuple[Listed, ...]
    pos: Position | None  # where `from` is written


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens to each earlier question's answers (the declared rules and the implicit)."""

    fates: Mapping[str, Fate]  # earlier question id -> its fate, in the earlier file's order
    carries: tuple[Carry, ...]  # declared and implicit (kept), in the earlier file's order

    def carries_from(self, old_id: str) -> tuple[Carry, ...]:
        return tuple(c for c in self.carries if old_id in c.sources)


# ---------------------------------------------------------------- building from the file


def build_migration(top: Checked) -> Migration | None:
    """The migration declared in a checked file; None when the file declares none."""
    data = top.get("migration")
    if not isinstance(data, Checked) or not data.complete:
        return None
    carries = [*_renamed(data), *_mapped(data), *_split(data), *_merged(data)]
    return Migration(
        from_version=data["from"],
        carries=tuple(carries),
        dropped=tuple(Listed(*item[1:]) for item in items(data, "dropped")),
        afresh=tuple(Listed(*item[1:]) for item in items(data, "afresh")),
        pos=data.value_pos("from"),
    )


def _renamed(data: Checked) -> Iterator[Carry]:
    renamed = data.get("renamed")
    if not isinstance(renamed, Checked):
        return
    for old, new in renamed.items():
        at = renamed.key_pos(old)
        to_at, path = renamed.value_pos(old), renamed.sub(old)
        yield Carry("renamed", (old,), new, frozen_map(), "first", at, (at,), to_at, path)


def _mapped(data: Checked) -> Iterator[Carry]:
    for _, rule, at, path in items(data, "mapped"):
        maps = _one_map(rule["from"], rule)
        from_at, to_at = rule.value_pos("from"), rule.value_pos("to")
        yield Carry(
            "mapped", (rule["from"],), rule["to"], maps, "first", at, (from_at,), to_at, path
        )


def _split(data: Checked) -> Iterator[Carry]:
    for _, rule, _, _ in items(data, "split"):
        from_at = rule.value_pos("from")
        for _, part, at, path in items(rule, "into"):
            maps = _one_map(rule["from"], part)
            to_at = part.value_pos("to")
            yield Carry(
                "split", (rule["from"],), part["to"], maps, "first", at, (from_at,), to_at, path
            )


def _merged(data: Checked) -> Iterator[Carry]:
    for _, rule, at, path in items(data, "merged"):
        sources = [(i, place) for _, i, place, _ in items(rule, "from")]
        values = rule.get("values")
        maps = {}
        if isinstance(values, Checked):
            for old_id, holder in values.items():
                found = _value_map(holder, values.value_pos(old_id))
                if found is not None:
                    maps[old_id] = found
        ids, places = tuple(i for i, _ in sources), tuple(p for _, p in sources)
        to_at = rule.value_pos("to")
        maps_ = frozen_map(maps)
        yield Carry("merged", ids, rule["to"], maps_, rule["rule"], at, places, to_at, path)


def _one_map(old_id: str, owner: Checked) -> Mapping[str, ValueMap]:
    """{old_id: its value map} from the owner's `values`, or {} when it has none."""
    found = _value_map(owner.get("values"), owner.value_pos("values"))
    return frozen_map({old_id: found} if found is not None else {})


def _value_map(holder: Any, at: Position | None) -> ValueMap | None:
    if not isinstance(holder, Checked):
        return None
    places = frozen_map({k: holder.key_pos(k) for k in holder})
    return ValueMap(frozen_map(holder), at, places, holder.path)


# ---------------------------------------------------------------- values of a question


def value_keys(question: Question) -> tuple[str, ...] | None:
    """Every value an answer can take, as a value map writes it; None when they are open."""
    if question.type == "level" and question.scale:
        whole = [lvl.value for lvl in question.scale.levels]
        if not question.scale.allow_half:
            return tuple(str(v) for v in whole)
        halves = [v + 0.5 for v in whole[:-1]]
        return tuple(value_key(v) for v in sorted(whole + halves))
    if question.type == "checklist":
        levels = sorted(question.attributes)
        return tuple(a.id for level in levels for a in question.attributes[level])
    if question.type in MAPPABLE:
        return option_ids(question)
    return None


def value_key(value: Any) -> str:
    """How a value map writes an earlier value: a level as '3' or '2.5', an option as its id."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value)


def fits(old: Question, new: Question) -> bool:
    """Whether every answer the earlier question accepts is a valid answer now, as it is."""
    if old.type != new.type:
        return False
    before, now = value_keys(old), value_keys(new)
    if before is not None and now is not None:
        return set(before) <= set(now)
    if old.type == "number" and old.number and new.number:
        low, high = new.number.min, new.number.max
        low_ok = low is None or (old.number.min is not None and old.number.min >= low)
        high_ok = high is None or (old.number.max is not None and old.number.max <= high)
        return low_ok and high_ok
    return True


# ---------------------------------------------------------------- the plan


def migration_between(old: Questionnaire, new: Questionnaire) -> Migration | None:
    """The declared migration from `old` to `new`; None when ids alone carry the answers."""
    if old.id != new.id:
        raise ValueError(f"answers of {old.id} cannot carry into {new.id}")
    if old.version == new.version or new.migration is None:
        return None
    if new.migration.from_version != old.version:
        message = f"{new.id} {new.version} declares a migration from "
        raise ValueError(message + f"{new.migration.from_version}, not from {old.version}")
    return new.migration


def resolve(migration: Migration | None, old: Questionnaire, new: Questionnaire) -> Plan:
    """Each earlier question's fate: the declared rules first, then kept by id when it fits."""
    declared = migration.carries if migration else ()
    listed: dict[str, Fate] = {}
    if migration:
        listed |= {d.id: "dropped" for d in migration.dropped}
        listed |= {a.id: "afresh" for a in migration.afresh}
    fates: dict[str, Fate] = {}
    carries: list[Carry] = []
    for question in old.questions():
        mine = [c for c in declared if question.id in c.sources]
        if question.id in listed:
            fates[question.id] = listed[question.id]
        elif mine:
            fates[question.id] = mine[0].kind
            carries.extend(c for c in mine if c not in carries)
        elif _kept(question, new):
            fates[question.id] = "kept"
            carries.append(Carry("kept", (question.id,), question.id, frozen_map()))
        else:
            fates[question.id] = "unaccounted"
    return Plan(frozen_map(fates), tuple(carries))


def _kept(question: Question, new: Questionnaire) -> bool:
    try:
        now = new.node(question.id)
    except KeyError:
        return False
    return isinstance(now, Question) and fits(question, now)
