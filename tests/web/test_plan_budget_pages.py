"""The plan pages show the budget their reports print: the national plan's budget summary and
the region's budget, in the reader's language; one line when the plan is not costed."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from assess.models import Plan
from assess.services import plan_budgets, plans
from assess.services.answers import save_answer
from assess.words.numbers import money
from tests.plans.costed import costed
from tests.web.plan_support import (
    PLAN_QUESTIONNAIRES,
    accept_all,
    assessment_of,
    person,
    signed_in,
)

NOT_COSTED = "This plan is not costed: its questionnaire has no unit costs."


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


@pytest.fixture
def plan(db, demo) -> Plan:
    """XA's plan with every question at level 1: nine actions."""
    a, nfp = assessment_of(db, "XA"), person(db, "nfp-xa")
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        record = next((r for r in a.answers if r.question_id == question_id), None)
        save_answer(db, nfp, a, question_id, "answered", 1, None, record.version if record else 0)
    return plans.generate_national(db, nfp, a).plan


def page(app, db, username: str, url: str) -> str:
    answer = signed_in(app, username).get(url)
    assert answer.status_code == 200
    return html.unescape(answer.get_data(as_text=True))


def national_url(db) -> str:
    return f"/assessments/{assessment_of(db, 'XA').id}/plan"


def test_a_plan_without_costing_says_so_on_its_page(app, db, plan):
    shown = page(app, db, "nfp-xa", national_url(db))
    assert '<h2 id="budget-h">Budget summary</h2>' in shown
    assert NOT_COSTED in shown
    french = page(app, db, "nfp-xa", national_url(db) + "?lang=fr")
    assert "Synthèse budgétaire" in french


def test_a_costed_plan_shows_its_budget_table(app, db, plan, monkeypatch):
    """The plan costed by hand (the costing lands apart): the page's total is the actions'."""
    edited = plans.edited_national
    built = []

    def costed_plan(inputs, stored, lang):
        built.append(costed(edited(inputs, stored, lang)))
        return built[-1]

    monkeypatch.setattr(plan_budgets, "edited_national", costed_plan)
    shown = page(app, db, "nfp-xa", national_url(db))
    costs = [
        Decimal(str(a.cost)) if a.cost is not None else sum(a.year_costs, Decimal(0))
        for a in built[-1].actions()
        if a.cost is not None or a.year_costs
    ]
    assert len(costs) == 8  # nine actions, the seventh not costed
    assert NOT_COSTED not in shown
    assert "<caption>Cost per year and funding source</caption>" in shown
    total = money(sum(costs, Decimal(0)), "USD", "en")
    assert '<th scope="row">Total</th>' in shown and f">{total}</td>" in shown
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in shown


def test_the_regional_page_shows_the_regions_budget(app, db, plan):
    accept_all(db, "SEEE")
    secretariat = person(db, "secretariat-seee")
    from sqlalchemy import select

    from assess.models import Region

    region = db.scalars(select(Region).where(Region.code == "SEEE")).one()
    plans.generate_regional(db, secretariat, region)
    shown = page(app, db, "secretariat-seee", "/regions/SEEE/plan")
    assert '<h2 id="budget-h">Budget of the region</h2>' in shown
    assert NOT_COSTED in shown
