"""An answer in words: one formatter for the review, the fill page, plan reports and their PDFs."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.questionnaire.answers import stored_value
from assess.questionnaire.model import NumberSpec, Option, frozen_map
from assess.words.answers import answer_parts, answer_text
from assess.words.texts import Shown
from tests.model_builders import level_scale, question, text

NONE_MET = "None of these is met"
LEVEL = question("q_level", "level", scale=level_scale(low=0, high=3))
CHECKLIST = question(
    "q_check",
    "checklist",
    scale=level_scale(low=0, high=2),
    attributes=frozen_map(
        {
            1: (Option("lab", text("A lab exists", fr="Un labo existe"), None),),
            2: (
                Option("kits", text("Kits in stock", fr="Kits en stock"), None),
                Option("plan", text("A plan", fr="Un plan"), None),
            ),
        }
    ),
)
CHOICE = question(
    "q_agents",
    "multiple_choice",
    options=(
        Option("chem", text("Chemical", fr="Chimique"), None),
        Option("bio", text("Biological"), None),
    ),
)
NUMBER = question(
    "q_teams",
    "number",
    number=NumberSpec(0, None, text("teams", fr="équipes"), None, None),
)
DATE = question("q_date", "date")
TEXT = question("q_text", "text")


@pytest.mark.parametrize(
    ("asked", "value", "lang", "words"),
    [
        (LEVEL, 2, "en", "2 level 2"),
        (CHECKLIST, frozenset(), "en", "None of these is met"),
        (CHECKLIST, frozenset(), "fr", "Aucun de ces éléments n’est rempli"),
        (CHECKLIST, frozenset({"plan", "lab"}), "fr", "Un labo existe; Un plan"),
        (CHOICE, frozenset({"bio", "chem"}), "en", "Chemical; Biological"),
        (NUMBER, 2.5, "fr", "2,5 équipes"),
        (NUMBER, 282.0, "en", "282 teams"),
        (DATE, dt.date(2025, 3, 14), "fr", "14 mars 2025"),
        (TEXT, "Law 5", "fr", "Law 5"),
    ],
)
def test_an_answer_reads_as_people_write_it(asked, value, lang, words) -> None:
    assert answer_text(asked, "answered", value, lang) == words


@pytest.mark.parametrize(
    ("status", "lang", "words"),
    [
        ("na", "en", "Not applicable"),
        ("dont_know", "fr", "Ne sait pas"),
        ("na", "ru", "Неприменимо"),
    ],
)
def test_a_question_not_answered_says_why(status, lang, words) -> None:
    assert answer_text(LEVEL, status, None, lang) == words


def test_a_label_missing_in_the_language_is_marked_as_english() -> None:
    assert answer_parts(CHOICE, "answered", frozenset({"bio"}), "fr") == (
        Shown("Biological", "en", True),
    )


def test_a_stored_answer_the_question_no_longer_offers_is_shown_as_stored() -> None:
    assert answer_text(CHOICE, "answered", frozenset({"chem", "rad"}), "en") == "Chemical; rad"
    assert answer_text(CHOICE, "answered", stored_value(CHOICE, ["rad"]), "en") == "rad"


def test_a_stored_checklist_of_nothing_met_reads_as_none_met() -> None:
    assert answer_text(CHECKLIST, "answered", stored_value(CHECKLIST, []), "en") == NONE_MET


def test_a_stored_level_that_is_no_number_is_shown_as_stored() -> None:
    assert answer_text(LEVEL, "answered", "two", "en") == "two"
