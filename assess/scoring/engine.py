"""Scores every node of one assessment's tree from its answers, as the definition declares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from assess.questionnaire.answers import Answer, applicable
from assess.questionnaire.model import Bounds, Group, Node, Question, Questionnaire
from assess.questionnaire.vocabulary import LEVEL_TYPES
from assess.scoring.methods import METHODS, dsum, exact, round_half_up
from assess.scoring.questions import score_answer, score_ratio
from assess.scoring.trace import Trace, TraceInput

Status = Literal["scored", "missing", "not_applicable", "blocked", "unscored"]


@dataclass(frozen=True, slots=True)
class NodeScore:
    """One node's score, how complete and reliable it is, and its level, target and gap."""

    node_id: str
    score: float | None
    status: Status  # unscored: answered, but the answer carries no score (text, date, ...)
    band: str | None
    answered: int  # questions answered below (and including) this node
    applicable: int  # questions applicable below (and including) this node
    # has a score and, for a group, at least its policy's `min_completeness` of questions answered
    reliable: bool
    level: float | None  # level questions, and indicator groups (mean of their levels)
    target: float | None
    gap: float | None  # max(0, target - level)
    normalised_gap: float | None  # gap / (target - lowest level), at most 1
    trace: Trace
    # The score at full precision, which the parent aggregates: `score` is what is shown, rounded
    # to the node's `publish` digits (with `round`, both are the rounded score).
    full: float | None = None

    @property
    def completeness(self) -> float | None:
        """answered / applicable, None when nothing below applies."""
        return self.answered / self.applicable if self.applicable else None

    @property
    def provisional(self) -> bool:
        """Has a score resting on fewer answers than its minimum: shown marked, never ranked."""
        return self.score is not None and not self.reliable


@dataclass
class _Context:
    questionnaire: Questionnaire
    answers: Mapping[str, Answer]
    nodes: dict[str, NodeScore] = field(default_factory=dict)
    lowest: dict[str, float] = field(default_factory=dict)  # lowest level below a node
    conditions: frozenset[str] | None = None  # nodes whose condition holds, once one is met

    def holds(self, node: Node) -> bool:
        """Whether the node's own condition holds (no condition: it does)."""
        if node.when is None:
            return True
        if self.conditions is None:
            self.conditions = applicable(self.questionnaire, self.answers)
        return node.id in self.conditions

    def applies(self, node_id: str) -> bool:
        """Whether the node applies: its condition and those of its groups hold."""
        if self.conditions is None:
            self.conditions = applicable(self.questionnaire, self.answers)
        return node_id in self.conditions


def score_tree(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, NodeScore]:
    """Every node's score, the root (the questionnaire id) first, then in document order."""
    ctx = _Context(questionnaire, answers)
    _group(ctx, questionnaire.root, True)
    return ctx.nodes


def _node(ctx: _Context, node: Node, parent_applies: bool) -> NodeScore:
    applies = parent_applies and ctx.holds(node)
    if isinstance(node, Group):
        return _group(ctx, node, applies)
    assert isinstance(node, Question)
    result = _question(ctx, node, applies)
    ctx.nodes[node.id] = result
    return result


