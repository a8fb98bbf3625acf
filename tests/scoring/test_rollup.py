"""Across countries: competition ranking, and regional roll-ups of comparable assessments."""

from __future__ import annotations

import pytest

from assess.scoring import AssessmentScore, rank, rollup, score_assessment
from tests.scoring.scoring_builders import Build, answered


@pytest.mark.parametrize(
    ("scores", "descending", "expected"),
    [
        ({"a": 9, "b": 7, "c": 7, "d": 5}, True, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": 9, "b": 7, "c": 7, "d": 5}, False, {"a": 4, "b": 2, "c": 2, "d": 1}),
        ({"a": 3, "b": None, "c": 3}, True, {"a": 1, "b": None, "c": 1}),
        ({}, True, {}),
    ],
)
def test_competition_ranking_shares_ties_and_skips_after_them(
    scores: dict, descending: bool, expected: dict
) -> None:
    assert rank(scores, descending=descending) == expected


def region(build: type[Build], version: str = "1.0"):  # type: ignore[no-untyped-def]
    bands = {"two": build.bandset("two", 0, 50, 100)}
    kids = [build.question("a"), build.question("b")]
    indicator = build.group("ind", kids, build.policy(bands="two"), kind="indicator", target=3)
    return build.questionnaire([indicator], build.policy(bands="two"), bands=bands, version=version)


def assessments(build: type[Build]) -> dict[str, AssessmentScore]:
    questionnaire = region(build)
    given = {"X": answered(a=1, b=2), "Y": answered(a=3, b=4), "Z": answered(a=5, b=5), "W": {}}
    return {country: score_assessment(questionnaire, a) for country, a in given.items()}


def test_a_rollup_gives_mean_median_min_max_and_count_per_node(build: type[Build]) -> None:
    node = rollup(region(build), assessments(build)).nodes["ind"]
    assert (node.mean, node.median, node.min, node.max, node.count) == (
        pytest.approx(200 / 3),
        70,
        30,
        100,
        3,
    )


def test_a_rollup_says_how_many_countries_it_covers(build: type[Build]) -> None:
    assert rollup(region(build), assessments(build)).nodes["ind"].coverage == "3 of 4 countries"


def test_a_rollup_counts_countries_per_level_of_an_indicator(build: type[Build]) -> None:
    node = rollup(region(build), assessments(build)).nodes["ind"]
    assert node.distribution == {"1.5": 1, "3.5": 1, "5": 1}


def test_a_rollup_counts_countries_per_band_where_there_is_no_level(build: type[Build]) -> None:
    node = rollup(region(build), assessments(build)).nodes["t"]
    assert node.distribution == {"b0": 1, "b50": 2}


def test_a_rollup_lists_the_countries_below_target(build: type[Build]) -> None:
    assert rollup(region(build), assessments(build)).nodes["ind"].below_target == ("X",)


def test_a_rollup_leaves_out_other_versions_and_says_why(build: type[Build]) -> None:
    scored = assessments(build)
    scored["V"] = score_assessment(region(build, "2.0"), answered(a=1, b=1))
    result = rollup(region(build), scored)
    assert ([(x.country, x.reason) for x in result.left_out], result.countries) == (
        [("V", "answered under version 2.0, not 1.0")],
        ("X", "Y", "Z", "W"),
    )


def test_a_rollup_leaves_out_other_questionnaires(build: type[Build]) -> None:
    other = AssessmentScore("other", "1.0", {}, {}, {})
    result = rollup(region(build), {"Q": other})
    assert [(x.country, x.reason) for x in result.left_out] == [
        ("Q", "answered under questionnaire other, not t")
    ]


def test_a_rollup_has_no_row_for_questions_that_carry_no_score(build: type[Build]) -> None:
    kids = [build.question("a"), build.question("note", "text")]
    questionnaire = build.questionnaire([build.group("g", kids)])
    scored = {"X": score_assessment(questionnaire, answered(a=2, note="fine"))}
    assert list(rollup(questionnaire, scored).nodes) == ["t", "g", "a"]
