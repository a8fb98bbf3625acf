"""'Did you mean' for near-miss names, and lists of valid names for messages.

A name is compared with difflib (a ratio of at least CUTOFF), but never with every name of a
large set: a file naming 8,000 unknown questions among 8,000 declared ones would cost 64 million
comparisons. A large set is indexed once (cached by its names) by the letter pairs of each name;
a name is compared with the SHORTLIST names sharing most of its rarest pairs only, reading at
most BUDGET entries of the index. Each look-up costs about the same whatever the set's size.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

CUTOFF = 0.6  # difflib's default: the ratio of matching characters a suggestion needs
SMALL = 16  # sets this small are compared whole
SHORTLIST = 8  # names of a large set compared with difflib: the most alike by letter pairs
BUDGET = 2000  # entries of a large set's index read for one name, rarest pairs first
MAX_NAME = 200  # longer names are no typo of a name: no suggestion (difflib is quadratic)


def closest(name: object, candidates: Iterable[object] | Names) -> str | None:
    """The candidate closest to `name`, when one is close enough to be a likely typo.

    Callers looking up many names in one set pass it as `Names(candidates)`, indexed once;
    other sets are indexed once per distinct tuple of names (a cache)."""
    found = candidates if isinstance(candidates, Names) else _names(tuple(candidates))
    return found.closest(str(name))


def did_you_mean(name: object, candidates: Iterable[object] | Names) -> str:
    """'; did you mean 'x'?' when a candidate is close to `name`, else ''."""
    match = closest(name, candidates)
    return f"; did you mean '{match}'?" if match else ""


def one_of(names: Iterable[object]) -> str:
    """The valid names, for messages: 'a, b or c'."""
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _pairs(text: str) -> set[str]:
    """The letter pairs of a name, its first and last letters paired with its ends: ids that
    share their words in another order (lab_plan, plan_lab) then differ by their ends."""
    marked = f"\x00{text}\x00"
    return {marked[i : i + 2] for i in range(len(marked) - 1)}


@lru_cache(maxsize=32)
def _names(candidates: tuple[object, ...]) -> Names:
    return Names(candidates)


class Names:
    """A set of candidate names, indexed by their letter pairs when it is large."""

    def __init__(self, candidates: Iterable[object]) -> None:
        self.names = list(dict.fromkeys(str(c) for c in candidates))
        self.sizes: list[int] = []
        self.postings: dict[str, list[int]] = {}
        if len(self.names) <= SMALL:
            return
        for number, name in enumerate(self.names):
            pairs = _pairs(name) if len(name) <= MAX_NAME else set()
            self.sizes.append(len(pairs))
            for pair in pairs:
                self.postings.setdefault(pair, []).append(number)

    def closest(self, name: str) -> str | None:
        """The name closest to `name` by difflib's ratio (at least CUTOFF), or None."""
        if len(name) > MAX_NAME:
            return None
        if len(self.names) <= SMALL:
            found = difflib.get_close_matches(name, self.names, 1, CUTOFF)
            return found[0] if found else None
        pairs = sorted(_pairs(name), key=lambda p: len(self.postings.get(p, ())))
        shared: Counter[int] = Counter()
        read = 0
        for pair in pairs:
            posting = self.postings.get(pair, ())
            read += len(posting)
            if read > BUDGET:
                break  # the remaining pairs are common to too many names to tell them apart
            shared.update(posting)
        if not shared:
            return None
        size, sizes = len(pairs), self.sizes
        # The names sharing most pairs, then the most alike by Dice's coefficient on pairs (close
        # to difflib's ratio, and cheap): q123 before q1234 for q123x.
        most = sorted(shared.items(), key=itemgetter(1), reverse=True)[: 4 * SHORTLIST]
        best = heapq.nlargest(SHORTLIST, most, key=lambda item: item[1] / (size + sizes[item[0]]))
        found = difflib.get_close_matches(name, [self.names[n] for n, _ in best], 1, CUTOFF)
        return found[0] if found else None
