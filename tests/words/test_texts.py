"""Questionnaire texts listed in a refusal (assess.words.texts.Titles): said in the reader's
language as that language writes a list, never as ids."""

from __future__ import annotations

from assess.words.texts import Titles, refusal_plural, said
from tests.model_builders import text as local

LAW = local("Is there a law?", fr="Existe-t-il une loi ?")
LABS = local("Are there laboratories?")  # no French: said in English


def refusal(*texts) -> object:
    return refusal_plural(
        "%(count)s required question unanswered: %(questions)s",
        "%(count)s required questions unanswered: %(questions)s",
        "count",
        count=len(texts),
        questions=Titles(tuple(texts)),
    )


def test_a_refusal_names_questions_by_their_text_in_the_readers_language():
    assert str(refusal(LAW, LABS)) == (
        "2 required questions unanswered: Is there a law? and Are there laboratories?"
    )
    assert said(refusal(LAW, LABS), "fr") == (
        "2 questions obligatoires sans réponse : Existe-t-il une loi ? et Are there laboratories?"
    )
    assert said(refusal(LAW), "fr") == "1 question obligatoire sans réponse : Existe-t-il une loi ?"
