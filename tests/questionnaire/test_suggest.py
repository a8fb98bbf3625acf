"""'Did you mean': the same suggestions as difflib, at a bounded cost on large sets of names."""

from __future__ import annotations

import difflib

import pytest

from assess.questionnaire import suggest
from assess.questionnaire.suggest import Names, closest, did_you_mean

WORDS = ["staff", "trained", "lab", "plan", "drill", "stock", "border", "alert", "water", "food"]
# 10 x 10 x 9 = 900 names such as staff_lab_3: many share their words, as ids in a file do.
LARGE = [f"{a}_{b}_{n}" for a in WORDS for b in WORDS for n in range(1, 10)]


def typos(name: str) -> list[str]:
    """A letter dropped, doubled, replaced and two letters swapped, in the name's middle."""
    i = len(name) // 2
    return [
        name[:i] + name[i + 1 :],
        name[:i] + name[i] + name[i:],
        name[:i] + "x" + name[i + 1 :],
        name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :],
    ]


def ratio(a: str, b: str | None) -> float:
    return 0.0 if b is None else difflib.SequenceMatcher(None, a, b).ratio()


def test_small_sets_are_compared_whole() -> None:
    assert closest("capabilty", ["capability", "frequency"]) == "capability"
    assert closest("zzz", ["capability", "frequency"]) is None
    assert did_you_mean("stafff", {"staff": 1, "labs": 2}) == "; did you mean 'staff'?"


def test_large_sets_suggest_what_difflib_finds_over_every_name() -> None:
    names = Names(LARGE)
    for name in LARGE[::7]:
        for typo in typos(name):
            [best] = difflib.get_close_matches(typo, LARGE, n=1) or [None]
            found = names.closest(typo)
            assert ratio(typo, found) == ratio(typo, best), (typo, found, best)
            assert found is not None


def test_the_closest_of_many_similar_names_is_found() -> None:
    numbered = Names(f"q{n}" for n in range(1, 8001))
    # q123x: q123 shares 4 of 9 characters (0.89), q1234 and q1230 4 of 10 (0.8).
    assert numbered.closest("q123x") == "q123"
    assert numbered.closest("q80000") == "q8000"
    assert numbered.closest("nope_1") is None  # 'nope_1' and 'q1' share one character: 0.25


def test_a_large_set_compares_a_few_names_only(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[int] = []
    real = difflib.get_close_matches

    def spy(word, possibilities, *args):
        compared.append(len(possibilities))
        return real(word, possibilities, *args)

    monkeypatch.setattr(suggest.difflib, "get_close_matches", spy)
    names = Names(f"q{n}" for n in range(1, 8001))
    assert names.closest("q4567x") == "q4567"
    assert compared == [suggest.SHORTLIST]
    assert closest("q1x", ["q1", "q2"]) == "q1"
    assert compared == [suggest.SHORTLIST, 2]


def test_sets_given_as_iterables_are_indexed_once_per_content() -> None:
    suggest._names.cache_clear()
    candidates = {f"q{n}": None for n in range(1, 100)}
    assert closest("q12x", candidates) == "q12"
    assert closest("q13x", candidates) == "q13"
    assert suggest._names.cache_info().misses == 1
    candidates["q120"] = None
    assert closest("q120x", candidates) == "q120"  # a changed set is indexed again
    assert suggest._names.cache_info().misses == 2


def test_very_long_names_get_no_suggestion() -> None:
    long = "a" * (suggest.MAX_NAME + 1)
    assert closest(long, [long[:-1]]) is None
    assert closest(long, LARGE) is None
