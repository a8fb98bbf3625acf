"""Checks of meaning over a built questionnaire: ids, depth, targets, conditions, references."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from assess.questionnaire import expressions as ex
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.build import Builder, items
from assess.questionnaire.model import Group, Node, Position, Question, Questionnaire, Scale
from assess.questionnaire.ranges import Refusal, score_ranges
from assess.questionnaire.structure import Checked, Context, position
from assess.questionnaire.suggest import Names, did_you_mean

MIN_DEPTH, MAX_DEPTH = 2, 5


def validate(q: Questionnaire, ctx: Context, base: Builder, raw: Any) -> None:
    """Runs every check of meaning, reporting each problem to the context."""
    parents = parent_map(q.root)
    check_ids(q, ctx)
    check_depth(q, ctx)
    check_targets(q, ctx, base)
    check_actions(q, ctx, base, parents)
    check_conditions(q, ctx, base, parents)
    check_scenarios(q, ctx, base)
    check_ratios(q, ctx, base)
    check_unused_scales(base, ctx, raw)
    check_scoring(q, ctx, base, raw)


def parent_map(root: Group) -> dict[str, Group]:
    """Node id -> its parent group (the root for top-level nodes)."""
    out: dict[str, Group] = {}
    for node in root.walk():
        if isinstance(node, Group):
            for child in node.children:
                out.setdefault(child.id, node)
    return out


def ancestors(node: Node, parents: dict[str, Group]) -> Iterator[Group]:
    """The node's groups, from its parent up to (not including) the root."""
    parent = parents.get(node.id)
    while parent is not None and parent.path:
        yield parent
        parent = parents.get(parent.id)


def where(node: Node) -> str:
    return "/".join(node.path)


def check_ids(q: Questionnaire, ctx: Context) -> None:
    seen: dict[str, Node] = {}
    for node in q.walk():
        first = seen.get(node.id)
        if first is None:
            seen[node.id] = node
            continue
        line = f"line {first.pos.line}" if first.pos else "another place"
        message = f"id '{node.id}' is already used at {line} ({where(first)})"
        ctx.add("T101", message, node.pos, where(node))


def check_depth(q: Questionnaire, ctx: Context) -> None:
    for node in q.walk():
        if isinstance(node, Question) and node.depth < MIN_DEPTH:
            message = f"question '{node.id}' is at the top level: put it inside a group"
            ctx.add("T102", message, node.pos, where(node))
        elif node.depth > MAX_DEPTH:
            message = f"node '{node.id}' is {node.depth} levels deep; the tree allows {MAX_DEPTH}"
            ctx.add("T103", message, node.pos, where(node))


def level_range(node: Node) -> tuple[float, float] | None:
    """The lowest and highest level the node's level scales allow; None without levels."""
    nodes = node.walk() if isinstance(node, Group) else iter([node])
    scales = [
        n.scale for n in nodes if isinstance(n, Question) and n.type in reg.LEVEL_TYPES and n.scale
    ]
    if not scales:
        return None
    return min(s.min_level for s in scales), max(s.max_level for s in scales)


def check_targets(q: Questionnaire, ctx: Context, base: Builder) -> None:
    for node in q.walk():
        if node.target is None:
            continue
        span = level_range(node)
        at = base.place(node, "target", node.pos)
        if span is None:
            message = f"'{node.id}' has a target but no level or checklist question to reach it"
            ctx.add("V102", message, at, where(node) + ".target")
        elif not span[0] <= node.target <= span[1]:
            message = f"target {node.target:g} of '{node.id}' is outside its levels "
            message += f"{span[0]:g} to {span[1]:g}"
            ctx.add("V101", message, at, where(node) + ".target")


def check_actions(q: Questionnaire, ctx: Context, base: Builder, parents: dict[str, Group]) -> None:
    """Steps within the scale; a warning for each step below a target without a template."""
    for node in q.walk():
        span = level_range(node)
        for action in node.actions:
            if span is not None and not span[0] <= action.step < span[1]:
                message = f"action step {action.step} of '{node.id}' is outside its steps "
                message += f"{span[0]:g} to {span[1] - 1:g} (step n goes from level n to n + 1)"
                at = base.place(action, "step", node.pos)
                ctx.add("V108", message, at, where(node) + ".actions")
        if isinstance(node, Question) and node.type in reg.LEVEL_TYPES and node.scale:
            missing_templates(node, node.scale, ctx, parents)


def missing_templates(
    node: Question, scale: Scale, ctx: Context, parents: dict[str, Group]
) -> None:
    chain = [node, *ancestors(node, parents)]
    target = next((n.target for n in chain if n.target is not None), None)
    if target is None or not scale.min_level <= target <= scale.max_level:
        return  # no target, or one outside the scale (reported as such)
    steps = {a.step for n in chain for a in n.actions}
    for step in range(scale.min_level, math.ceil(target)):
        if step not in steps:
            message = f"no action template for step {step} (level {step} to {step + 1}) of "
            message += f"'{node.id}', on it or its groups"
            ctx.add("W102", message, node.pos, where(node))


def check_conditions(
    q: Questionnaire, ctx: Context, base: Builder, parents: dict[str, Group]
) -> None:
    """Type-checks each condition and refuses references to groups and circular conditions."""
    types = {}
    for question in q.questions():
        found = ex.ref_type_for(question)
        if found is not None:
            types[question.id] = found
    groups = {n.id for n in q.walk() if isinstance(n, Group)}
    names = Names(types)
    for node in q.walk():
        if node.when is None:
            continue
        bad = [ref for ref in node.when.refs if ref in groups]
        for ref in bad:
            offset = node.when.source.find("${" + ref)
            message = f"condition reads '{ref}', a group: conditions may read questions only"
            ctx.add("R105", message, base.inside(node.when.pos, max(offset, 0)), where(node))
        if bad:
            continue
        for error in ex.typecheck(node.when.tree, types, names):
            base.expr_problem(error, node.when.pos, where(node) + ".when")
    check_cycles(q, ctx, parents)


