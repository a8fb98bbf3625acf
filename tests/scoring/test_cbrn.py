"""The shipped CBRN questionnaire scores a complete demo assessment, with a full trace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from assess.questionnaire.answers import Answer, validate
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.scoring import explain, score_assessment

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"
CBRN = QUESTIONNAIRES / "cbrn-needs" / "1.0.yaml"


@pytest.fixture(scope="module")
def cbrn() -> Questionnaire:
    return load_questionnaire(CBRN, root=QUESTIONNAIRES)


def demo_value(question: Question, index: int) -> Any:
    """A valid answer for every type, varied by the question's position (deterministic)."""
    if question.type == "level":
        levels = question.scale.levels  # type: ignore[union-attr]
        return levels[index % len(levels)].value
    if question.type == "checklist":
        reached = sorted(question.attributes)[: 1 + index % len(question.attributes)]
        return frozenset(a.id for level in reached for a in question.attributes[level])
    options = question.options or (question.scale.options if question.scale else ())
    if question.type == "yes_partial_no":
        return "yes"  # opens every condition that asks for a yes
    if question.type == "single_choice":
        return options[index % len(options)].id
    if question.type == "multiple_choice":
        return frozenset(o.id for o in options[: 1 + index % len(options)])
    if question.type == "number":
        spec = question.number
        low = spec.min if spec and spec.min is not None else 0
        return float(low + index % 10)
    if question.type == "date":
        return dt.date(2024, 1, 1) + dt.timedelta(days=index)
    return f"Demo answer {index}"


@pytest.fixture(scope="module")
def demo(cbrn: Questionnaire) -> dict[str, Answer]:
    return {
        q.id: Answer(q.id, "answered", validate(q, demo_value(q, i)))
        for i, q in enumerate(cbrn.questions())
    }


def test_a_complete_demo_assessment_is_scored_and_complete(
    cbrn: Questionnaire, demo: dict[str, Answer]
) -> None:
    result = score_assessment(cbrn, demo)
    assert (result.root.status, result.root.completeness, result.root.reliable) == (
        "scored",
        1.0,
        True,
    )


def richest_area(questionnaire: Questionnaire) -> Group:
    """The area mixing the most answer types."""
    return max(
        questionnaire.areas(),
        key=lambda a: len({n.type for n in a.walk() if isinstance(n, Question)}),
    )


def test_the_trace_of_an_area_lists_every_answer_and_weight_behind_it(
    cbrn: Questionnaire, demo: dict[str, Answer]
) -> None:
    area = richest_area(cbrn)
    traces = score_assessment(cbrn, demo)[area.id].trace.walk()
    answers = {t.node_id: t.answer for t in traces if t.answer is not None}
    weights = {(t.node_id, i.node_id): i.weight for t in traces for i in t.inputs}
    below = [n for n in area.walk() if isinstance(n, Question)]
    groups = [g for g in area.walk() if isinstance(g, Group)]
    assert answers == {q.id: demo[q.id] for q in below}
    assert weights == {
        (g.id, c.id): c.weight
        for g in groups
        for c in g.children
        if not isinstance(c, Question) or c.scored
    }


def test_the_explained_trace_of_an_area_names_every_question_in_it(
    cbrn: Questionnaire, demo: dict[str, Answer]
) -> None:
    area = richest_area(cbrn)
    text = explain(score_assessment(cbrn, demo)[area.id].trace)
    named = {line.strip().split(" = ")[0] for line in text.splitlines() if " = " in line}
    assert {q.id for q in area.walk() if isinstance(q, Question)} <= named
