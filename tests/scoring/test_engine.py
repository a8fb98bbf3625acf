"""Scoring one assessment: question scores per answer type, policies, rounding, gaps, traces."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import NumberSpec
from assess.scoring import explain, score_assessment
from assess.words.answers import answer_text
from tests.scoring.scoring_builders import Build, answered


def score_one(build: type[Build], question: Any, value: Any) -> float | None:
    questionnaire = build.questionnaire([build.group("g", [question])])
    return score_assessment(questionnaire, answered(**{question.id: value}))[question.id].score


@pytest.mark.parametrize(("level", "expected"), [(1, 20), (3, 60), (5, 100)])
def test_a_level_scores_the_score_of_its_level(
    build: type[Build], level: int, expected: float
) -> None:
    assert score_one(build, build.question("q"), level) == expected


def test_a_half_level_scores_halfway_between_its_neighbours(build: type[Build]) -> None:
    scale = build.level_scale(allow_half=True)
    assert score_one(build, build.question("q", scale=scale), 2.5) == 50


@pytest.mark.parametrize(
    ("met", "expected"),
    [({"a1"}, 50), ({"a1", "a2", "a3"}, 100), ({"a1", "a2"}, 50), ({"a2", "a3"}, 0), (set(), 0)],
)
def test_a_checklist_scores_its_derived_level(
    build: type[Build], met: set[str], expected: float
) -> None:
    attributes = {1: build.options(a1=None), 2: build.options(a2=None, a3=None)}
    scale = build.level_scale(high=2)
    question = build.question("q", "checklist", scale=scale, attributes=attributes)
    assert score_one(build, question, frozenset(met)) == expected


@pytest.mark.parametrize(("choice", "expected"), [("yes", 100), ("partial", 40), ("no", 0)])
def test_yes_partial_no_scores_its_option(build: type[Build], choice: str, expected: float) -> None:
    question = build.question(
        "q", "yes_partial_no", options=build.options(yes=100, partial=40, no=0)
    )
    assert score_one(build, question, choice) == expected


@pytest.mark.parametrize(
    ("combine", "chosen", "expected"),
    [("sum", {"a", "b"}, 90), ("sum", {"a", "b", "c"}, 100), ("max", {"a", "b"}, 60),
     ("mean", {"a", "b"}, 45), ("sum", set(), 0)],
)  # fmt: skip
def test_multiple_choice_combines_its_options(
    build: type[Build], combine: str, chosen: set[str], expected: float
) -> None:
    options = build.options(a=30, b=60, c=50)
    question = build.question("q", "multiple_choice", options=options, combine=combine)
    assert score_one(build, question, frozenset(chosen)) == expected


@pytest.mark.parametrize(
    ("spec", "value", "expected"),
    [
        (NumberSpec(0, 200, None, 0, 50), 25, 50),
        (NumberSpec(0, 200, None, 0, 50), 120, 100),
        (NumberSpec(0, 200, None, None, None), 50, 25),
        (NumberSpec(0, 200, None, 0, 50, invert=True), 10, 80),
        (NumberSpec(0, 999, None, 0, 999, log=True), 99, 200 / 3),
    ],
)
def test_a_number_is_capped_and_normalised_onto_the_scale(
    build: type[Build], spec: NumberSpec, value: float, expected: float
) -> None:
    question = build.question("q", "number", number=spec)
    assert score_one(build, question, value) == pytest.approx(expected)


def test_an_option_without_a_score_leaves_the_denominator(build: type[Build]) -> None:
    options = build.options(yes=100, unsure=None)
    kids = [build.question("a", "single_choice", options=options), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids)])
    result = score_assessment(questionnaire, answered(a="unsure", b=2))
    assert (result["a"].status, result["g"].score) == ("unscored", 40)


@pytest.mark.parametrize(
    ("missing", "expected", "status"),
    [("zero", 30, "scored"), ("exclude", 60, "scored"), ("block", None, "blocked")],
)
def test_missing_answers_follow_the_group_policy(
    build: type[Build], missing: str, expected: float | None, status: str
) -> None:
    kids = [build.question("a"), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing=missing))])
    result = score_assessment(questionnaire, answered(a=3))["g"]
    assert (result.score, result.status) == (expected, status)


@pytest.mark.parametrize("missing", ["zero", "exclude", "block"])
def test_not_applicable_answers_never_enter_the_denominator(
    build: type[Build], missing: str
) -> None:
    kids = [build.question("a"), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing=missing))])
    answers = {**answered(a=3), "b": Answer("b", "na")}
    assert score_assessment(questionnaire, answers)["g"].score == 60


def test_a_dont_know_answer_is_missing(build: type[Build]) -> None:
    kids = [build.question("a"), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing="zero"))])
    answers = {**answered(a=3), "b": Answer("b", "dont_know")}
    result = score_assessment(questionnaire, answers)
    assert (result["b"].status, result["g"].score) == ("missing", 30)


def test_a_group_whose_children_are_all_not_applicable_is_not_applicable(
    build: type[Build],
) -> None:
    questionnaire = build.questionnaire(
        [build.group("g", [build.question("a")]), build.question("b")]
    )
    result = score_assessment(questionnaire, {"a": Answer("a", "na"), **answered(b=1)})
    assert (result["g"].status, result["g"].score, result.root.score) == (
        "not_applicable",
        None,
        20,
    )


def test_parents_aggregate_the_rounded_scores_of_their_children(build: type[Build]) -> None:
    rounded = build.policy(round_to=0)
    first = build.group("g1", [build.question(q) for q in ("a", "b", "c")], rounded)
    second = build.group("g2", [build.question("d")], rounded)
    questionnaire = build.questionnaire([first, second], rounded)
    # g1 = 66.67 -> 67; the root averages 67 and 40 = 53.5 -> 54 (from 66.67 it would be 53).
    result = score_assessment(questionnaire, answered(a=3, b=3, c=4, d=2))
    assert (result["g1"].score, result.root.score) == (67, 54)


def test_a_group_gets_the_band_its_score_falls_in(build: type[Build]) -> None:
    bands = {"five": build.bandset("five", 0, 20, 40, 60, 80, 100)}
    questionnaire = build.questionnaire(
        [build.group("g", [build.question("a")], build.policy(bands="five"))], bands=bands
    )
    assert score_assessment(questionnaire, answered(a=3))["g"].band == "b60"


def test_completeness_counts_answered_over_applicable_questions(build: type[Build]) -> None:
    kids = [build.question(q) for q in ("a", "b", "c", "d")]
    questionnaire = build.questionnaire([build.group("g", kids)])
    answers = {**answered(a=1, b=2), "c": Answer("c", "na")}
    result = score_assessment(questionnaire, answers)["g"]
    assert (result.answered, result.applicable, result.completeness) == (2, 3, 2 / 3)


@pytest.mark.parametrize(
    ("minimum", "answers", "provisional"),
    [(0.6, {"a": 4}, True), (0.6, {"a": 4, "b": 2, "c": 1}, False), (0.2, {"a": 4}, False)],
)
def test_a_group_under_its_minimum_completeness_is_provisional(
    build: type[Build], minimum: float, answers: dict[str, int], provisional: bool
) -> None:
    kids = [build.question(q) for q in ("a", "b", "c", "d", "e")]
    policy = replace(build.policy(), min_completeness=minimum)
    questionnaire = build.questionnaire([build.group("g", kids, policy=policy)])
    result = score_assessment(questionnaire, answered(**answers))["g"]
    assert (result.score is not None, result.provisional, result.reliable) == (
        True,
        provisional,
        not provisional,
    )


def test_an_unscored_group_is_not_provisional(build: type[Build]) -> None:
    questionnaire = build.questionnaire([build.group("g", [build.question("a")])])
    result = score_assessment(questionnaire, {})["g"]
    assert (result.score, result.provisional) == (None, False)


def test_an_indicator_has_a_level_a_gap_and_a_normalised_gap(build: type[Build]) -> None:
    kids = [build.question("a"), build.question("b")]
    questionnaire = build.questionnaire([build.group("i", kids, kind="indicator", target=4)])
    result = score_assessment(questionnaire, answered(a=1, b=2))["i"]
    assert (result.level, result.gap, result.normalised_gap) == (1.5, 2.5, 2.5 / 3)


def test_a_level_above_target_has_no_gap(build: type[Build]) -> None:
    questionnaire = build.questionnaire([build.group("g", [build.question("a", target=3)])])
    result = score_assessment(questionnaire, answered(a=5))["a"]
    assert (result.gap, result.normalised_gap) == (0, 0)


def test_the_trace_lists_every_answer_and_weight_behind_a_score(build: type[Build]) -> None:
    kids = [build.question("a", weight=2), build.question("b", weight=1)]
    questionnaire = build.questionnaire([build.group("g", kids)])
    trace = score_assessment(questionnaire, answered(a=2, b=5))["g"].trace
    assert [(i.node_id, i.value, i.weight) for i in trace.inputs] == [("a", 40, 2), ("b", 100, 1)]
    assert [t.answer.value for t in trace.children if t.answer] == [2, 5]


def test_explain_says_each_answer_in_words_given_the_questionnaire(build: type[Build]) -> None:
    kids = [build.question("a", weight=2), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing="zero"))])
    trace = score_assessment(questionnaire, answered(a=2))["g"].trace
    level = answer_text(questionnaire.node("a"), "answered", 2, "fr")
    lines = explain(trace, questionnaire, "fr").splitlines()
    assert f"    answer: answered 2: {level}" in lines
    assert level.startswith("2") and len(level) > 1


def test_explain_writes_the_rule_inputs_and_answers_as_text(build: type[Build]) -> None:
    kids = [build.question("a", weight=2), build.question("b")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing="zero"))])
    text = explain(score_assessment(questionnaire, answered(a=2))["g"].trace)
    assert text.splitlines() == [
        "g = 26.6667: mean (missing=zero, round=none)",
        "  - a: 40 x weight 2",
        "  - b: none x weight 1 [missing, counted as the scale minimum]",
        "  sum(w*x) = 80",
        "  sum(w) = 3",
        "  a = 40: level 2 of scale capability scores 40",
        "    answer: answered 2",
        "  b = none: missing",
        "    answer: no answer",
    ]


@pytest.mark.parametrize("missing", ["zero", "block"])
def test_an_unanswered_text_question_never_touches_a_score(
    build: type[Build], missing: str
) -> None:
    kids = [build.question("a"), build.question("note", "text")]
    questionnaire = build.questionnaire([build.group("g", kids, build.policy(missing=missing))])
    result = score_assessment(questionnaire, answered(a=4))["g"]
    assert (result.score, result.answered, result.applicable) == (80, 1, 2)
