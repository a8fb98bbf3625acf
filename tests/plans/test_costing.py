"""The costing engine, against costs worked out by hand from tests/data/.../costed.yaml.

Unit costs: meeting 500, salary 41520.5, kit 0.083 (USD, 5 plan years). Steps of lab_capacity:
1: meeting x 2 (one-off), salary x 0.25 (recurring); 2: kit x 10 x labs (one-off), meeting x
regions x labs (recurring); 3: meeting x regions (one-off); 4: nothing costed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from assess.plans.costing import (
    by_category,
    costs_to_top,
    line_cost,
    plan_year,
    sum_years,
    template_costs,
)
from assess.questionnaire.loader import load_questionnaire

COSTED = Path(__file__).resolve().parents[1] / "data" / "costing" / "costed" / "1.0.yaml"
Q = load_questionnaire(COSTED)
COSTING = Q.costing
STEPS = {t.step: t for t in Q.node("lab_capacity").actions}
ANSWERS = {"regions": Decimal(4), "labs": Decimal(3)}
D = Decimal


def years(*values: str | int) -> tuple[Decimal, ...]:
    return tuple(D(v) for v in values)


@pytest.mark.parametrize(
    ("step", "current", "year"),
    [(1, 1, 1), (2, 1, 2), (3, 1, 3), (2, 2.5, 1), (3, 2.5, 2), (4, 1, 4), (1, 3, 1)],
)
def test_a_step_is_reached_one_level_a_year_from_the_current_level(step, current, year) -> None:
    assert plan_year(step, current) == year


def test_a_one_off_line_costs_once_in_its_plan_year() -> None:
    line = line_cost(STEPS[1].costs[0], COSTING, 1, ANSWERS)
    assert line.years == years(1000, 0, 0, 0, 0)
    assert (line.unit_cost, line.category, line.subcategory) == (
        "meeting",
        "workforce",
        "per_diems",
    )


def test_a_recurring_line_costs_every_year_from_its_plan_year() -> None:
    line = line_cost(STEPS[1].costs[1], COSTING, 1, ANSWERS)
    assert line.years == years("10380.125", "10380.125", "10380.125", "10380.125", "10380.125")


def test_fixed_times_and_one_question_multiply_exactly() -> None:
    line = line_cost(STEPS[2].costs[0], COSTING, 2, ANSWERS)
    assert line.years == years(0, "2.490", 0, 0, 0)  # 0.083 x 10 x 3 labs, no float error


def test_two_questions_multiply_a_recurring_line() -> None:
    line = line_cost(STEPS[2].costs[1], COSTING, 2, ANSWERS)
    assert line.years == years(0, 6000, 6000, 6000, 6000)  # 500 x 4 regions x 3 labs


def test_a_missing_answer_costs_nothing_and_is_named() -> None:
    line = line_cost(STEPS[2].costs[1], COSTING, 2, {"regions": D(4), "labs": None})
    assert (line.years, line.missing) == (years(0, 0, 0, 0, 0), ("labs",))
    assert line_cost(STEPS[3].costs[0], COSTING, 3, {}).missing == ("regions",)


def test_a_step_two_levels_up_lands_in_year_two() -> None:
    lines = template_costs(STEPS[2], COSTING, 1, ANSWERS)
    assert sum_years(lines, 5) == years(0, "6002.490", 6000, 6000, 6000)


def test_a_half_level_is_rounded_down() -> None:
    lines = template_costs(STEPS[2], COSTING, 2.5, ANSWERS)
    assert sum_years(lines, 5) == years("6002.490", 6000, 6000, 6000, 6000)


def test_a_step_beyond_the_costed_years_costs_nothing_in_the_plan() -> None:
    two_years = replace(COSTING, years=2)
    assert sum_years(template_costs(STEPS[3], two_years, 1, ANSWERS), 2) == years(0, 0)
    assert sum_years(template_costs(STEPS[2], two_years, 1, ANSWERS), 2) == years(0, "6002.490")


def test_every_step_to_the_top_of_the_scale_is_costed() -> None:
    steps = costs_to_top(Q, {"lab_capacity": 1.0}, ANSWERS)
    assert [(s.step, s.plan_year, s.owner) for s in steps] == [
        (1, 1, "lab_capacity"),
        (2, 2, "lab_capacity"),
        (3, 3, "lab_capacity"),
        (4, 4, "lab_capacity"),
    ]
    total = sum_years((line for s in steps for line in s.lines), 5)
    # 1000 + 10380.125 | 10380.125 + 2.49 + 6000 | 10380.125 + 6000 + 2000 | 10380.125 + 6000
    assert total == years("11380.125", "16382.615", "18380.125", "16380.125", "16380.125")
    assert steps[3].lines == () and steps[3].years(5) == years(0, 0, 0, 0, 0)


def test_steps_below_the_current_level_are_not_costed() -> None:
    steps = costs_to_top(Q, {"lab_capacity": 3.0}, ANSWERS)
    assert [(s.step, s.plan_year) for s in steps] == [(3, 1), (4, 2)]


def test_costs_add_up_per_category_and_subcategory() -> None:
    steps = costs_to_top(Q, {"lab_capacity": 1.0}, ANSWERS)
    grouped = by_category((line for s in steps for line in s.lines), 5)
    assert grouped == {
        ("workforce", "per_diems"): years(1000, 6000, 8000, 6000, 6000),
        ("workforce", "salaries"): years(*["10380.125"] * 5),
        ("equipment", "lab"): years(0, "2.490", 0, 0, 0),
    }
