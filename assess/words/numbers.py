"""Numbers, dates and lists as the reader's language writes them (52.7 or 52,7 in French)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from assess.words.catalogue import primary

Number = int | float | Decimal


def _exact(value: Number) -> Decimal:
    # Through str(): the float 2.45 is the decimal 2.45 a reader sees, so ties round as on paper.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(
    value: Number | None, lang: str | None, places: int | None = None, *, trim: bool = False
) -> str:
    """`value` as written in `lang`: 282 not 282.0, with `places` decimals (half up) if given;
    `trim` leaves out decimals that are all zero (41 rather than 41.0, but 52.5)."""
    if value is None:
        return ""
    exact = _exact(value)
    if places is None:
        return format_decimal(exact.normalize(), locale=primary(lang), decimal_quantization=False)
    step = Decimal(1).scaleb(-places)
    rounded = exact.quantize(step, ROUND_HALF_UP)
    if trim and rounded == rounded.to_integral_value():
        places = 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(rounded, pattern, locale=primary(lang))


def percent(share: Number | None, lang: str | None) -> str:
    """A share of 1 as a whole percentage: '75%' in English, '75 %' in French."""
    if share is None:
        return ""
    whole = (_exact(share) * 100).quantize(Decimal(1), ROUND_HALF_UP) / 100
    return format_percent(whole, locale=primary(lang))


def date(value: dt.date, lang: str | None) -> str:
    """A date spelled out in `lang`: 'March 14, 2025', '14 mars 2025'."""
    return format_date(value, "long", locale=primary(lang))


def word_list(items: Sequence[str], lang: str | None) -> str:
    """'a, b and c' as `lang` writes a list."""
    return format_list(list(items), locale=primary(lang)) if items else ""
