"""Rows and grids of the plan reports' tables, before any rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.reports.plan_documents import CountryData
from assess.reports.plan_tables import GRID_COUNTRIES, answer_grids, references
from assess.words.catalogue import words_in

DATA = Path(__file__).resolve().parents[1] / "plans" / "data"


@pytest.fixture(scope="module")
def small() -> Questionnaire:
    return load_questionnaire(DATA / "plan-test" / "1.0.yaml", root=DATA)


def country(n: int, **answers: Answer) -> CountryData:
    return CountryData(f"Country {n}", answers, {})


def test_a_region_up_to_the_limit_fits_one_grid_per_area(small):
    level = Answer("leg_own", "answered", 2.0)
    countries = [country(n, leg_own=level) for n in range(GRID_COUNTRIES)]
    grids = answer_grids(small, countries, words_in("en"))
    assert [len(g.columns) for g in grids] == [GRID_COUNTRIES]
    assert grids[0].rows[0].cells[0].answer == "2 Started"


def test_more_countries_are_split_into_even_grids_in_order(small):
    level = Answer("leg_own", "answered", 1.0)
    countries = [country(n, leg_own=level) for n in range(GRID_COUNTRIES + 2)]
    grids = answer_grids(small, countries, words_in("en"))
    sizes = [len(g.columns) for g in grids]
    assert sum(sizes) == len(countries) and max(sizes) - min(sizes) <= 1
    assert [name for g in grids for name in g.columns] == [c.name for c in countries]


def test_a_question_nobody_answered_or_commented_has_no_row(small):
    only_comment = CountryData("Arvenia", {}, {"resp_notes": "To be answered next month."})
    answered = country(2, leg_own=Answer("leg_own", "dont_know", None))
    grids = answer_grids(small, [only_comment, answered], words_in("en"))
    by_ref = {row.reference: row for grid in grids for row in grid.rows}
    refs = references(small)
    rows = {qid: by_ref[refs[qid]] for qid in refs if refs[qid] in by_ref}
    assert set(rows) == {"leg_own", "resp_notes"}
    assert [c.answer for c in rows["leg_own"].cells] == ["", "Don't know"]
    assert rows["resp_notes"].cells[0].comment == "To be answered next month."
    assert answer_grids(small, [], words_in("en")) == ()


def test_a_question_is_referred_to_by_its_place_never_its_id(small):
    refs = references(small)
    areas = small.areas()
    first = next(n for n in areas[0].walk() if n.id in refs)
    assert refs[first.id] == "1.1"
    assert set(refs) == {q.id for q in small.questions()}
    assert len(set(refs.values())) == len(refs)
    answered = country(1, leg_own=Answer("leg_own", "dont_know", None))
    grids = answer_grids(small, [answered], words_in("en"))
    assert [row.reference for g in grids for row in g.rows] == [refs["leg_own"]]