def check_cycles(q: Questionnaire, ctx: Context, parents: dict[str, Group]) -> None:
    """A node may not depend on itself through conditions (its own subtree included)."""
    nodes = {n.id: n for n in q.walk()}

    def depends_on(node_id: str) -> list[str]:
        node = nodes[node_id]
        out = [r for r in (node.when.refs if node.when else ()) if r in nodes]
        parent = parents.get(node_id)
        if parent is not None and parent.path:
            out.append(parent.id)
        return out

    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in nodes:
        if state.get(start) or nodes[start].when is None:
            continue
        cycle = find_cycle(start, depends_on, state)
        if cycle:
            report_cycle(cycle, nodes, ctx)


def find_cycle(
    start: str, depends_on: Callable[[str], list[str]], state: dict[str, int]
) -> list[str] | None:
    """Depth-first search without recursion (chains of conditions may be long)."""
    path = [start]
    pending = [iter(depends_on(start))]
    state[start] = 1
    while pending:
        for nxt in pending[-1]:
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                state.update(dict.fromkeys(path, 2))  # reported once, never again
                return cycle
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(depends_on(nxt)))
                break
        else:
            state[path.pop()] = 2
            pending.pop()
    return None


def report_cycle(cycle: list[str], nodes: dict[str, Node], ctx: Context) -> None:
    first = next(nodes[i] for i in cycle if nodes[i].when is not None)
    message = "condition depends on itself: " + " -> ".join(cycle)
    ctx.add("X101", message, first.when.pos if first.when else first.pos, where(first) + ".when")


def check_scenarios(q: Questionnaire, ctx: Context, base: Builder) -> None:
    """Each scenario's indicators are nodes of the tree."""
    if q.risk is None:
        return
    ids = [n.id for n in q.walk()]
    for scenario in q.risk.scenarios:
        data = base.sources[id(scenario)]
        for _, indicator, at, path in items(data, "indicators"):
            if indicator not in ids:
                hint = did_you_mean(indicator, ids)
                message = f"scenario '{scenario.id}' names indicator '{indicator}', "
                message += f"which is not a node of the tree{hint}"
                ctx.add("R104", message, at, path)


def check_ratios(q: Questionnaire, ctx: Context, base: Builder) -> None:
    """Each `per` names another number question of the tree."""
    numbers = [n.id for n in q.questions() if n.type == "number"]
    known, ids = set(numbers), {n.id for n in q.walk()}
    for question in q.questions():
        divisor = question.number.per if question.number else None
        if divisor is None:
            continue
        if divisor == question.id:
            problem = "itself: name another number question"
        elif divisor in known:
            continue
        elif divisor in ids:
            problem = f"'{divisor}', which is not a number question"
        else:
            problem = f"'{divisor}', which is no question of the tree"
            problem += did_you_mean(divisor, numbers)
        at = base.place(question, "per", question.pos)
        ctx.add("R108", f"'{question.id}' is divided by {problem}", at, where(question) + ".per")


def scale_names(raw: Any) -> set[str]:
    """Every name written as a scale in the file, used or not by a node that could be built."""
    names: set[str] = set()
    stack = [raw]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            for key, item in value.items():
                if key in ("scale", "likelihood", "impact") and isinstance(item, str):
                    names.add(item)
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return names


def check_unused_scales(base: Builder, ctx: Context, raw: Any) -> None:
    """A warning for each declared scale that nothing names (broken nodes included)."""
    named = base.used_scales | scale_names(raw)
    for scale_id, scale in base.scales.items():
        if scale_id not in named:
            pos: Position | None = scale.pos
            ctx.add("W101", f"scale '{scale_id}' is never used", pos, f"scales.{scale_id}")


def check_scoring(q: Questionnaire, ctx: Context, base: Builder, raw: Any) -> None:
    """Refuses what would fail or be silently ignored at scoring (see ranges)."""
    for refusal in score_ranges(q).refusals:
        node = refusal.node
        if node is q.root:
            at, path = _scoring_place(raw, ctx.file), "scoring.aggregation"
        else:
            at, path = _refusal_place(refusal, base), where(node) + "." + refusal.key
        data = base.sources.get(id(node))
        message = refusal.message
        if isinstance(node, Group) and data is not None and "aggregation" not in data.raw:
            message += " (its method is scoring.aggregation, the default)"
        ctx.add(refusal.code, message, at, path)


def _refusal_place(refusal: Refusal, base: Builder) -> Position | None:
    """The key the refusal concerns (a complement_geometric's `max` when written), else the node."""
    data = base.sources.get(id(refusal.node))
    if data is None:
        return refusal.node.pos
    aggregation = data.get("aggregation")
    if refusal.code == "V112" and isinstance(aggregation, Checked) and "max" in aggregation:
        return aggregation.value_pos("max")
    return data.value_pos(refusal.key)


def _scoring_place(raw: Any, file: str) -> Position | None:
    """The root scores with `scoring.aggregation`: where it is written, else `scoring`, else 1:1."""
    scoring = raw.get("scoring") if isinstance(raw, Mapping) else None
    if isinstance(scoring, Mapping) and "aggregation" in scoring:
        aggregation = scoring["aggregation"]
        if isinstance(aggregation, Mapping) and "max" in aggregation:
            return position(file, aggregation.value_pos.get("max"))
        return position(file, scoring.value_pos.get("aggregation"))
    return position(file, getattr(raw, "value_pos", {}).get("scoring")) or Position(file, 1, 1)
