"""An answer in words, one way for every page, report and export.

Levels with their label, checklists (including "none of these is met"), choices, yes/partial/no,
numbers with their unit, dates, and the "not applicable" and "don't know" states. Each piece
says which language it is in, so a page can mark texts that fall back to the default language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol

from assess.words.catalogue import words_in
from assess.words.numbers import Number, date, number
from assess.words.texts import Localised, Shown, shown

ANSWERED = "answered"


# The shapes of a questionnaire's question this module reads (assess.questionnaire.model has
# them): words sits below every package, so it names no model class.
class Option(Protocol):
    """A choice, or an item of a checklist."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> Localised: ...


class Level(Protocol):
    @property
    def label(self) -> Localised: ...


class Scale(Protocol):
    @property
    def options(self) -> tuple[Option, ...]: ...
    def level(self, value: float) -> Level | None: ...


class NumberSpec(Protocol):
    @property
    def unit(self) -> Localised | None: ...


class Question(Protocol):
    """A question: its type, scale, options, checklist items and number settings."""

    @property
    def type(self) -> str: ...
    @property
    def scale(self) -> Scale | None: ...
    @property
    def options(self) -> tuple[Option, ...]: ...
    @property
    def attributes(self) -> Mapping[int, tuple[Option, ...]]: ...
    @property
    def number(self) -> NumberSpec | None: ...


def state_words(status: str, lang: str) -> str:
    """What an answer's state says: 'Not applicable', "Don't know"; '' for an answered one."""
    w = words_in(lang)
    if status == "na":
        return w.gettext("Not applicable")
    if status == "dont_know":
        return w.gettext("Don't know")
    return ""


def answer_parts(question: Question, status: str, value: object, lang: str) -> tuple[Shown, ...]:
    """A typed answer in words, piece by piece (each chosen item is a piece); () for no value."""
    if status != ANSWERED:
        return (Shown(state_words(status, lang), lang, False),)
    if value is None:
        return ()
    if isinstance(value, frozenset | set) and not value and question.type == "checklist":
        return (Shown(words_in(lang).gettext("None of these is met"), lang, False),)
    if question.type in ("level", "checklist") and isinstance(value, int | float | Decimal):
        return (_level(question, value, lang),)
    chosen = value if isinstance(value, frozenset | set) else {value}
    if question.type in ("checklist", "single_choice", "multiple_choice", "yes_partial_no"):
        return _labels(_choices(question), chosen, lang)
    if question.type == "number" and isinstance(value, int | float | Decimal):
        return (_with_unit(question, number(value, lang), lang),)
    if isinstance(value, dt.date):
        return (Shown(date(value, lang), lang, False),)
    return (Shown(str(value), lang, False),)


def joined(parts: Iterable[Shown]) -> str:
    """Pieces of an answer as one text, joined as the pages join them."""
    return "; ".join(part.text for part in parts)


def answer_text(question: Question, status: str, value: object, lang: str) -> str:
    """A typed answer in words as one text."""
    return joined(answer_parts(question, status, value, lang))


def _with_unit(question: Question, written: str, lang: str) -> Shown:
    unit = shown(question.number.unit, lang) if question.number else None
    if unit is None:
        return Shown(written, lang, False)
    return Shown(f"{written} {unit.text}", unit.lang, unit.fallback)


def _level(question: Question, value: Number, lang: str) -> Shown:
    written = number(value, lang)
    level = question.scale.level(float(value)) if question.scale else None
    label = shown(level.label, lang) if level else None
    if label is None:
        return Shown(written, lang, False)
    return Shown(f"{written} {label.text}", label.lang, label.fallback)


def _choices(question: Question) -> tuple[Option, ...]:
    """Every option or checklist item of the question, in the order the page lists them."""
    if question.type == "checklist":
        return tuple(a for level in sorted(question.attributes) for a in question.attributes[level])
    if question.options:
        return question.options
    return question.scale.options if question.scale else ()


def _labels(options: Iterable[Option], chosen: object, lang: str) -> tuple[Shown, ...]:
    ids = set(chosen) if isinstance(chosen, frozenset | set) else {chosen}
    known = [shown(o.label, lang) or Shown(o.id, lang, False) for o in options if o.id in ids]
    unknown = [Shown(str(i), lang, False) for i in sorted(ids - {o.id for o in options}, key=str)]
    return tuple(known + unknown)
