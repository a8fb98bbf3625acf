"""The aggregation methods a group may use, in one registry: name -> function."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class MethodResult:
    """A method's score and the intermediate values a reader needs to check it."""

    value: float
    steps: tuple[tuple[str, float], ...]


# (child scores, their weights, method parameters, scale max) -> result
Method = Callable[[Sequence[float], Sequence[float], Mapping[str, object], float], MethodResult]


def weighted_mean(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = sum(w x) / sum(w)."""
    num = math.fsum(w * x for w, x in zip(weights, values, strict=True))
    den = math.fsum(weights)
    return MethodResult(num / den, (("sum(w*x)", num), ("sum(w)", den)))


def geometric(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = prod(x ** (w / sum(w)))."""
    den = math.fsum(weights)
    value = math.prod(x ** (w / den) for w, x in zip(weights, values, strict=True))
    return MethodResult(value, (("sum(w)", den),))


def complement_geometric(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = (M + 1) - prod((M + 1 - x) ** (w / sum(w))): the worst child dominates."""
    cap = float(params.get("max", top))  # type: ignore[arg-type]
    den = math.fsum(weights)
    product = math.prod((cap + 1 - x) ** (w / den) for w, x in zip(weights, values, strict=True))
    return MethodResult(cap + 1 - product, (("M", cap), ("prod((M+1-x)^(w/sum(w)))", product)))


def largest(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """The largest child score."""
    return MethodResult(max(values), ())


def smallest(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """The smallest child score."""
    return MethodResult(min(values), ())


def weighted_max(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = max(w x): INFORM's max(0.7 a, b)."""
    products = [w * x for w, x in zip(weights, values, strict=True)]
    return MethodResult(max(products), tuple(("w*x", p) for p in products))


METHODS: dict[str, Method] = {
    "mean": weighted_mean,
    "geometric": geometric,
    "complement_geometric": complement_geometric,
    "max": largest,
    "min": smallest,
    "weighted_max": weighted_max,
}


def round_half_up(value: float, digits: int) -> float:
    """`value` rounded to `digits` decimals, halves up (2.5 -> 3, where Python's round gives 2)."""
    # repr gives the shortest decimal that is this float, so 2.675 rounds as people expect.
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
