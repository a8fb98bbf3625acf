"""Answers for the plan tests: generated as the demo data answers, or given as levels."""

from __future__ import annotations

import random

from assess.questionnaire.answers import Answer, applicable
from assess.questionnaire.model import Questionnaire
from assess.scoring import AssessmentScore, score_assessment
from assess.services.demo import realistic_answer


def generated_answers(questionnaire: Questionnaire, country: str) -> dict[str, Answer]:
    """Every applicable question answered as the demo data answers it, seeded by the country."""
    given: dict[str, Answer] = {}
    for index, question in enumerate(questionnaire.questions()):
        if question.id in applicable(questionnaire, given):
            rng = random.Random(f"{country}:{question.id}")
            given[question.id] = realistic_answer(question, rng, index)
    return given


def levels(questionnaire: Questionnaire, values: dict[str, float]) -> AssessmentScore:
    """The score of answers giving these levels to these questions."""
    answers = {qid: Answer(qid, "answered", float(v)) for qid, v in values.items()}
    return score_assessment(questionnaire, answers)
