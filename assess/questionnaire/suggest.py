"""'Did you mean' for near-miss names, and lists of valid names for messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: object, candidates: Iterable[object]) -> str | None:
    """The candidate closest to `name`, when one is close enough to be a likely typo."""
    names = [str(c) for c in candidates]
    found = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: object, candidates: Iterable[object]) -> str:
    """'; did you mean 'x'?' when a candidate is close to `name`, else ''."""
    match = closest(name, candidates)
    return f"; did you mean '{match}'?" if match else ""


def one_of(names: Iterable[object]) -> str:
    """The valid names, for messages: 'a, b or c'."""
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
