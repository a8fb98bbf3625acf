"""Texts a person reads: message templates with parameters, and questionnaire texts as shown.

A `Text` is an English template with named `%(name)s` parameters, marked with `refusal_text` so
that `pybabel extract` finds it (see assess/translations/babel.cfg). Its `str()` is the English
sentence, for logs and tests; `said` says it in a reader's language through the catalogues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from assess.words.catalogue import DEFAULT_LANGUAGE, Words, words_in
from assess.words.numbers import number, word_list


@dataclass(frozen=True)
class Text:
    """Words to translate: a template with `%(name)s` placeholders and the values they take.

    A value that is itself a `Text` (a status, a field's name, a size) is translated too.
    """

    template: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str = ""  # the plural template of a sentence that counts something
    count: str = ""  # the parameter that counts: it picks the singular or the plural

    @property
    def english(self) -> str:
        """The template that fits the count in English."""
        if self.plural and self.params[self.count] != 1:
            return self.plural
        return self.template

    def __str__(self) -> str:
        # Like Flask-Babel's gettext: a template without parameters is not %-formatted.
        return self.english % self.params if self.params else self.english


def refusal_text(template: str, **params: Any) -> Text:
    """Mark `template` (a literal, English, `%(name)s` placeholders) as words to translate."""
    return Text(template, params)


def refusal_plural(singular: str, plural: str, counted: str, /, **params: Any) -> Text:
    """Mark a sentence that counts something: the parameter named `counted` picks the form."""
    return Text(singular, params, plural, counted)


def either(words: Sequence[Text]) -> Text:
    """'a', 'a or b', 'a or b or c': alternatives said in the reader's language."""
    if len(words) == 1:
        return words[0]
    return refusal_text("%(first)s or %(last)s", first=either(words[:-1]), last=words[-1])


def translates(lang: str | None, text: Text) -> bool:
    """Whether `lang` has its own words for `text` (English always does)."""
    words = words_in(lang)
    return words.lang == DEFAULT_LANGUAGE or words.has(text.template, plural=bool(text.plural))


def _own(words: Words, text: Text) -> str:
    """`text`'s template in `words`' language (the English one when it has none)."""
    if text.plural:
        return words.catalogue.ungettext(text.template, text.plural, text.params[text.count])
    return words.catalogue.ugettext(text.template)


def said(text: Text, lang: str | None) -> str:
    """`text` in `lang`, its parameters too (numbers as that language writes them).

    A sentence not translated into `lang` is said wholly in English, never half in one language
    and half in another.
    """
    words = words_in(lang)
    if words.lang == DEFAULT_LANGUAGE or not translates(lang, text):
        return str(text)
    params = {name: _said_value(value, words.lang) for name, value in text.params.items()}
    return _own(words, text) % params if params else _own(words, text)


def _said_value(value: object, lang: str) -> object:
    if isinstance(value, Text | Titles):
        return value.said(lang) if isinstance(value, Titles) else said(value, lang)
    if isinstance(value, float):
        return number(value, lang, places=1)  # a measure: 10,0 in French
    if isinstance(value, Decimal):
        return number(value, lang)  # an exact number, written in full: 2,25 in French
    return value


class Localised(Protocol):
    """A text in several languages (such as a questionnaire's LocalText)."""

    def resolve(self, lang: str | None) -> tuple[str, str]:
        """(text, language actually used)."""
        ...


@dataclass(frozen=True)
class Titles:
    """Questionnaire texts (questions, areas) a sentence lists by their words, never their ids:
    in the reader's language where the questionnaire has it, as `lang` writes a list."""

    texts: tuple[Localised, ...]

    def said(self, lang: str | None) -> str:
        return word_list([t.resolve(lang)[0] for t in self.texts], lang)

    def __str__(self) -> str:
        return self.said(DEFAULT_LANGUAGE)


@dataclass(frozen=True, slots=True)
class Shown:
    """A text as shown to a reader: the words, their language, and whether it is a fallback."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def shown(text: Localised | None, lang: str) -> Shown | None:
    """The text in `lang`, or in the default language marked as a fallback; None for no text."""
    if text is None:
        return None
    words, used = text.resolve(lang)
    return Shown(words, used, used != lang)
