"""The aggregation registry: the names the format declares, each method's formula, rounding."""

from __future__ import annotations

import pytest

from assess.questionnaire.vocabulary import AGGREGATIONS
from assess.scoring import METHODS, round_half_up


def test_the_registry_has_exactly_the_methods_the_format_declares() -> None:
    assert sorted(METHODS) == sorted(AGGREGATIONS)


@pytest.mark.parametrize(
    ("method", "values", "weights", "params", "expected"),
    [
        ("mean", [20, 60], [1, 1], {}, 40),
        ("mean", [20, 60], [3, 1], {}, 30),
        ("geometric", [2, 8], [1, 1], {}, 4),
        ("geometric", [0, 8], [1, 1], {}, 0),
        ("complement_geometric", [8.9, 6.6, 0, 0, 6.7], [1] * 5, {"max": 10}, 5.5501),
        ("complement_geometric", [5.5, 10], [1, 1], {}, 8.6548),
        ("max", [3, 7, 5], [1, 1, 1], {}, 7),
        ("min", [3, 7, 5], [1, 1, 1], {}, 3),
        ("weighted_max", [10, 6], [0.7, 1], {}, 7),
        ("weighted_max", [4, 1], [0.7, 1], {}, 2.8),
    ],
)
def test_each_method_computes_its_formula(
    method: str, values: list[float], weights: list[float], params: dict, expected: float
) -> None:
    assert METHODS[method](values, weights, params, 10).value == pytest.approx(expected, abs=1e-4)


def test_complement_geometric_lists_its_product_as_an_intermediate_value() -> None:
    result = METHODS["complement_geometric"]([5.5, 10], [1, 1], {}, 10)
    assert dict(result.steps) == pytest.approx({"M": 10, "prod((M+1-x)^(w/sum(w)))": 5.5**0.5})


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(2.5, 0, 3), (71.5, 0, 72), (71.4999, 0, 71), (2.675, 2, 2.68), (0.05, 1, 0.1), (-2.5, 0, -3)],
)
def test_rounding_takes_halves_up(value: float, digits: int, expected: float) -> None:
    assert round_half_up(value, digits) == expected
