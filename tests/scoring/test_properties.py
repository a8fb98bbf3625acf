"""Properties of the engine over generated trees and answers (hypothesis)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Questionnaire
from assess.scoring import METHODS, score_assessment
from tests.scoring.scoring_builders import Build, answered

SCALED = ("mean", "geometric", "complement_geometric", "max", "min")  # weighted_max scales with w
MEANS = ("mean", "geometric", "complement_geometric")
POLICIES = ("zero", "exclude", "block")

levels = st.lists(st.integers(1, 5), min_size=1, max_size=6)
# Weights up to 1: weighted_max with a weight above 1 can leave the scale (the definition's call).
weights = st.lists(st.floats(0.1, 1.0), min_size=6, max_size=6)


def tree(method: str, values: list[int], w: list[float], missing: str = "exclude", **extra: Any):
    """A root over one group of level questions q0..qn, with the given weights."""
    kids = [Build.question(f"q{i}", weight=w[i]) for i in range(len(values))]
    kids += [Build.question(k) for k in extra.get("more", ())]
    group = Build.group("g", kids, Build.policy(method, missing=missing, round_to=extra.get("r")))
    questionnaire = Build.questionnaire([group], Build.policy(method, missing=missing))
    return questionnaire, answered(**{f"q{i}": v for i, v in enumerate(values)})


def group_score(questionnaire: Questionnaire, answers: dict[str, Answer]) -> float | None:
    return score_assessment(questionnaire, answers)["g"].score


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MEANS), levels, weights, st.data(), st.sampled_from([None, 0, 1]))
def test_raising_one_answer_never_lowers_a_mean_based_score(
    method: str, values: list[int], w: list[float], data: st.DataObject, digits: int | None
) -> None:
    at = data.draw(st.integers(0, len(values) - 1))
    raised = [v + 1 if i == at and v < 5 else v for i, v in enumerate(values)]
    before = score_assessment(*tree(method, values, w, r=digits))
    after = score_assessment(*tree(method, raised, w, r=digits))
    assert after["g"].score >= before["g"].score
    assert after.root.score >= before.root.score


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(METHODS)), levels, weights, st.randoms())
def test_the_order_of_children_does_not_matter(
    method: str, values: list[int], w: list[float], rnd: Any
) -> None:
    questionnaire, answers = tree(method, values, w)
    group = questionnaire.root.children[0]
    shuffled = list(group.children)
    rnd.shuffle(shuffled)
    reordered = Build.questionnaire([Build.group("g", shuffled, group.policy)], group.policy)
    assert group_score(reordered, answers) == pytest.approx(group_score(questionnaire, answers))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SCALED), levels, weights, st.floats(0.01, 100))
def test_scaling_all_weights_changes_nothing(
    method: str, values: list[int], w: list[float], factor: float
) -> None:
    plain = group_score(*tree(method, values, w))
    scaled = group_score(*tree(method, values, [x * factor for x in w]))
    assert scaled == pytest.approx(plain)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(METHODS)), levels, weights, st.sampled_from(POLICIES))
def test_not_applicable_answers_never_enter_a_denominator(
    method: str, values: list[int], w: list[float], missing: str
) -> None:
    plain = group_score(*tree(method, values, w, missing))
    questionnaire, answers = tree(method, values, w, missing, more=("na1", "na2"))
    answers |= {k: Answer(k, "na") for k in ("na1", "na2")}
    assert group_score(questionnaire, answers) == pytest.approx(plain)


answer_or_not = st.one_of(
    st.integers(1, 5), st.just("na"), st.just("dont_know"), st.just(None)
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(METHODS)),
    st.lists(answer_or_not, min_size=1, max_size=6),
    weights,
    st.sampled_from(POLICIES),
)
def test_every_score_stays_within_its_scale(
    method: str, given_answers: list[Any], w: list[float], missing: str
) -> None:
    questionnaire, _ = tree(method, [1] * len(given_answers), w, missing)
    answers = {}
    for i, raw in enumerate(given_answers):
        if raw in ("na", "dont_know"):
            answers[f"q{i}"] = Answer(f"q{i}", raw)
        elif raw is not None:
            answers[f"q{i}"] = Answer(f"q{i}", "answered", raw)
    for node in score_assessment(questionnaire, answers):
        assert node.score is None or 0 <= node.score <= 100 or math.isclose(node.score, 100)
