"""Questionnaire texts listed in a refusal (assess.words.texts.Titles): said in the reader's
language as that language writes a list, never as ids."""

from __future__ import annotations

import pytest

from assess.services.evidence_files import size_text
from assess.words.texts import Titles, refusal_plural, said, translates
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


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("en", "10.0 MB"), ("fr", "10,0 Mo"), ("pt", "10,0 MB"), ("ru", "10,0 МБ")],
)
def test_a_size_is_written_as_the_readers_language_writes_numbers(lang, shown):
    # Portuguese writes "MB" as English does: its translation is no less its own.
    assert said(size_text(10 * 1024 * 1024), lang) == shown


def test_a_message_missing_from_a_catalogue_is_said_in_english_throughout():
    missing = refusal_plural("%(n)s thing not in any catalogue", "%(n)s things", "n", n=2.5)
    assert (translates("pt", missing), said(missing, "pt")) == (False, "2.5 things")
