"""When an action runs by default: from the plan year its step is reached in and its horizon.

The rule. Plan year 1 is calendar year `start_year` (NationalPlan.start_year); an action whose
step is reached in plan year `y` starts on 1 January of calendar year `start_year + y - 1`. Its
horizon says by when it should be done, and its default end is the horizon's limit:

- short (≤ 1 year): 12 months,
- medium (1–3 years): 36 months,
- long (> 3 years): 60 months (five years, the costing's default span),
- none given: 12 months, as a short one.

The end is the day before the start plus that duration (a start on 1 January 2027 and a short
horizon end on 31 December 2027). Defaults are clipped to the plan's costed years (1 January of
plan year 1 to 31 December of the last costed year): a step reached after them starts on
1 January of the last costed year, and no default end goes past them unless the start already
does (a person's start after the plan's years keeps the full duration).

A date a person set always wins: a person's start moves the default end with it (start plus the
horizon's duration); a person's end leaves the default start as it is (services refuse an end
before the start, typed or default). Without a plan year or a start year there is no default
start, hence no default end unless a person set the start.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from assess.plans.model import Action, NationalPlan

# The default duration of an action, in months, by horizon ("" for an action without one).
DURATION_MONTHS: Mapping[str, int] = {"short": 12, "medium": 36, "long": 60, "": 12}


def default_dates(
    plan_year: int | None,
    horizon: str,
    start_year: int | None,
    years: int,
    *,
    start: str = "",
    end: str = "",
) -> tuple[str, str]:
    """An action's (start, end) as ISO dates: `start` and `end` (a person's, "" when not set)
    where given, the defaults of the module's rule elsewhere ("" when there is none).

    ValueError for a `start` or `end` that is not an ISO date, or an unknown horizon."""
    if horizon not in DURATION_MONTHS:
        raise ValueError(f"unknown horizon {horizon!r} (known: short, medium, long)")
    first, last = _plan_span(start_year, years)
    begins = dt.date.fromisoformat(start) if start else None
    if begins is None and first is not None and plan_year is not None:
        begins = _year_start(start_year + max(plan_year, 1) - 1)  # type: ignore[operator]
        if last is not None:
            begins = min(begins, _year_start(last.year))
    chosen_start = start or (begins.isoformat() if begins else "")
    if end:
        dt.date.fromisoformat(end)
        return chosen_start, end
    if begins is None:
        return chosen_start, ""
    ends = _add_months(begins, DURATION_MONTHS[horizon]) - dt.timedelta(days=1)
    if last is not None and begins <= last:
        ends = min(ends, last)
    return chosen_start, ends.isoformat()


def scheduled(plan: NationalPlan) -> NationalPlan:
    """The plan with every action's start and end filled by default where none is set (dates
    already on an action are a person's: they stay, and a set start moves the default end)."""
    areas = tuple(
        replace(
            area,
            gaps=tuple(
                replace(gap, actions=tuple(_dated(a, plan) for a in gap.actions))
                for gap in area.gaps
            ),
        )
        for area in plan.areas
    )
    return replace(plan, areas=areas)


def _dated(action: Action, plan: NationalPlan) -> Action:
    start, end = default_dates(
        action.plan_year,
        action.horizon if action.horizon in DURATION_MONTHS else "",
        plan.start_year,
        plan.years,
        start=action.start,
        end=action.end,
    )
    return replace(action, start=start, end=end)


def _plan_span(start_year: int | None, years: int) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the plan's costed years (None where not known)."""
    if start_year is None:
        return None, None
    first = _year_start(start_year)
    last = dt.date(start_year + years - 1, 12, 31) if years > 0 else None
    return first, last


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` `months` later, on the same day of the month or the month's last (31 Jan + 1: 28/29
    Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