def _question(ctx: _Context, q: Question, applies: bool) -> NodeScore:
    answer = ctx.answers.get(q.id)
    if q.type in LEVEL_TYPES and q.scale is not None:
        ctx.lowest[q.id] = q.scale.min_level
    if not applies or (answer is not None and answer.status == "na"):
        why = "not applicable" if applies else "not applicable: a condition on it or above fails"
        return _empty(q, "not_applicable", Trace(q.id, why, None, answer=answer), (0, 0))
    if answer is None or answer.status != "answered":
        return _empty(q, "missing", Trace(q.id, "missing", None, answer=answer), (0, 1))
    divisor, why = _divisor(ctx, q)
    if why:
        return _empty(q, "missing", Trace(q.id, why, None, answer=answer), (0, 1))
    framework = ctx.questionnaire.framework
    if divisor is None:
        value = score_answer(q, answer.value, framework)
    else:
        value = score_ratio(q, answer.value, divisor, framework)
    score, full, steps = _finish(value.score, q.bounds, None, q.publish, value.steps)
    trace = Trace(q.id, value.rule, score, steps=steps, answer=answer)
    gap, norm = _gap(q.target, value.level, ctx.lowest.get(q.id))
    return NodeScore(
        node_id=q.id,
        score=score,
        status="unscored" if value.score is None else "scored",
        band=None,
        answered=1,
        applicable=1,
        reliable=value.score is not None,
        level=value.level,
        target=q.target,
        gap=gap,
        normalised_gap=norm,
        trace=trace,
        full=full,
    )


def _divisor(ctx: _Context, q: Question) -> tuple[object, str]:
    """The answer a `per` question is divided by, or why there is none (then it is missing)."""
    per = q.number.per if q.number is not None else None
    if per is None:
        return None, ""
    given = ctx.answers.get(per)
    if not ctx.applies(per) or (given is not None and given.status == "na"):
        return None, f"missing: the divisor {per} is not applicable"
    if given is None or given.status != "answered":
        return None, f"missing: the divisor {per} is not answered"
    if exact(given.value) == 0:
        return None, f"missing: the divisor {per} is 0"
    return given.value, ""


Steps = tuple[tuple[str, float], ...]


def _finish(
    score: float | None, bounds: Bounds, round_to: int | None, publish: int | None, steps: Steps
) -> tuple[float | None, float | None, Steps]:
    """A node's computed score within its floor and ceiling, then rounded (the parent aggregates
    the rounded score) or published (the parent aggregates the full precision): (the score shown,
    the score the parent aggregates, the steps with those taken here)."""
    if score is None:
        return None, None, steps
    if bounds.floor is not None and score < bounds.floor:
        score = bounds.floor
        steps += ((f"floor {bounds.floor:g}", score),)
    if bounds.ceiling is not None and score > bounds.ceiling:
        score = bounds.ceiling
        steps += ((f"ceiling {bounds.ceiling:g}", score),)
    if round_to is not None:
        steps += (("before rounding", score),)
        score = round_half_up(score, round_to)
    if publish is None:
        return score, score, steps
    shown = round_half_up(score, publish)
    steps += (("full precision", score), (f"published to {publish} decimals", shown))
    return shown, score, steps


def _empty(node: Node, status: Status, trace: Trace, counts: tuple[int, int]) -> NodeScore:
    answered, total = counts
    return NodeScore(
        node.id, None, status, None, answered, total, False, None, node.target, None, None, trace
    )


def _group(ctx: _Context, group: Group, applies: bool) -> NodeScore:
    ctx.nodes[group.id] = None  # type: ignore[assignment]  # keeps its place: document order
    kids = [_node(ctx, child, applies) for child in group.children]
    answered = sum(k.answered for k in kids)
    total = sum(k.applicable for k in kids)
    weights = {child.id: child.weight for child in group.children}
    # Text and date questions count in completeness but never in a score, even when missing.
    scorable = [k for c, k in zip(group.children, kids, strict=True) if _scorable(c)]
    score, status, inputs, steps = _combine(ctx, group, scorable, weights, applies and total > 0)
    policy = group.policy
    score, full, steps = _finish(score, policy.bounds, policy.round, policy.publish, steps)
    level = _group_level(ctx, group, kids)
    gap, norm = _gap(group.target, level, ctx.lowest.get(group.id))
    trace = Trace(
        group.id,
        group.policy.aggregation.method,
        score,
        group.policy,
        inputs,
        steps,
        children=tuple(k.trace for k in kids),
    )
    minimum = group.policy.min_completeness
    reliable = score is not None and total > 0 and answered / total >= minimum
    result = NodeScore(
        node_id=group.id,
        score=score,
        status=status,
        band=_band(ctx, group, score),
        answered=answered,
        applicable=total,
        reliable=reliable,
        level=level,
        target=group.target,
        gap=gap,
        normalised_gap=norm,
        trace=trace,
        full=full,
    )
    ctx.nodes[group.id] = result
    return result


