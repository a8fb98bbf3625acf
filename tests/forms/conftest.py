"""A small questionnaire built from model objects: one question of every type in one area."""

from __future__ import annotations

from typing import Any

import pytest

from assess.questionnaire.model import (
    Evidence,
    Group,
    Level,
    NumberSpec,
    Option,
    Question,
    Questionnaire,
    Scale,
    frozen_map,
)
from tests import model_builders as build
from tests.model_builders import text

CAPABILITY = Scale(
    id="capability",
    kind="level",
    levels=(
        Level(
            1, text(en="No capacity", fr="Aucune capacité"), text(en="No law.", fr="Aucune loi."), 0
        ),
        Level(2, text(en="Limited", fr="Limitée"), text(en="A draft law.", fr="Un projet."), 50),
        Level(3, text(en="Sustainable", fr="Durable"), None, 100),
    ),
)


def question(qid: str, qtype: str, path: tuple[str, ...] = ("area",), **extra: Any) -> Question:
    """A question whose text is in English and French."""
    words = text(en=f"English text of {qid}", fr=f"Texte français de {qid}")
    return build.question(qid, qtype, path=(*path, qid), text=words, **extra)


YPN = (
    Option("yes", text(en="Yes", fr="Oui"), 100),
    Option("partial", text(en="Partly", fr="En partie"), 50),
    Option("no", text(en="No", fr="Non"), 0),
)


def every_type() -> tuple[Question, ...]:
    return (
        question("q_level", "level", scale=CAPABILITY),
        question(
            "q_check",
            "checklist",
            scale=CAPABILITY,
            attributes=frozen_map(
                {
                    1: (Option("a1", text(en="A lab exists", fr="Un labo existe"), None),),
                    2: (
                        Option("a2", text(en="Staff trained"), None),
                        Option("a3", text(en="Kits stocked", fr="Kits en stock"), None),
                    ),
                }
            ),
        ),
        question("q_ypn", "yes_partial_no", options=YPN),
        question(
            "q_single",
            "single_choice",
            options=(
                Option("never", text(en="Never"), 0),
                Option("yearly", text(en="Yearly"), 100),
            ),
        ),
        question(
            "q_multi",
            "multiple_choice",
            options=(
                Option("chem", text(en="Chemical"), 50),
                Option("bio", text(en="Biological"), 100),
            ),
            allow_na=False,
            allow_dont_know=False,
            comment=False,
            evidence=Evidence(allowed=False),
        ),
        question(
            "q_number",
            "number",
            number=NumberSpec(0, 500, text(en="per 100,000", fr="pour 100 000"), None, None),
        ),
        question("q_text", "text", help=text(en="Any law", ar="أي قانون")),
        question("q_date", "date", allow_dont_know=False),
    )


def make_questionnaire(children: tuple[Question, ...]) -> Questionnaire:
    area = build.group(
        "area", children, kind="area", title=text(en="Legal framework", fr="Cadre juridique")
    )
    return build.questionnaire(
        (area,),
        id="demo",
        title=text(en="Demo"),
        languages=("en", "fr"),
        partial_languages=("ar", "ru"),
        scales=frozen_map({"capability": CAPABILITY}),
    )


@pytest.fixture
def questionnaire() -> Questionnaire:
    return make_questionnaire(every_type())


@pytest.fixture
def area(questionnaire: Questionnaire) -> Group:
    return questionnaire.areas()[0]
