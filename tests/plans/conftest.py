"""Fixtures of the plan tests: the shipped cbrn-needs questionnaire with generated answers, and a
small questionnaire whose templates and targets the tests know."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import AssessmentScore, score_assessment
from tests.plans.plan_data import generated_answers

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


@pytest.fixture(scope="session")
def scored(cbrn: Questionnaire) -> Callable[[str], AssessmentScore]:
    """The cbrn-needs score of a country's generated answers."""
    cache: dict[str, AssessmentScore] = {}

    def score(country: str) -> AssessmentScore:
        if country not in cache:
            cache[country] = score_assessment(cbrn, generated_answers(cbrn, country))
        return cache[country]

    return score
