"""Errors of scoring inputs, each with a code and a message that says what to fix."""

from __future__ import annotations


class ScoringError(ValueError):
    """Scoring inputs that do not fit the definition (a rating off its scale, an unknown id)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
