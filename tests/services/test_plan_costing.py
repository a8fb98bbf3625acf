"""A costed plan generated from stored answers: the service passes the number answers and the
plan's first year, and the stored proposal keeps the amounts exactly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from assess.models import Country
from assess.services import assessments as lifecycle
from assess.services.answers import save_answer
from assess.services.plan_inputs import stored_national_inputs
from assess.services.plans import edited_national, generate_national

APP_SETTINGS = {"QUESTIONNAIRES_DIR": Path(__file__).parents[1] / "data" / "costing"}


def costed_round(db, world, label: str, answers: dict):
    country = db.scalars(select(Country).where(Country.code == "XA")).one()
    assessment = lifecycle.open_round(db, world["admin"], country, "costed", "1.0", label)
    for qid, value in answers.items():
        save_answer(db, world["nfp-xa"], assessment, qid, "answered", value, None, 0)
    db.commit()
    return assessment


def test_a_generated_plan_is_costed_from_the_stored_answers(db, world) -> None:
    answers = {"lab_capacity": 1, "regions": 4, "labs": 3}
    assessment = costed_round(db, world, "2025-H1", answers)
    plan = generate_national(db, world["nfp-xa"], assessment).plan
    stored = {row.action_id: row.proposed for row in plan.actions}
    step2 = stored["lab_capacity:2"]
    assert step2["year_costs"] == ["0", "6002.490", "6000", "6000", "6000"]
    assert (step2["plan_year"], step2["cost"], step2["currency"]) == (2, 24002.49, "USD")
    assert [line["missing"] for line in step2["cost_lines"]] == [[], []]

    built = edited_national(stored_national_inputs(db, plan), plan, "en")
    assert (built.currency, built.years, built.start_year) == ("USD", 5, 2026)
    assert {a.id: a.cost for a in built.actions()}["lab_capacity:3"] == 2000


def test_without_a_year_in_its_label_the_plan_starts_after_the_rounds_creation(db, world) -> None:
    """Rounds are opened as '2027' or '2027-H1' now; a label kept from before may name none."""
    assessment = costed_round(db, world, "2025", {"lab_capacity": 2, "regions": 4})
    assessment.round_label = "first round"
    db.commit()
    plan = generate_national(db, world["nfp-xa"], assessment).plan
    built = edited_national(stored_national_inputs(db, plan), plan, "en")
    assert built.start_year == assessment.created_at.year + 1
    step2 = next(a for a in built.actions() if a.id == "lab_capacity:2")
    assert step2.cost_missing == ("labs",) and step2.plan_year == 1
