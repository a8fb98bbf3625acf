"""How a table's columns name nodes: `column name: node id` (or `rank:NODE`), from the
definition's `columns:` section or a mapping file given to `assess score --map`.

A column mapped to a question holds its answers; one mapped to a group or the root holds a
published score, and `rank:NODE` a published rank: both only read to compare with.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assess.questionnaire import schema as sc
from assess.questionnaire.model import Position, Questionnaire, frozen_map
from assess.questionnaire.problems import DefinitionError
from assess.questionnaire.structure import INVALID, Checked, Context, Walker
from assess.questionnaire.suggest import did_you_mean
from assess.questionnaire.yamlsafe import load_yaml_file

RANK = "rank:"
SECTION = "columns"


def targets(questionnaire: Questionnaire) -> list[str]:
    """What a column may name: every node id (the root's too), and rank:NODE."""
    ids = [questionnaire.id, *(n.id for n in questionnaire.walk())]
    return [*ids, *(RANK + i for i in ids)]


def check_columns(questionnaire: Questionnaire, columns: Checked, ctx: Context) -> None:
    """Each column names a node of the tree, or rank: and a node (R104 where it does not)."""
    known = targets(questionnaire)
    allowed = set(known)
    for name, target in columns.items():
        if target not in allowed:
            message = f"column '{name}' names '{target}', which is not a node of the tree"
            message += " (nor rank: and a node)" + did_you_mean(target, known)
            ctx.add("R104", message, columns.value_pos(name), columns.sub(name))


def build_columns(top: Checked) -> Mapping[str, str]:
    """The `columns:` section that passed its checks (empty when there is none)."""
    section = top.get(SECTION)
    return frozen_map(dict(section) if isinstance(section, Checked) else {})


def read_column_map(path: Path, questionnaire: Questionnaire) -> Mapping[str, str]:
    """A mapping file (`column name: node id` per line, YAML); DefinitionError listing every
    problem, placed at file:line:column, when it is not one."""
    raw = load_yaml_file(path)
    ctx = Context(str(path))
    start = getattr(raw, "pos", None) or Position(str(path), 1, 1)
    spec = sc.MapOf(sc.STRING, sc.STRING)
    checked: Any = Walker(ctx).map(raw, spec, "the mapping", start, "")
    if checked is not INVALID:
        check_columns(questionnaire, checked, ctx)
    if ctx.problems:
        raise DefinitionError(ctx.problems)
    return frozen_map(dict(checked))
