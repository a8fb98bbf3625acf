"""Numbers as the project reads them: the decimal people wrote, within what the engine holds.

Scores are computed in decimal from the decimals written (`exact`) and leave the engine as
floats, which read back as the same decimal up to 15 significant digits; answers are stored as
JSON numbers (floats). So every number of a definition or an answer is finite and at most 10^15
in magnitude: integers up to 10^15 are exact in a float, and a score, a weight times a score or
a rounded score (at most 12 digits after the point) stays within the 28 significant digits the
decimal arithmetic keeps.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

MAX_MAGNITUDE = 10**15
# Digits after the point a score may be rounded to: 10^15 to 12 digits is 28 significant digits.
MAX_ROUND = 12


def exact(value: float | Decimal) -> Decimal:
    """A number as the decimal people wrote: 0.7 is seven tenths, not the float nearest it."""
    if isinstance(value, float):  # subclasses too: a YAML float keeps its text (yamlsafe)
        return _written(float(value))
    if isinstance(value, Decimal):
        return value
    return Decimal(value)


@lru_cache(maxsize=4096)
def _written(value: float) -> Decimal:
    # repr gives the shortest decimal that reads back as this float: the one that was written.
    # Scores repeat (levels, options, rounded groups), hence the cache; -0.0 is plain zero.
    return Decimal(repr(value)) if value else Decimal(0)


def half_up(value: Decimal, digits: int) -> Decimal:
    """`value` rounded to `digits` decimals, halves up (2.5 -> 3, where Python's round gives 2)."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def number_problem(value: float | int) -> str | None:
    """Why the engine cannot hold this number (NaN, infinite, beyond 10^15), or None."""
    if isinstance(value, float) and math.isnan(value):
        return "is not a number (NaN)"
    if isinstance(value, float) and math.isinf(value):
        return "is infinite"
    if abs(value) > MAX_MAGNITUDE:
        return "is beyond 10^15 in magnitude, the largest number scores and answers hold"
    return None
