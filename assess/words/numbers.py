"""Numbers, dates and lists as the reader's language writes them (52.7 or 52,7 in French)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.core import Locale, get_global
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import (
    NumberFormatError,
    UnsupportedNumberingSystemError,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from assess.words.catalogue import cldr_locale

Number = int | float | Decimal
# Digits as each language writes them: the numbering system CLDR names as the language's default.
# Babel writes Latin digits unless asked; asked here, once, for every number, amount and date.
# (CLDR 47 gives Latin digits to fr, ru, pt and to ar itself, as the Maghreb and the Gulf write
# them; it gives Arabic-Indic ones to ar-EG or ar-SA, which `cldr_locale` does not reach.)
DIGITS = "default"


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
        return format_decimal(
            exact.normalize(),
            locale=cldr_locale(lang),
            decimal_quantization=False,
            numbering_system=DIGITS,
        )
    step = Decimal(1).scaleb(-places)
    rounded = exact.quantize(step, ROUND_HALF_UP)
    if trim and rounded == rounded.to_integral_value():
        places = 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(rounded, pattern, locale=cldr_locale(lang), numbering_system=DIGITS)


def percent(share: Number | None, lang: str | None) -> str:
    """A share of 1 as a whole percentage: '75%' in English, '75 %' in French."""
    if share is None:
        return ""
    whole = (_exact(share) * 100).quantize(Decimal(1), ROUND_HALF_UP) / 100
    return format_percent(whole, locale=cldr_locale(lang), numbering_system=DIGITS)


def date(value: dt.date, lang: str | None) -> str:
    """A date spelled out in `lang`: 'March 14, 2025', '14 mars 2025'."""
    return in_digits(format_date(value, "long", locale=cldr_locale(lang)), lang)


def moment(value: dt.datetime, lang: str | None) -> str:
    """A time of day and its date in `lang`, in UTC and saying so: 'Mar 14, 2025, 9:30 AM UTC'."""
    utc = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    written = format_datetime(utc, "medium", tzinfo=dt.UTC, locale=cldr_locale(lang))
    return in_digits(f"{written} UTC", lang)


@cache
def digits(lang: str | None) -> str:
    """The ten digits `lang` writes, 0 to 9 ('0123456789' in Latin digits)."""
    return "".join(
        format_decimal(n, locale=cldr_locale(lang), numbering_system=DIGITS) for n in range(10)
    )


def in_digits(text: str, lang: str | None) -> str:
    """`text` with its Latin digits in the digits of `lang` (Babel writes dates in Latin ones)."""
    return text.translate(str.maketrans("0123456789", digits(lang)))


def word_list(items: Sequence[str], lang: str | None) -> str:
    """'a, b and c' as `lang` writes a list."""
    return format_list(list(items), locale=cldr_locale(lang)) if items else ""


def list_separator(lang: str | None) -> str:
    """What `lang` writes between two items of a list: ', ' in English, ' و' in Arabic."""
    middle = Locale.parse(cldr_locale(lang)).list_patterns["standard"]["middle"]
    return middle.replace("{0}", "").replace("{1}", "")


# ISO 4217 codes that are legal tender in some territory today, as Babel's CLDR data says.
CURRENCIES: tuple[str, ...] = tuple(
    sorted(
        {
            code
            for held in get_global("territory_currencies").values()
            for code, _start, end, tender in held
            if end is None and tender
        }
    )
)
ARABIC_DIGITS = re.compile("[\u0660-\u0669]")
SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f]+(?=\d)")
# Marks that only steer the direction of text (right-to-left languages write amounts with them):
# what is typed or pasted is read without them.
DIRECTION_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Arabic-Indic and Eastern Arabic-Indic digits and the Arabic decimal separator, as a program reads
# them: what is typed in Arabic digits is the same number.
PLAIN_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        "\u066b": ".",
    }
)


def plain_number(text: str) -> str:
    """A number typed in any digits as Latin digits with a decimal point, direction marks left
    out: '٥٢٫٧' is '52.7' (group separators and decimal commas are the caller's to refuse)."""
    return DIRECTION_MARKS.sub("", text).translate(PLAIN_DIGITS)


def currency_name(code: str, lang: str | None) -> str:
    """The code and the currency's name in `lang`: 'EUR (euro)', 'USD (dollar des États-Unis)'."""
    return f"{code} ({get_currency_name(code, locale=cldr_locale(lang))})"


def money(value: Number | None, currency: str, lang: str | None) -> str:
    """An amount in its currency as `lang` writes it: '€120,000.00', '120 000,00 €'."""
    if value is None:
        return ""
    locale = cldr_locale(lang)
    written = format_currency(_exact(value), currency, locale=locale, numbering_system=DIGITS)
    return _symbol_whole(written, currency, locale)


LEFT_TO_RIGHT_MARK = "\u200e"


def _symbol_whole(text: str, currency: str, locale: str) -> str:
    """In a right-to-left language, a currency symbol of Latin letters and a sign ('US$') between
    left-to-right marks: without them the sign, which has no direction of its own, takes the
    line's and is drawn on the far side of the letters ('$US')."""
    symbol = get_currency_symbol(currency, locale=locale)
    latin = any("a" <= c.lower() <= "z" for c in symbol)
    if not latin or symbol.isalpha() or Locale.parse(locale).character_order != "right-to-left":
        return text
    return text.replace(symbol, f"{LEFT_TO_RIGHT_MARK}{symbol}{LEFT_TO_RIGHT_MARK}", 1)


@dataclass(frozen=True)
class Amount:
    """An amount typed by a person, and the currency it named (None: it named none)."""

    value: Decimal
    currency: str | None


class NotAnAmount(ValueError):
    """The text is no amount as `lang` writes one; `example` shows one that is."""

    def __init__(self, text: str, lang: str | None) -> None:
        super().__init__(text)
        self.example = number(Decimal("120000.50"), lang, places=2)


def parse_amount(text: str, lang: str | None) -> Amount:
    """An amount as people write it in `lang`, perhaps with a currency code or symbol:
    'EUR 120,000' (en), '120 000 €' (fr), '120.000,50' (pt); NotAnAmount when it is none."""
    locale = cldr_locale(lang)
    number, currency = _without_currency(DIRECTION_MARKS.sub("", text).strip(), locale)
    # A space between digits is the group separator of languages that group with a space.
    if get_group_symbol(locale).isspace() or get_group_symbol(locale) == "\u202f":
        number = SPACES.sub(get_group_symbol(locale), number)
    for read_as, digits, strict in _readings(number, locale):
        try:
            value = parse_decimal(number, read_as, strict=strict, numbering_system=digits)
        except (NumberFormatError, UnsupportedNumberingSystemError):
            continue
        if value.is_finite():
            return Amount(value, currency)
    raise NotAnAmount(text, lang)


def _readings(number: str, locale: str) -> list[tuple[str, str, bool]]:
    """How to read the number: locale, digits, strictly (so '120,5' is no English amount)."""
    if ARABIC_DIGITS.search(number):
        # Arabic-Indic digits have their own separators (٬ ٫), so nothing is ambiguous; Babel's
        # strict check compares them with Latin digits, so it reads them leniently.
        return [(locale, "arab", False)]
    readings = [(locale, "latn", True)]
    if get_decimal_symbol(locale) == "," and get_group_symbol(locale) != ".":
        # Who writes 120 000,50 also meets 120.000,50 (dots grouping, a comma before cents).
        readings.append(("de", "latn", True))
    return readings


def _without_currency(text: str, locale: str) -> tuple[str, str | None]:
    """The text without the currency it names (an ISO code, or a symbol of `locale`)."""
    for code in _currency_marks(locale):
        for mark in (code, get_currency_symbol(code, locale=locale)):
            if mark in text and (mark != code or re.search(rf"\b{code}\b", text)):
                return text.replace(mark, "", 1).strip(), code
    return text, None


@cache
def _currency_marks(locale: str) -> tuple[str, ...]:
    """Currency codes, those whose symbol is longest first (so 'US$' wins over '$')."""
    return tuple(
        sorted(CURRENCIES, key=lambda code: -len(get_currency_symbol(code, locale=locale)))
    )


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV file is written for readers of a language: the field delimiter and the decimal
    separator of its numbers (a comma where the language writes decimals with one, so the
    delimiter is then a semicolon, as spreadsheets of that locale expect)."""

    delimiter: str
    decimal: str


def csv_format(lang: str | None) -> CsvFormat:
    """The CSV format `lang`'s spreadsheets read: ',' and '.' in English, ';' and ',' in French."""
    decimal = get_decimal_symbol(cldr_locale(lang), numbering_system="latn")
    return CsvFormat(";" if decimal == "," else ",", decimal)


def csv_number(value: Number, lang: str | None) -> str:
    """A number for a CSV field: Latin digits, no grouping, `lang`'s decimal separator (so
    spreadsheets and statistics packages read it as a number): '52,7' in French."""
    exact = _exact(value).normalize()
    written = format(exact, "f")
    return written.replace(".", csv_format(lang).decimal)


def csv_decimal(delimiter: str) -> str:
    """The decimal separator of the numbers of a CSV file with this delimiter: a comma in
    semicolon-separated files (as `csv_format` writes them), else a point."""
    return "," if delimiter == ";" else "."


def point_decimal(text: str, decimal: str) -> str:
    """A number written with `decimal` before its decimals, with a point instead: '52,7' is
    '52.7' when `decimal` is ','; a text holding a point as well is left for the caller to refuse
    (1.234,5: grouping is not read)."""
    if decimal == "." or "." in text or text.count(",") != 1:
        return text
    return text.replace(",", ".")
