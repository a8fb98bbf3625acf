"""The aggregation methods a group may use, in one registry: name -> function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assess.questionnaire.numbers import exact, half_up


def dsum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of decimals, a decimal even when there are none."""
    return sum(values, Decimal(0))


def dprod(values: Iterable[Decimal]) -> Decimal:
    """The product of decimals, at the context's 28 significant digits."""
    result = Decimal(1)
    for value in values:
        result *= value
    return result


@dataclass(frozen=True, slots=True)
class MethodResult:
    """A method's score and the intermediate values a reader needs to check it."""

    value: float
    steps: tuple[tuple[str, float], ...]


# (child scores, their weights, method parameters, scale max) -> result
Method = Callable[[Sequence[float], Sequence[float], Mapping[str, object], float], MethodResult]

# Methods compute in decimal, from the decimals people wrote (see `exact`), so a tie such as
# 0.7 x 3.5 = 2.45 stays a tie; sums, products and quotients are exact to 28 significant digits,
# powers (geometric means) correct to the 28th. Results leave as floats: the nearest float to a
# decimal of up to 15 digits reads back (repr) as that decimal, so no output shows float noise.


def weighted_mean(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = sum(w x) / sum(w)."""
    ws = [exact(w) for w in weights]
    num = dsum(w * exact(x) for w, x in zip(ws, values, strict=True))
    den = dsum(ws)
    return MethodResult(float(num / den), (("sum(w*x)", float(num)), ("sum(w)", float(den))))


def geometric(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = prod(x ** (w / sum(w)))."""
    ws = [exact(w) for w in weights]
    den = dsum(ws)
    value = dprod(exact(x) ** (w / den) for w, x in zip(ws, values, strict=True))
    return MethodResult(float(value), (("sum(w)", float(den)),))


def complement_geometric(
    values: Sequence[float], weights: Sequence[float], params: Mapping[str, object], top: float
) -> MethodResult:
    """S = (M + 1) - prod((M + 1 - x) ** (w / sum(w))): the worst child dominates."""
    cap = exact(params.get("max", top))  # type: ignore[arg-type]
    ws = [exact(w) for w in weights]
    den = dsum(ws)
    product = dprod((cap + 1 - exact(x)) ** (w / den) for w, x in zip(ws, values, strict=True))
    steps = (("M", float(cap)), ("prod((M+1-x)^(w/sum(w)))", float(product)))
    return MethodResult(float(cap + 1 - product), steps)


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
    products = [float(exact(w) * exact(x)) for w, x in zip(weights, values, strict=True)]
    return MethodResult(max(products), tuple(("w*x", p) for p in products))


METHODS: dict[str, Method] = {
    "mean": weighted_mean,
    "geometric": geometric,
    "complement_geometric": complement_geometric,
    "max": largest,
    "min": smallest,
    "weighted_max": weighted_max,
}


def round_half_up(value: float | Decimal, digits: int) -> float:
    """`value` rounded to `digits` decimals, halves up, as a float (see numbers.half_up)."""
    return float(half_up(exact(value), digits))
