"""Costs in the national plan: each action's plan year, yearly costs and lines, the plan's
currency and years, and the stored form of a costed action (see test_costing.py for the sums)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assess.plans import build_national_plan, build_regional_plan
from assess.plans.costing import number_answers, plan_start_year
from assess.plans.stored import action_from_json, action_json
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from tests.plans.plan_data import levels

COSTED = Path(__file__).resolve().parents[1] / "data" / "costing" / "costed" / "1.0.yaml"
Q = load_questionnaire(COSTED)
NUMBERS = {"regions": Decimal(4), "labs": Decimal(3)}
D = Decimal


def plan(level: float, numbers=NUMBERS, start_year: int | None = 2026):
    score = levels(Q, {"lab_capacity": level})
    return build_national_plan(Q, score, lang="en", numbers=numbers, start_year=start_year)


def test_the_plan_carries_the_costings_currency_years_and_start() -> None:
    built = plan(1)
    assert (built.currency, built.years, built.start_year) == ("USD", 5, 2026)


def test_each_action_is_costed_in_the_plan_year_its_step_is_reached() -> None:
    actions = {a.id: a for a in plan(1).actions()}
    assert {i: a.plan_year for i, a in actions.items()} == {
        "lab_capacity:1": 1,
        "lab_capacity:2": 2,
        "lab_capacity:3": 3,
        "lab_capacity:4": None,  # no line items: not costed
    }
    step2 = actions["lab_capacity:2"]
    assert step2.year_costs == tuple(D(v) for v in ("0", "6002.490", "6000", "6000", "6000"))
    assert step2.cost == 24002.49 and step2.currency == "USD"
    assert [line.unit_cost for line in step2.cost_lines] == ["kit", "meeting"]
    assert actions["lab_capacity:4"].cost is None and actions["lab_capacity:4"].year_costs == ()


def test_a_plan_from_a_half_level_starts_at_the_step_of_the_level_below() -> None:
    actions = {a.id: a for a in plan(2.5).actions()}
    assert sorted(actions) == ["lab_capacity:2", "lab_capacity:3", "lab_capacity:4"]
    assert actions["lab_capacity:2"].plan_year == 1
    assert actions["lab_capacity:3"].year_costs == (0, 2000, 0, 0, 0)


def test_an_unanswered_multiplier_makes_the_cost_incomplete_not_silent() -> None:
    step2 = next(a for a in plan(1, {"regions": D(4)}).actions() if a.id == "lab_capacity:2")
    assert step2.cost_missing == ("labs",)
    assert step2.cost == 0 and all(line.missing == ("labs",) for line in step2.cost_lines)
    step1 = next(a for a in plan(1, {}).actions() if a.id == "lab_capacity:1")
    assert step1.cost_missing == () and step1.cost == 11380.125 - 10380.125 + 5 * 10380.125


def test_a_plan_without_a_costing_has_no_costs(small) -> None:
    built = build_national_plan(small, levels(small, {"leg_own": 1}), lang="en")
    assert (built.currency, built.years, built.start_year) == ("", 0, None)
    assert all(a.cost is None and a.cost_lines == () for a in built.actions())


def test_a_stored_costed_action_reads_back_equal() -> None:
    for action in plan(1).actions():
        stored = json.loads(json.dumps(action_json(action)))
        assert action_from_json(stored) == action
    step2 = action_json(next(a for a in plan(1).actions() if a.id == "lab_capacity:2"))
    assert step2["year_costs"][1] == "6002.490"  # exact text, not a float


@pytest.mark.parametrize(
    ("label", "created", "year"),
    [
        ("2025", 2024, 2026),
        ("2025 H1", 2024, 2026),
        ("Round 3 (2023-2024)", 2025, 2024),
        ("first round", 2024, 2025),
        ("R12345", 2024, 2025),
        ("first", None, None),
    ],
)
def test_plan_year_one_follows_the_rounds_year_else_its_creation(label, created, year) -> None:
    assert plan_start_year(label, created) == year


def test_number_answers_are_read_exactly_and_others_left_out() -> None:
    answers = {
        "regions": Answer("regions", "answered", 0.1),
        "labs": Answer("labs", "answered", 4.0),
        "has_plan": Answer("has_plan", "answered", "yes"),
    }
    found = number_answers(Q, answers)
    assert found == {"regions": D("0.1"), "labs": D(4)} and str(found["labs"]) == "4"
    assert number_answers(Q, {"labs": Answer("labs", "dont_know")}) == {}


def test_a_regional_plan_costs_each_countrys_actions_with_its_own_numbers() -> None:
    scores = {"XA": levels(Q, {"lab_capacity": 1}), "XB": levels(Q, {"lab_capacity": 1})}
    numbers = {"XA": NUMBERS, "XB": {"regions": D(1), "labs": D(1)}}
    regional = build_regional_plan(Q, scores, lang="en", numbers=numbers)
    costs = {c: {a.id: a.cost for a in p.actions()} for c, p in regional.national.items()}
    assert costs["XA"]["lab_capacity:3"] == 2000 and costs["XB"]["lab_capacity:3"] == 500


SMALL = Path(__file__).parent / "data" / "plan-test" / "1.0.yaml"
SMALL_COSTING = """costing:
  currency: EUR
  year: 2025
  categories: [{id: w, title: {en: W, ar: W}, subcategories: [{id: s, title: {en: S, ar: S}}]}]
  unit_costs: [{id: day, title: {en: Day, ar: Day}, category: w, subcategory: s, value: 100}]
