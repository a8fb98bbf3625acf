"""Helpers of the budget tests: costed actions and plans built by hand, as the costing, funding
and follow-up work will fill them, so the budget and its reports are tested on known figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assess.plans import Action, AreaPlan, CostLine, Kpi, NationalPlan, PriorityGap


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


SOURCES = ("national", "initiative", "partners", "not_found", "")
FORMS = ("training", "equipment", "")
CATEGORIES = ("workforce", "equipment", "training")


def costed(built: NationalPlan, *, start_year: int = 2027, years: int = 5) -> NationalPlan:
    """`built` with every action but each seventh costed by hand: the nth action's step is
    reached in plan year n % years + 1; it has a one-off line of 1,000 + 37.25 n in that year and,
    every third one, a recurring line of 120.5 from then on; every fifth action's cost is
    overridden (at 2,500); sources, forms of support and KPIs go round their lists."""
    changed = {}
    for n, a in enumerate(built.actions(), start=1):
        if n % 7 == 0:
            changed[a.id] = replace(
                unscheduled(a), kpis=(Kpi(f"KPI {n}", "none", "in force", "2029-12-31"),)
            )
            continue
        year = n % years + 1
        once = [Decimal(0)] * years
        once[year - 1] = Decimal(1000) + Decimal("37.25") * n
        lines = [CostLine("u-once", CATEGORIES[n % 3], "", tuple(once))]
        if n % 3 == 0:
            again = tuple(
                Decimal("120.5") if y >= year else Decimal(0) for y in range(1, years + 1)
            )
            lines.append(CostLine("u-again", "workforce", "", again))
        year_costs = tuple(sum((line.years[y] for line in lines), Decimal(0)) for y in range(years))
        override = {"cost": 2500.0, "cost_reason": "a quote"} if n % 5 == 0 else {}
        changed[a.id] = replace(
            unscheduled(a),
            plan_year=year,
            year_costs=year_costs,
            cost_lines=tuple(lines),
            currency="USD",
            funding_source=SOURCES[n % len(SOURCES)],
            assistance_requested=n % 4 == 0,
            support=FORMS[n % len(FORMS)] if n % 4 == 0 else "",
            kpis=(Kpi(f"KPI {n}", f"baseline {n}", f"target {n}", "2030-06-30"),),
            status="ongoing" if n % 2 else "planned",
            progress=(n * 10) % 100,
            **override,  # type: ignore[arg-type]
        )
    return replace(_with(built, changed), currency="USD", start_year=start_year, years=years)


def unscheduled(a: Action) -> Action:
    """The action without cost, plan year or dates, whatever the engine gave it."""
    return replace(a, cost=None, year_costs=(), cost_lines=(), plan_year=None, start="", end="")


def uncosted(built: NationalPlan) -> NationalPlan:
    """The plan as a questionnaire without costing gives it: no currency, no years, no costs."""
    changed = {a.id: unscheduled(a) for a in built.actions()}
    return replace(_with(built, changed), currency="", start_year=None, years=0)


def _with(built: NationalPlan, changed: dict[str, Action]) -> NationalPlan:
    areas = tuple(
        replace(
            area,
            gaps=tuple(
                replace(gap, actions=tuple(changed[a.id] for a in gap.actions)) for gap in area.gaps
            ),
        )
        for area in built.areas
    )
    return replace(built, areas=areas)
