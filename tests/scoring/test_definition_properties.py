"""Random definitions, written as YAML text, through the real loader and then the engine.

The property: the loader accepts a definition or refuses it with problems (never a traceback);
what it accepts scores every random set of answers without raising anything but the project's
own errors, and every score it gives is a finite number."""

from __future__ import annotations

import math
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.questionnaire.answers import Answer, AnswerError, coerce
from assess.questionnaire.loader import check_data
from assess.questionnaire.model import Question, Questionnaire
from assess.questionnaire.numbers import exact
from assess.questionnaire.problems import CATALOGUE, DefinitionError
from assess.questionnaire.ranges import SPANS, Span, score_ranges
from assess.scoring import METHODS as ENGINE_METHODS
from assess.scoring import ScoringError, score_assessment

PROJECT_ERRORS = (AnswerError, DefinitionError, ScoringError)
METHODS = ("mean", "geometric", "complement_geometric", "max", "min", "weighted_max")
TYPES = ("level", "checklist", "yes_partial_no", "single_choice", "multiple_choice", "number")


def round3(value: float) -> float:
    return round(value, 3)


# Ordinary numbers; in one definition out of four, at times the extremes a definition may hold
# or must be refused for (drawn once per example, so that most definitions load).
EXTREMES = (
    -1.0,
    -0.5,
    0.0,
    1e15,
    -1e15,
    1e16,
    10**20,
    10**4000,
    1e300,
    math.inf,
    -math.inf,
    math.nan,
)
ordinary = st.one_of(st.integers(-20, 120), st.floats(-20, 120, allow_nan=False).map(round3))
wild = st.shared(st.integers(0, 3), key="wild").map(lambda draw: draw == 0)
number = wild.flatmap(
    lambda on: st.one_of(ordinary, ordinary, st.sampled_from(EXTREMES)) if on else ordinary
)
weight = st.one_of(st.sampled_from([0.5, 1, 2, 3.5]), st.floats(0.01, 10).map(round3))


def maybe(draw: st.DrawFn, key: str, strategy: Any, into: dict[str, Any]) -> None:
    """Sets `key` to a drawn value about half of the time."""
    if draw(st.booleans()):
        into[key] = draw(strategy)


def rarely(draw: st.DrawFn, key: str, strategy: Any, into: dict[str, Any]) -> None:
    """Sets `key` to a drawn value about a quarter of the time (so that most definitions load)."""
    if draw(st.integers(0, 3)) == 0:
        into[key] = draw(strategy)


# The scoring scale, drawn once per example; scores of floors, constants and thresholds mostly
# lie on it (a wild example also draws them anywhere).
scale_low = st.shared(st.sampled_from([0, 0, 1, -10, -1]), key="scale low")
scale_high = st.shared(st.sampled_from([1, 5, 10, 100]), key="scale high")
on_scale = st.tuples(scale_low, scale_high).flatmap(
    lambda ends: st.floats(min(ends), max(ends)).map(round3)
)
score_value = wild.flatmap(lambda on: st.one_of(on_scale, on_scale, number) if on else on_scale)


def ordered(value: float) -> Decimal:
    """A sort key for drawn numbers, NaN among them (placed as 0: the loader refuses it)."""
    return Decimal(value) if value == value else Decimal(0)


@st.composite
def limits(draw: st.DrawFn, into: dict[str, Any]) -> None:
    """A floor, a ceiling, both or a clamp, and publishing when the node does not round: keys of
    any scored node, drawn for about one node in four."""
    if draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from(["floor", "ceiling", "both", "clamp"]))
        low, high = sorted((draw(score_value), draw(score_value)), key=ordered)
        if kind == "floor":
            into["floor"] = low
        elif kind == "ceiling":
            into["ceiling"] = high
        elif kind == "both":
            into["floor"], into["ceiling"] = low, high
        else:
            into["clamp"] = {"min": low, "max": high}
    if "round" not in into:
        rarely(draw, "publish", st.sampled_from([0, 1, 2]), into)


