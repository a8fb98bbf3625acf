"""What the steps of a plan cost, from the questionnaire's unit costs and the country's answers.

The method is the IHR Costing Tool's: a step from level s to s + 1 of a node whose current level
is c is reached in plan year s - floor(c) + 1 (one level a year); a one-off line costs once in that
year, a recurring line every year from then to the last costed year; cost = unit cost value x
every fixed multiplier x the country's answer to every `per` question. Decimal throughout.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from assess.plans.model import CostLine
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import (
    ActionTemplate,
    Costing,
    LineItem,
    Question,
    Questionnaire,
)
from assess.questionnaire.vocabulary import LEVEL_TYPES
from assess.scoring.methods import exact

ZERO, ONE = Decimal(0), Decimal(1)
# The country's answers to number questions, by question id (None or absent: not answered).
Answers = Mapping[str, Decimal | None]


def plan_year(step: int, current: float) -> int:
    """The plan year in which the step from `step` to `step + 1` is reached, from level
    `current` (rounded down): one level a year, a step already due falling in year 1."""
    return max(1, step - math.floor(current) + 1)


def line_cost(item: LineItem, costing: Costing, year: int, answers: Answers) -> CostLine:
    """A line item's cost in each costed plan year, its step being reached in plan `year`.

    A line whose `per` questions are not all answered costs nothing and names them."""
    unit = costing.unit_costs[item.unit_cost]
    missing = tuple(name for name in item.per if answers.get(name) is None)
    years = [ZERO] * costing.years
    if not missing and 1 <= year <= costing.years:
        amount = unit.value
        for factor in item.times:
            amount *= factor
        for name in item.per:
            amount *= exact(answers[name])
        for costed in range(year, costing.years + 1) if item.recurring else (year,):
            years[costed - 1] = amount
    return CostLine(item.unit_cost, unit.category, unit.subcategory, tuple(years), missing)


def template_costs(
    template: ActionTemplate, costing: Costing, current: float, answers: Answers
) -> tuple[CostLine, ...]:
    """Every line item of a template's step, reached from level `current`."""
    year = plan_year(template.step, current)
    return tuple(line_cost(item, costing, year, answers) for item in template.costs)


def sum_years(lines: Iterable[CostLine], years: int) -> tuple[Decimal, ...]:
    """The cost of several lines in each plan year."""
    total = [ZERO] * years
    for line in lines:
        for i, cost in enumerate(line.years):
            total[i] += cost
    return tuple(total)


def template_for(
    q: Questionnaire, question: Question, step: int
) -> tuple[ActionTemplate, str] | None:
    """The question's own template for `step`, else its nearest ancestor's, with the id of the
    node that carries it; None when no node on its path has one."""
    for node_id in reversed(question.path):
        for template in q.node(node_id).actions:
            if template.step == step:
                return template, node_id
    return None


@dataclass(frozen=True, slots=True)
class StepCost:
    """One level step of a question, the template that covers it, and what it costs."""

    question: str
    owner: str  # the node carrying the template
    step: int
    plan_year: int
    lines: tuple[CostLine, ...]

    def years(self, count: int) -> tuple[Decimal, ...]:
        return sum_years(self.lines, count)


def costs_to_top(
    q: Questionnaire, levels: Mapping[str, float], answers: Answers
) -> tuple[StepCost, ...]:
    """Every step of every level question, from its current level to the top of its scale, with
    its cost (what the IHR Costing Tool costs). A template several questions share is costed
    once, from the first question that needs it."""
    costing = q.costing
    if costing is None:
        return ()
    seen: set[tuple[str, int]] = set()
    out = []
    for question in q.questions():
        current = levels.get(question.id)
        if question.type not in LEVEL_TYPES or current is None or question.scale is None:
            continue
        for step in range(math.floor(current), question.scale.max_level):
            found = template_for(q, question, step)
            if found is None or (found[1], step) in seen:
                continue
            template, owner = found
            seen.add((owner, step))
            lines = template_costs(template, costing, current, answers)
            out.append(StepCost(question.id, owner, step, plan_year(step, current), lines))
    return tuple(out)


def by_category(lines: Iterable[CostLine], years: int) -> dict[tuple[str, str], tuple]:
    """The cost of lines per (category, subcategory), in each plan year."""
    grouped: dict[tuple[str, str], list[CostLine]] = {}
    for line in lines:
        grouped.setdefault((line.category, line.subcategory), []).append(line)
    return {key: sum_years(found, years) for key, found in grouped.items()}


def action_costs(
    template: ActionTemplate, costing: Costing | None, current: float, answers: Answers
) -> dict[str, object]:
    """The costing fields of a plan's Action for a template's step reached from `current`:
    none without a costing or line items; the computed total as its cost."""
    if costing is None or not template.costs:
        return {}
    lines = template_costs(template, costing, current, answers)
    year_costs = sum_years(lines, costing.years)
    return {
        "plan_year": plan_year(template.step, current),
        "year_costs": year_costs,
        "cost_lines": lines,
        "currency": costing.currency,
        "cost": float(sum(year_costs, ZERO)),
    }


YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def plan_start_year(round_label: str, created_year: int | None) -> int | None:
    """The calendar year of plan year 1: the year after the first four-digit year the round's
    label names ('2025 H1' -> 2026), else the year after the assessment was created."""
    found = YEAR.search(round_label)
    year = int(found.group(1)) if found else created_year
    return None if year is None else year + 1


def number_answers(q: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, Decimal]:
    """The answers to the number questions (the multipliers a costing reads), exact."""
    out = {}
    for question in q.questions():
        answer = answers.get(question.id)
        if question.type == "number" and answer is not None and answer.status == "answered":
            value = exact(answer.value)
            # a count stored as 4.0 multiplies as 4: amounts keep no spurious trailing zeros
            out[question.id] = value.quantize(ONE) if value == value.to_integral_value() else value
    return out
