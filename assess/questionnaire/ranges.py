"""The lowest and highest score each node can take, from the definition alone, and what cannot
score: computed once per questionnaire, in decimal as the engine computes (scoring.methods).

A question's span comes from its scale, options or the scoring scale; a group's from its
children's spans through its missing policy, its method (SPANS) and what the policy does after
the method and its constants (AFTER: floor and ceiling, rounding, publishing; questions take the
same steps after their answer's span). LIMITS says, per method, which spans of its inputs it
cannot score (a root of a negative number).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from assess.questionnaire.model import (
    Bounds,
    Framework,
    Group,
    Node,
    Question,
    Questionnaire,
)
from assess.questionnaire.numbers import MAX_MAGNITUDE, exact, half_up


class Span(NamedTuple):
    """The lowest and the highest score a node can take."""

    low: Decimal
    high: Decimal

    def including(self, value: Decimal) -> Span:
        return Span(min(self.low, value), max(self.high, value))


def hull(spans: Sequence[Span]) -> Span:
    return Span(min(s.low for s in spans), max(s.high for s in spans))


@dataclass(frozen=True, slots=True)
class Input:
    """A child (or a constant) as its group's method sees it: its id, its span (missing counted
    in) and weight."""

    id: str
    span: Span
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Refusal:
    """A combination that cannot score: the node, the key of its definition it concerns, the
    problem code and the message."""

    node: Node
    key: str
    code: str
    message: str


# ------------------------------------------------------------------ questions


def _span_of(values: Sequence[float]) -> Span | None:
    found = [exact(v) for v in values]
    return Span(min(found), max(found)) if found else None


def question_span(q: Question, fw: Framework) -> Span | None:
    """The scores an answer to `q` can get (scoring.questions); None when it carries none."""
    floor, top = exact(fw.scale_min), exact(fw.scale_max)
    if not q.scored:
        return None
    if q.type in ("level", "checklist"):
        levels = _span_of([lvl.score for lvl in q.scale.levels]) if q.scale else None
        # A checklist with no level complete scores the scale minimum.
        return levels.including(floor) if levels and q.type == "checklist" else levels
    options = q.options or (q.scale.options if q.scale else ())
    scores = [o.score for o in options if o.score is not None]
    if q.type == "multiple_choice":
        return _multiple(q.choice_combine, [exact(s) for s in scores], floor, top)
    if q.type in ("yes_partial_no", "single_choice"):
        return _span_of(scores)
    if q.type == "number" and q.number is not None and q.number.thresholds:
        # The score of the threshold reached; below the first, the scale minimum.
        return _span_of([t.score for t in q.number.thresholds]).including(floor)  # type: ignore[union-attr]
    if q.type == "number":
        return Span(floor, top)  # capped to the scale, or mapped onto it
    return None


def _multiple(how: str, scores: list[Decimal], floor: Decimal, top: Decimal) -> Span:
    """Multiple choice: no scored option chosen scores the minimum; sums are capped at the top."""
    if not scores:
        return Span(floor, floor)
    if how == "sum":
        negative, positive = [s for s in scores if s < 0], [s for s in scores if s > 0]
        lowest = sum(negative, Decimal(0)) if negative else min(scores)
        highest = sum(positive, Decimal(0)) if positive else max(scores)
        return Span(min(lowest, top), min(highest, top)).including(floor)
    return Span(min(scores), max(scores)).including(floor)


def number_refusals(q: Question) -> list[Refusal]:
    """A normalisation that would be silently ignored (no range) or cannot be computed (log of
    a range reaching -1)."""
    spec = q.number
    if spec is None:
        return []
    low = spec.norm_min if spec.norm_min is not None else spec.min
    high = spec.norm_max if spec.norm_max is not None else spec.max
    if low is None or high is None:
        asks = [name for name, on in (("log", spec.log), ("invert", spec.invert)) if on]
        if asks:
            message = f"normalise {' and '.join(asks)} of '{q.id}' needs a range: give min and "
            message += "max (or normalise min and max); without one the number is read as a score"
            return [Refusal(q, "normalise", "V110", message)]
        return []
    if spec.log and low <= -1:
        message = f"log10(1 + x) of '{q.id}' needs values above -1; its range starts at {low:g}"
        return [Refusal(q, "normalise", "V111", message)]
    return []


# ------------------------------------------------------------------ groups

SpanRule = Callable[[Sequence[Input], Mapping[str, object]], Span]


def _within(inputs: Sequence[Input], params: Mapping[str, object]) -> Span:
    """Means, max and min stay within their inputs' span."""
    return hull([i.span for i in inputs])


def _weighted(inputs: Sequence[Input], params: Mapping[str, object]) -> Span:
    """max(w x): each input scaled by its weight (weights are positive)."""
    return hull([Span(i.weight * i.span.low, i.weight * i.span.high) for i in inputs])


# Method -> the span of its score from its inputs (one entry per method of scoring.METHODS).
SPANS: dict[str, SpanRule] = {
    "mean": _within,
    "geometric": _within,
    "complement_geometric": _within,  # (M+1) - a geometric mean of M+1-x, when every x <= M
    "max": _within,
    "min": _within,
    "weighted_max": _weighted,
}


def _geometric_limit(
    group: Group, inputs: Sequence[Input], params: Mapping[str, object]
) -> Refusal | None:
    for i in inputs:
        if i.span.low < 0:
            message = f"geometric mean over '{i.id}', which can score {show(i.span.low)}: "
            message += "a weighted root of a negative number does not exist"
            return Refusal(group, "aggregation", "V113", message)
    return None


