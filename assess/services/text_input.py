"""Texts people type, checked before they reach the database: no control characters."""

from __future__ import annotations

import re

from assess.services.errors import InvalidInput, Text, refusal_text

# C0 controls but tab, line feed and carriage return (browsers send a textarea's lines as CRLF).
# PostgreSQL refuses NUL in text outright; the others are invisible and break exports.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control(text: str) -> bool:
    """Whether `text` holds a control character other than tab or a line break."""
    return CONTROL.search(text) is not None


def checked(text: str, what: Text) -> str:
    """`text` unchanged; InvalidInput naming `what` (e.g. 'The round label') if it holds a control
    character."""
    if has_control(text):
        raise InvalidInput(
            refusal_text(
                "%(what)s contains a control character (such as NUL) that cannot be stored: "
                "remove it.",
                what=what,
            )
        )
    return text
