"""Helpers of the budget tests: costed actions and plans built by hand, as the costing, funding
and follow-up work will fill them, so the budget and its reports are tested on known figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assess.plans import Action, AreaPlan, NationalPlan, PriorityGap


def action(action_id: str, area: str = "legal", **fields: object) -> Action:
    """An action of `area` with only what a budget reads set (and `fields`)."""
    base = Action(
        id=action_id,
        title=f"Action {action_id}",
        objective="",
        activities=(),
        gaps=(),
        risks=(),
        type="",
        cbrn=(),
        themes=(),
        instruments=(),
        area_id=area,
        gap_id=f"{area}-gap",
        step=1,
        priority="high",
        priority_value=None,
        gap_size=1.0,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def plan(
    actions: list[Action],
    *,
    areas: tuple[tuple[str, str], ...] = (("legal", "Legal framework"), ("labs", "Laboratories")),
    currency: str = "USD",
    start_year: int | None = 2027,
    years: int = 3,
) -> NationalPlan:
    """A national plan of `areas` (id, title), each with one gap holding its actions."""
    return NationalPlan(
        questionnaire_id="q",
        version="1",
        lang="en",
        country="XA",
        score=None,
        areas=tuple(
            AreaPlan(
                area_id,
                title,
                None,
                None,
                (
                    PriorityGap(
                        f"{area_id}-gap",
                        title,
                        1.0,
                        3.0,
                        2.0,
                        "high",
                        None,
                        0.0,
                        (),
                        tuple(a for a in actions if a.area_id == area_id),
                    ),
                ),
            )
            for area_id, title in areas
        ),
        risks=(),
        currency=currency,
        start_year=start_year,
        years=years,
    )


def money(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)
