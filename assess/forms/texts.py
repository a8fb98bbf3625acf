"""Questionnaire texts in the reader's language, marked when they fall back to the default one."""

from __future__ import annotations

from dataclasses import dataclass

from assess.questionnaire.model import LocalText


@dataclass(frozen=True, slots=True)
class Shown:
    """A text as shown to a reader: the words, their language, and whether it is a fallback."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def shown(text: LocalText | None, lang: str) -> Shown | None:
    """The text in `lang`, or in the default language marked as a fallback; None for no text."""
    if text is None:
        return None
    words, used = text.resolve(lang)
    return Shown(words, used, used != lang)