def _scorable(node: Node) -> bool:
    return not isinstance(node, Question) or node.scored


Combined = tuple[float | None, Status, tuple[TraceInput, ...], tuple[tuple[str, float], ...]]


def _combine(
    ctx: _Context, group: Group, kids: list[NodeScore], weights: dict[str, float], applies: bool
) -> Combined:
    """The group's score from its children under its missing policy and aggregation method."""
    policy = group.policy
    floor = ctx.questionnaire.framework.scale_min
    inputs = tuple(
        TraceInput(k.node_id, _full(k), weights[k.node_id], _use(k, policy.missing)) for k in kids
    )
    inputs += tuple(TraceInput(c.id, c.value, c.weight, "constant") for c in policy.constants)
    if not applies:
        return None, "not_applicable", inputs, ()
    # Only scored children carry a score; the rest are missing, not applicable or unscored.
    # Each counts at full precision: a published (shown) score is rounded for the reader only.
    used = [(_full(k), weights[k.node_id]) for k in kids if k.score is not None]
    missing = [k for k in kids if k.status in ("missing", "blocked")]
    if not used:
        return None, "missing" if missing else "unscored", inputs, ()
    if missing and policy.missing == "block":
        return None, "blocked", inputs, ()
    if policy.missing == "zero":
        used += [(floor, weights[k.node_id]) for k in missing]
    # Constants enter like scored children, once a child scores (alone they score nothing).
    used += [(c.value, c.weight) for c in policy.constants]
    method = METHODS[policy.aggregation.method]
    top = ctx.questionnaire.framework.scale_max
    result = method([v for v, _ in used], [w for _, w in used], policy.aggregation.params, top)
    return result.value, "scored", inputs, result.steps


def _full(kid: NodeScore) -> float | None:
    """The score a parent aggregates: the full precision of a published one."""
    return kid.full if kid.full is not None else kid.score


USES = {
    "zero": "missing, counted as the scale minimum",
    "exclude": "missing, left out",
    "block": "missing, blocks the score",
}


def _use(kid: NodeScore, missing: str) -> str:
    if kid.status == "scored":
        return "used"
    if kid.status in ("missing", "blocked"):
        return USES[missing]
    return kid.status.replace("_", " ") + ", left out"


def _group_level(ctx: _Context, group: Group, kids: list[NodeScore]) -> float | None:
    """Indicator groups (or groups with a target): the mean level of their children."""
    if group.kind != "indicator" and group.target is None:
        return None
    levels = [k.level for k in kids if k.level is not None and k.status == "scored"]
    lows = [ctx.lowest[k.node_id] for k in kids if k.node_id in ctx.lowest]
    if lows:
        ctx.lowest[group.id] = min(lows)
    return float(dsum(exact(v) for v in levels) / len(levels)) if levels else None


def _gap(
    target: float | None, level: float | None, lowest: float | None
) -> tuple[float | None, float | None]:
    """gap = max(0, target - level); normalised by (target - lowest level), at most 1."""
    if target is None or level is None:
        return None, None
    gap = max(Decimal(0), exact(target) - exact(level))
    span = exact(target) - exact(lowest if lowest is not None else 1)
    return float(gap), (float(min(Decimal(1), gap / span)) if span > 0 else 0.0)


def _band(ctx: _Context, group: Group, score: float | None) -> str | None:
    bands = ctx.questionnaire.bands.get(group.policy.bands or "")
    if score is None or bands is None:
        return None
    found = bands.band_for(score)
    return found.id if found else None
