"""Amounts as people type them in their language, and money as they read it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_decimal

from assess.words.numbers import (
    CURRENCIES,
    NotAnAmount,
    csv_decimal,
    date,
    digits,
    money,
    number,
    parse_amount,
    percent,
    point_decimal,
)


@pytest.mark.parametrize(
    ("lang", "typed", "value", "currency"),
    [
        ("en", "EUR 120,000", "120000", "EUR"),
        ("en", "$1,200.50", "1200.50", "USD"),
        ("en", "120000", "120000", None),
        ("fr", "120 000 €", "120000", "EUR"),
        ("fr", "120\u202f000,50 EUR", "120000.50", "EUR"),
        ("fr", "120.000,50", "120000.50", None),
        ("ru", "120 000,50 ₽", "120000.50", "RUB"),
        ("ru", "120.000,50", "120000.50", None),
        ("pt", "120.000,50", "120000.50", None),
        ("pt", "R$ 1.234.567,89", "1234567.89", "BRL"),
        ("pt", "1 234 567,89 €", "1234567.89", "EUR"),
        ("ar", "120,000.50 US$", "120000.50", "USD"),
        ("ar", "١٢٠٬٠٠٠٫٥٠ €", "120000.50", "EUR"),
    ],
)
def test_an_amount_is_read_as_its_language_writes_it(
    lang: str, typed: str, value: str, currency: str | None
) -> None:
    amount = parse_amount(typed, lang)
    assert (amount.value, amount.currency) == (Decimal(value), currency)


@pytest.mark.parametrize(
    ("lang", "typed", "example"),
    [
        ("en", "120.000,50", "120,000.50"),  # a comma is no decimal point in English
        ("en", "120,5", "120,000.50"),
        ("en", "a lot", "120,000.50"),
        ("en", "NaN", "120,000.50"),
        ("en", "Infinity", "120,000.50"),
        ("fr", "", "120\u202f000,50"),
        ("pt", "EUR", "120\u00a0000,50"),  # European Portuguese groups with a space
    ],
)
def test_what_is_no_amount_is_refused_with_an_example(lang: str, typed: str, example: str) -> None:
    with pytest.raises(NotAnAmount) as refused:
        parse_amount(typed, lang)
    assert refused.value.example == example


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "€120,000.50"), ("fr", "120\u202f000,50\u00a0€"), ("pt", "120\u00a0000,50\u00a0€")],
)
def test_money_is_written_in_the_readers_language(lang: str, expected: str) -> None:
    assert money(120000.5, "EUR", lang) == expected


def test_the_currencies_are_iso_codes_in_use_today() -> None:
    assert {"EUR", "USD", "RUB", "XOF", "GBP"} <= set(CURRENCIES)
    assert not {"DEM", "FRF", "XXX"} & set(CURRENCIES)


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        # Latin letters and a sign: between left-to-right marks, so '$' stays after 'US'.
        ("USD", "\u200f120,000.50\u00a0\u200eUS$\u200e"),
        ("GBP", "\u200f120,000.50\u00a0\u200eUK£\u200e"),
        # A sign alone, letters alone, or Arabic letters: as the language writes them.
        ("EUR", "\u200f120,000.50\u00a0€"),
        ("CHF", "\u200f120,000.50\u00a0CHF"),
        ("SAR", "\u200f120,000.50\u00a0ر.س.\u200f"),
    ],
)
def test_in_arabic_a_currency_symbol_of_letters_and_a_sign_is_kept_whole(
    currency: str, expected: str
) -> None:
    assert money(120000.5, currency, "ar") == expected


@pytest.mark.parametrize("lang", ["ar", "en", "fr", "ru"])
@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_an_amount_as_money_writes_it_is_read_back(lang: str, currency: str) -> None:
    """What the pages show, copied into a field (direction marks and all), is read as shown."""
    amount = parse_amount(money(Decimal("24002.49"), currency, lang), lang)
    assert (amount.value, amount.currency) == (Decimal("24002.49"), currency)


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "ru", "pt"])
def test_numbers_amounts_and_dates_use_the_digits_cldr_gives_the_language(lang: str) -> None:
    system = Locale.parse(lang).default_numbering_system
    assert digits(lang) == "".join(
        format_decimal(n, locale=lang, numbering_system=system) for n in range(10)
    )
    written = [
        number(1234567.5, lang, places=1),
        percent(0.75, lang),
        money(120000.5, "EUR", lang),
        date(dt.date(2026, 11, 21), lang),
    ]
    used = {char for text in written for char in text if char.isdigit()}
    assert used <= set(digits(lang))


def test_arabic_is_written_with_the_latin_digits_cldr_gives_ar() -> None:
    # CLDR 47 gives ar (no region) Latin digits, as the Maghreb writes them; ar-EG would be ٠١٢.
    assert (digits("ar"), number(52.7, "ar", places=1)) == ("0123456789", "52.7")


@pytest.mark.parametrize(
    ("delimiter", "text", "read"),
    [
        (";", "52,7", "52.7"),
        (";", "52", "52"),
        (";", "52.7", "52.7"),
        (";", "1.234,5", "1.234,5"),  # grouping is not read: left for the caller to refuse
        (";", "1,2,3", "1,2,3"),
        (",", "52,7", "52,7"),  # a comma-separated file writes decimals with a point
        ("\t", "52,7", "52,7"),
    ],
)
def test_a_csv_number_is_read_with_its_file_s_decimal_separator(
    delimiter: str, text: str, read: str
) -> None:
    assert point_decimal(text, csv_decimal(delimiter)) == read
