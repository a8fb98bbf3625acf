"""The words and signs for how a score changed from one round to the next, on pages and in PDFs."""

from __future__ import annotations

from assess.words.catalogue import words_in

# A sign beside the word, for readers scanning a table (the same in every language).
SIGNS = {"improved": "▲", "regressed": "▼", "unchanged": "=", "not_comparable": "≠"}


def change_word(change: str | None, lang: str) -> str:
    """The word for a change code (improved, regressed, unchanged, not_comparable); '' for none."""
    if change is None:
        return ""
    w = words_in(lang)
    words = {
        "improved": w.pgettext("score change", "Improved"),
        "regressed": w.pgettext("score change", "Regressed"),
        "unchanged": w.pgettext("score change", "Unchanged"),
        "not_comparable": w.pgettext("score change", "Not comparable"),
    }
    if change not in words:
        raise ValueError(f"no word for the change '{change}' (known: {', '.join(words)})")
    return words[change]


def change_sign(change: str | None) -> str:
    """The sign for a change code; '' for none."""
    return SIGNS.get(change or "", "")
