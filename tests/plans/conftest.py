"""Fixtures of the plan tests: the shipped cbrn-needs questionnaire with generated answers, and a
small questionnaire whose templates and targets the tests know."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from assess.questionnaire.answers import Answer, applicable
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import AssessmentScore, score_assessment
from assess.services.demo import realistic_answer

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def cbrn() -> Questionnaire:
    """The shipped cbrn-needs questionnaire at its latest version."""
    folder = ROOT / "questionnaires"
    return load_questionnaire(folder / "cbrn-needs" / "1.1.yaml", root=folder)


@pytest.fixture(scope="session")
def small() -> Questionnaire:
    """tests/plans/data/plan-test/1.0.yaml."""
    return load_questionnaire(DATA / "plan-test" / "1.0.yaml", root=DATA)


def generated_answers(questionnaire: Questionnaire, country: str) -> dict[str, Answer]:
    """Every applicable question answered as the demo data answers it, seeded by the country."""
    given: dict[str, Answer] = {}
    for index, question in enumerate(questionnaire.questions()):
        if question.id in applicable(questionnaire, given):
            rng = random.Random(f"{country}:{question.id}")
            given[question.id] = realistic_answer(question, rng, index)
    return given


@pytest.fixture(scope="session")
def scored(cbrn: Questionnaire) -> Callable[[str], AssessmentScore]:
    """The cbrn-needs score of a country's generated answers."""
    cache: dict[str, AssessmentScore] = {}

    def score(country: str) -> AssessmentScore:
        if country not in cache:
            cache[country] = score_assessment(cbrn, generated_answers(cbrn, country))
        return cache[country]

    return score


def levels(questionnaire: Questionnaire, values: dict[str, float]) -> AssessmentScore:
    """The score of answers giving these levels to these questions."""
    answers = {qid: Answer(qid, "answered", float(v)) for qid, v in values.items()}
    return score_assessment(questionnaire, answers)