"""


@pytest.fixture(scope="module")
def shared_templates(tmp_path_factory) -> object:
    """plan-test with a costed template on the indicator leg_ind (step 2) and on the area legal
    (step 1), both shared by leg_own and leg_inherit."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("children:\n  - id: legal", SMALL_COSTING + "children:\n  - id: legal")
    text = text.replace(
        "type: assessment, horizon: short}",
        "type: assessment, horizon: short, costs: [{unit_cost: day}]}",
    )
    text = text.replace(
        "        target: 3\n        children:",
        "        target: 3\n        actions:\n"
        "          - {step: 2, title: {en: Own, ar: Own}, type: legal, costs: [{unit_cost: day}]}\n"
        "        children:",
    )
    folder = tmp_path_factory.mktemp("costed") / "plan-test"
    folder.mkdir()
    (folder / "1.0.yaml").write_text(text, encoding="utf-8")
    return load_questionnaire(folder / "1.0.yaml")


@pytest.mark.parametrize(
    ("own", "inherit", "year"),
    [(2, 1, 2), (3, 2, 1), (2, 2, 1)],
)
def test_an_indicators_template_is_reached_from_the_indicators_level(
    shared_templates, own, inherit, year
) -> None:
    """leg_ind's level is the mean of its questions' (1.5 -> 1; 2.5 -> 2): step 2 in year 2, 1."""
    score = levels(shared_templates, {"leg_own": own, "leg_inherit": inherit})
    built = build_national_plan(shared_templates, score, lang="en")
    action = next(a for a in built.actions() if a.id == "leg_ind:2")
    assert action.plan_year == year and action.cost == 100 and action.currency == "EUR"
    assert action.year_costs[year - 1] == 100


def test_a_template_of_a_group_without_a_level_is_reached_from_its_lowest_question(
    shared_templates,
) -> None:
    """The area `legal` has no level: its step 1 is reached from leg_inherit's level 1."""
    score = levels(shared_templates, {"leg_own": 3, "leg_inherit": 1})
    action = next(
        a
        for a in build_national_plan(shared_templates, score, lang="en").actions()
        if a.id == "leg_ind:1"
    )
    assert (action.plan_year, action.year_costs) == (1, (100, 0, 0, 0, 0))


def test_a_template_two_gaps_share_is_costed_once(shared_templates) -> None:
    """The area legal's costed step 1 serves the indicator leg_ind (through leg_inherit) and the
    stand-alone question leg_alone: two actions, one cost; the other names the action paying."""
    score = levels(shared_templates, {"leg_own": 3, "leg_inherit": 1, "leg_alone": 1})
    actions = {a.id: a for a in build_national_plan(shared_templates, score, lang="en").actions()}
    pair = [actions["leg_ind:1"], actions["leg_alone:1"]]
    carrier = next(a for a in pair if not a.cost_shared_with)
    other = next(a for a in pair if a.cost_shared_with)
    assert other.cost_shared_with == carrier.id
    assert (carrier.cost, carrier.year_costs) == (100, (100, 0, 0, 0, 0))
    assert (other.cost, other.year_costs, other.cost_lines) == (0, (0, 0, 0, 0, 0), ())
    assert other.plan_year == carrier.plan_year == 1
    assert sum(a.cost or 0 for a in actions.values() if a.step == 1) == 100
