"""Exact arithmetic: ties round half up as on paper, a number keeps its digits, no float noise."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assess.questionnaire.model import NumberSpec, Question
from assess.scoring import METHODS, rollup, round_half_up, score_assessment
from assess.scoring.table import format_score
from tests.scoring.scoring_builders import Build, answered

ZERO_TO_TEN = NumberSpec(0, 10, None, None, None)


def number(
    build: type[Build], qid: str, weight: float = 1, spec: NumberSpec = ZERO_TO_TEN
) -> Question:
    return build.question(qid, "number", number=spec, weight=weight)


@pytest.mark.parametrize(
    ("method", "weight_b"),
    [("mean", 0.3), ("weighted_max", 1)],  # (0.7 x 3.5 + 0.3 x 0) / 1 and max(0.7 x 3.5, 0)
)
def test_a_tie_of_decimals_rounds_half_up_as_on_paper(
    build: type[Build], method: str, weight_b: float
) -> None:
    kids = [number(build, "a", 0.7), number(build, "b", weight_b)]
    group = build.group("g", kids, build.policy(method, round_to=1))
    questionnaire = build.questionnaire([group], top=10)
    node = score_assessment(questionnaire, answered(a=3.5, b=0.0))["g"]
    assert (node.score, dict(node.trace.steps)["before rounding"]) == (2.5, 2.45)


@pytest.mark.parametrize(
    ("spec", "top", "value", "expected"),
    [
        (ZERO_TO_TEN, 10, 1.8, 1.8),
        (ZERO_TO_TEN, 10, 0.7, 0.7),
        (ZERO_TO_TEN, 100, 1.8, 18),
        (NumberSpec(0, 10, None, None, None, invert=True), 10, 1.8, 8.2),
        (NumberSpec(0, 10, None, 0.1, 0.4), 0.3, 0.2, 0.1),
    ],
)
def test_a_normalised_number_is_the_decimal_people_compute(
    build: type[Build], spec: NumberSpec, top: float, value: float, expected: float
) -> None:
    questionnaire = build.questionnaire(
        [build.group("g", [number(build, "q", spec=spec)])], top=top
    )
    node = score_assessment(questionnaire, answered(q=value))["q"]
    assert (node.score, format_score(node.score)) == (expected, f"{expected:g}")


@pytest.mark.parametrize(
    ("method", "values", "weights", "expected"),
    [
        ("mean", [0.1, 0.2], [1, 1], 0.15),
        ("mean", [0.1, 0.2, 0.6], [0.1, 0.1, 0.1], 0.3),
        ("weighted_max", [0.1, 3.5], [3, 0.7], 2.45),
        ("geometric", [2.45, 2.45, 2.45], [1, 1, 1], 2.45),
        ("complement_geometric", [2.45, 2.45], [0.7, 0.3], 2.45),
    ],
)
def test_methods_return_the_decimal_result_without_float_noise(
    method: str, values: list[float], weights: list[float], expected: float
) -> None:
    # Powers are correct to 28 digits, so a geometric mean of equal values is that value.
    assert METHODS[method](values, weights, {}, 10).value == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("2.45"), 2.5), (2.45, 2.5), (1.0499999999999998, 1.0), (-0.0, 0.0)],
)
def test_rounding_reads_a_float_as_its_shortest_decimal(
    value: float | Decimal, expected: float
) -> None:
    assert repr(round_half_up(value, 1)) == repr(expected)


def test_a_gap_and_its_priority_have_no_float_noise(build: type[Build]) -> None:
    kids = [build.question(qid) for qid in "abcde"]
    group = build.group("g", kids, kind="indicator", target=3.5)
    result = score_assessment(build.questionnaire([group]), answered(a=1, b=1, c=1, d=1, e=2))
    node, priority = result["g"], result.priorities["g"]
    # In floats, 2.3 / 2.5 is 0.9199999999999999.
    assert (node.level, node.gap, node.normalised_gap, priority.value) == (1.2, 2.3, 0.92, 0.46)


def test_a_rollup_mean_and_median_have_no_float_noise(build: type[Build]) -> None:
    questionnaire = build.questionnaire([build.group("g", [number(build, "q")])], top=10)
    scored = {
        c: score_assessment(questionnaire, answered(q=v)) for c, v in [("X", 0.1), ("Y", 0.2)]
    }
    node = rollup(questionnaire, scored).nodes["q"]
    assert (repr(node.mean), repr(node.median)) == ("0.15", "0.15")
