"""Texts people type, checked before they reach the database: no control characters, no lone
surrogates, no text beyond its bound; and ids people send, bounded like our id columns."""

from __future__ import annotations

import re

from assess.services.errors import InvalidInput, Text, refusal_text

# C0 controls but tab, line feed and carriage return (browsers send a textarea's lines as CRLF),
# C1 controls (U+0080-U+009F) and lone UTF-16 surrogates (JSON may carry "\ud800"; no UTF-8 can
# hold one, so every page showing it would fail). PostgreSQL refuses NUL in text outright; the
# others are invisible and break exports.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ud800-\udfff]")

# How long a text people send may be, in characters: one place for every bound.
SHORT_TEXT = 200  # a name, a title, a label, one line
MESSAGE_TEXT = 5_000  # a query or a message of a thread
LONG_TEXT = 20_000  # an answer's text or comment, an evidence line: the most of any one text
# The largest id people may name: what our integer id columns hold (PostgreSQL's int4).
MAX_ID = 2**31 - 1


class TextTooLong(InvalidInput):
    """A text over its bound: nothing of it is stored."""

    code = "too-long"


def has_control(text: str) -> bool:
    """Whether `text` holds a control character other than tab or a line break, or a lone
    surrogate."""
    return CONTROL.search(text) is not None


def checked(text: str, what: Text, limit: int = LONG_TEXT) -> str:
    """`text` unchanged; InvalidInput naming `what` (e.g. 'The round label') if it holds a control
    character, TextTooLong if it is longer than `limit` characters."""
    if has_control(text):
        raise InvalidInput(
            refusal_text(
                "%(what)s contains a control character (such as NUL) that cannot be stored: "
                "remove it.",
                what=what,
            )
        )
    if len(text) > limit:
        raise TextTooLong(
            refusal_text(
                "%(what)s is too long: at most %(limit)s characters.", what=what, limit=limit
            )
        )
    return text


def parse_id(raw: object) -> int | None:
    """The id a form field or JSON value names (ASCII digits, at most MAX_ID), else None."""
    text = raw if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