def _complement_limit(
    group: Group, inputs: Sequence[Input], params: Mapping[str, object]
) -> Refusal | None:
    cap = exact(params["max"])  # type: ignore[arg-type]  # the builder defaults it
    for i in inputs:
        if i.span.high > cap:
            message = f"complement_geometric max {show(cap)} is below {show(i.span.high)}, the "
            message += f"highest score of '{i.id}': M + 1 - x must not go below 1"
            return Refusal(group, "aggregation", "V112", message)
    return None


# Method -> the refusal of inputs it cannot score, if any.
Limit = Callable[[Group, Sequence[Input], Mapping[str, object]], Refusal | None]
LIMITS: dict[str, Limit] = {
    "geometric": _geometric_limit,
    "complement_geometric": _complement_limit,
}


class Steps(NamedTuple):
    """What a node does to its score once computed, in the engine's order (engine._finish)."""

    bounds: Bounds
    round: int | None
    publish: int | None


def _bounded(span: Span, steps: Steps) -> Span:
    """Within the floor and the ceiling (a span wholly beyond one collapses onto it)."""
    low, high = span
    if steps.bounds.floor is not None:
        floor = exact(steps.bounds.floor)
        low, high = max(low, floor), max(high, floor)
    if steps.bounds.ceiling is not None:
        ceiling = exact(steps.bounds.ceiling)
        low, high = min(low, ceiling), min(high, ceiling)
    return Span(low, high)


def _round_to(span: Span, digits: int | None) -> Span:
    if digits is None or beyond(span):
        return span  # beyond the bound, refused: no need to keep 28 digits of it
    return Span(half_up(span.low, digits), half_up(span.high, digits))


def _rounded(span: Span, steps: Steps) -> Span:
    return _round_to(span, steps.round)


def _published(span: Span, steps: Steps) -> Span:
    """The score shown is rounded, its parent aggregates the full value: the span holds both."""
    return hull([span, _round_to(span, steps.publish)])


# What a node does after its method (or its answer's score), in the engine's order.
AFTER: tuple[Callable[[Span, Steps], Span], ...] = (_bounded, _rounded, _published)


def after(span: Span | None, steps: Steps) -> Span | None:
    if span is None:
        return None
    for step in AFTER:
        span = step(span, steps)
    return span


# ------------------------------------------------------------------ the whole tree


@dataclass(frozen=True)
class Ranges:
    """Every scored node's span (None: it never carries a score) and what cannot score."""

    spans: Mapping[str, Span | None]
    refusals: tuple[Refusal, ...]


def score_ranges(questionnaire: Questionnaire) -> Ranges:
    """The spans and refusals of a questionnaire, computed once and kept with it."""
    return questionnaire.derived("score ranges", _compute)


def _compute(questionnaire: Questionnaire) -> Ranges:
    spans: dict[str, Span | None] = {}
    refusals: list[Refusal] = []
    fw = questionnaire.framework
    floor = exact(fw.scale_min)
    # Children before their group, without recursion: (node, children done?)
    stack: list[tuple[Node, bool]] = [(questionnaire.root, False)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, Question):
            steps = Steps(node.bounds, None, node.publish)
            spans[node.id] = after(question_span(node, fw), steps)
            refusals.extend(number_refusals(node))
            _bound(node, spans[node.id], refusals)
        elif not done:
            assert isinstance(node, Group)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
        else:
            assert isinstance(node, Group)
            spans[node.id] = _group_span(node, spans, floor, refusals)
    return Ranges(spans, tuple(refusals))


def beyond(span: Span | None) -> bool:
    """Whether a span reaches beyond what scores hold (10^15 in magnitude)."""
    return span is not None and max(abs(span.low), abs(span.high)) > MAX_MAGNITUDE


def _bound(node: Node, span: Span | None, refusals: list[Refusal]) -> None:
    if beyond(span):
        assert span is not None
        far = span.high if abs(span.high) >= abs(span.low) else span.low
        message = f"'{node.id}' can score {show(far)}, beyond 10^15 in magnitude, the largest "
        message += "number scores hold"
        key = "aggregation" if isinstance(node, Group) else "options"
        refusals.append(Refusal(node, key, "V114", message))


def show(value: Decimal) -> str:
    """A decimal as people write it: 10, 2.45, 10000000000000000 (never 1E+16 or 10.0)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _group_span(
    group: Group, spans: Mapping[str, Span | None], floor: Decimal, refusals: list[Refusal]
) -> Span | None:
    policy = group.policy
    inputs = []
    for child in group.children:
        if isinstance(child, Question) and not child.scored:
            continue  # text, date and `scored: false` never enter a score
        span = spans.get(child.id)
        if policy.missing == "zero":  # a missing child counts as the scale minimum
            span = span.including(floor) if span is not None else Span(floor, floor)
        if span is not None:
            inputs.append(Input(child.id, span, exact(child.weight)))
    if not inputs:
        return None  # constants never score a group nothing below scores
    for constant in policy.constants:
        value = exact(constant.value)
        inputs.append(Input(constant.id, Span(value, value), exact(constant.weight)))
    method, params = policy.aggregation.method, policy.aggregation.params
    limit = LIMITS.get(method)
    refused = limit(group, inputs, params) if limit else None
    if refused is not None:
        refusals.append(refused)
    span = after(SPANS[method](inputs, params), Steps(policy.bounds, policy.round, policy.publish))
    assert span is not None
    if not any(beyond(i.span) for i in inputs):  # refused once, where it first goes beyond
        _bound(group, span, refusals)
    return span