@st.composite
def thresholds(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Banded scoring of a number: at_least increasing, scores mostly on the scale."""
    starts = sorted(set(draw(st.lists(ordinary, min_size=1, max_size=4))), key=ordered)
    return [{"at_least": a, "score": draw(score_value)} for a in starts]


@st.composite
def aggregation(draw: st.DrawFn) -> Any:
    method = draw(st.sampled_from(METHODS))
    if method == "complement_geometric" and draw(st.booleans()):
        return {"method": method, "max": draw(number)}
    return method


@st.composite
def question(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(TYPES))
    out: dict[str, Any] = {"id": qid, "type": kind, "text": "Q"}
    maybe(draw, "weight", weight, out)
    draw(limits(out))
    rarely(draw, "rank", st.booleans(), out)
    if kind in ("level", "checklist"):
        out["scale"] = draw(st.sampled_from(["lv", "lv_scored"]))
    if kind == "checklist":
        out["attributes"] = {
            "1": [{"id": f"{qid}_a", "text": "A"}],
            "2": [{"id": f"{qid}_b", "text": "B"}],
        }
    if kind == "yes_partial_no" and draw(st.booleans()):
        out["scores"] = {"yes": draw(number), "partial": draw(number), "no": draw(number)}
    if kind in ("single_choice", "multiple_choice"):
        if draw(st.booleans()):
            out["scale"] = "choices"
        else:
            scores = draw(st.lists(st.one_of(number, st.none()), min_size=1, max_size=3))
            out["options"] = [
                {"id": f"o{i}", "label": "O", "score": s} for i, s in enumerate(scores)
            ]
    if kind == "multiple_choice":
        out["combine"] = draw(st.sampled_from(["sum", "max", "mean"]))
    if kind == "number":
        maybe(draw, "min", number, out)
        maybe(draw, "max", number, out)
        norm: dict[str, Any] = {}
        maybe(draw, "min", number, norm)
        maybe(draw, "max", number, norm)
        maybe(draw, "log", st.booleans(), norm)
        maybe(draw, "invert", st.booleans(), norm)
        if norm:
            out["normalise"] = norm
        rarely(draw, "thresholds", thresholds(), out)
        if "thresholds" in out and not draw(wild):
            out.pop("normalise", None)  # banded or normalised: both is refused (S109)
        if draw(st.integers(0, 2)) == 0:  # a ratio: mostly of the tree's population figure
            out["per"] = draw(st.sampled_from([POPULATION, POPULATION, POPULATION, qid, "g0"]))
            rarely(draw, "per_unit", number, out)
    return out


@st.composite
def constants(draw: st.DrawFn) -> list[dict[str, Any]]:
    values = draw(st.lists(score_value, min_size=1, max_size=2))
    return [{"id": f"k{i}", "value": v, "weight": draw(weight)} for i, v in enumerate(values)]


@st.composite
def group(draw: st.DrawFn, gid: str, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": gid, "title": "G"}
    maybe(draw, "weight", weight, out)
    maybe(draw, "aggregation", aggregation(), out)
    maybe(draw, "missing", st.sampled_from(["zero", "exclude", "block"]), out)
    maybe(draw, "round", wild.flatmap(lambda on: st.sampled_from([0, 1, 3, 40 if on else 2])), out)
    draw(limits(out))
    rarely(draw, "constants", constants(), out)
    children = []
    for i in range(draw(st.integers(1, 3))):
        cid = f"{gid}_{i}"
        if depth > 1 and draw(st.booleans()):
            children.append(draw(group(cid, depth - 1)))
        else:
            children.append(draw(question(cid)))
    out["children"] = children
    return out


@st.composite
def definitions(draw: st.DrawFn) -> str:
    """A whole definition file as YAML text: scales, scoring defaults and a tree 1 to 4 deep."""
    low, high = draw(scale_low), draw(scale_high)
    scoring: dict[str, Any] = {"scale": {"min": low, "max": high}}
    maybe(draw, "aggregation", aggregation(), scoring)
    maybe(draw, "missing", st.sampled_from(["zero", "exclude", "block"]), scoring)
    maybe(draw, "round", st.integers(0, 3), scoring)
    rarely(draw, "publish", st.integers(0, 3), scoring)
    levels = [{"value": v, "label": f"L{v}"} for v in range(1, draw(st.integers(2, 5)) + 1)]
    scored = [dict(level, score=draw(number)) for level in levels]
    choices = [{"id": f"c{i}", "label": "C", "score": draw(number)} for i in range(2)]
    data = {
        "assess": 1,
        "id": "gen",
        "version": "1.0",
        "default_language": "en",
        "title": "Generated",
        "scoring": scoring,
        "scales": {
            "lv": {"kind": "level", "levels": levels, "allow_half": draw(st.booleans())},
            "lv_scored": {"kind": "level", "levels": scored},
            "choices": {"kind": "choice", "options": choices},
        },
        "children": [
            draw(group(f"g{i}", draw(st.integers(1, 4)))) for i in range(draw(st.integers(1, 2)))
        ]
        + [{"id": "profile", "title": "P", "children": [population]}],
    }
    draw(limits(data))  # the root's own keys, at the top of the file
    rarely(draw, "constants", constants(), data)
    rarely(draw, "rank", st.booleans(), data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


POPULATION = "population"
# A figure the tree's ratios divide by (`per`), never scored itself.
population = {"id": POPULATION, "type": "number", "min": 0, "text": "P", "scored": False}


def raw_answer(draw: st.DrawFn, q: Question) -> str | list[str] | None:
    """Form input for a question, valid or at the edge of valid: coerce decides."""
    if q.type in ("level", "checklist") and q.scale is not None:
        if q.type == "checklist":
            ids = [a.id for attrs in q.attributes.values() for a in attrs]
            return draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
        step = 0.5 if q.scale.allow_half else 1
        low, high = q.scale.min_level, q.scale.max_level
        return str(low + step * draw(st.integers(0, int((high - low) / step))))
    if q.type in ("yes_partial_no", "single_choice", "multiple_choice"):
        ids = [o.id for o in (q.options or (q.scale.options if q.scale else ()))]
        if q.type == "multiple_choice":
            return draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
        return draw(st.sampled_from(ids))
    if q.type == "number":
        spec = q.number
        edges = [v for v in (spec.min, spec.max, spec.norm_min, spec.norm_max) if v is not None]
        extremes = [1e15, -1e15, 1e16, -1e300, 0.0, -1.0, *edges]
        return repr(draw(st.one_of(st.sampled_from(extremes), st.floats(-1e6, 1e6))))
    return "text"


def answers_for(draw: st.DrawFn, q: Questionnaire) -> dict[str, Answer]:
    answers = {}
    for question_ in q.questions():
        status = draw(st.sampled_from(["answered", "answered", "answered", "na", "dont_know", ""]))
        if status in ("na", "dont_know"):
            answers[question_.id] = Answer(question_.id, status)
            continue
        if not status:
            continue
        try:
            value = coerce(question_, raw_answer(draw, question_))
        except AnswerError:
            continue  # refused with the project's own error: the form says what is wrong
        if value is not None:
            answers[question_.id] = Answer(question_.id, "answered", value)
    return answers


@settings(
    max_examples=int(os.environ.get("ASSESS_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(definitions(), st.data())
def test_what_loads_scores_and_what_does_not_is_refused_with_problems(
    text: str, data: st.DataObject
) -> None:
    questionnaire, problems = check_data(text.encode("utf-8"), Path("gen/1.0.yaml"), history=False)
    if questionnaire is None:
        assert any(p.severity == "error" for p in problems)
        assert {p.code for p in problems} <= set(CATALOGUE)
        assert all(p.line > 0 and p.column > 0 for p in problems), problems
        return
    for _ in range(3):
        answers = answers_for(data.draw, questionnaire)
        try:
            scores = score_assessment(questionnaire, answers)
        except PROJECT_ERRORS:
            continue
        spans = score_ranges(questionnaire).spans
        for node in scores:
            assert node.score is None or math.isfinite(node.score), (node.node_id, node.score)
            if node.score is not None:
                assert within(node.score, spans[node.node_id]), (node.node_id, node.score)


def within(score: float, span: Span | None) -> bool:
    """The score lies in the node's static span (up to the float it leaves the engine as)."""
    if span is None:
        return False
    slack = Decimal("1e-12") * (1 + max(abs(span.low), abs(span.high)))
    return span.low - slack <= exact(score) <= span.high + slack


def test_every_method_of_the_engine_has_a_span_rule() -> None:
    assert set(SPANS) == set(ENGINE_METHODS)
