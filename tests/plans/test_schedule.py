"""An action's default start and end: from its plan year, its horizon and the plan's first
year, clipped to the costed years; a person's dates win."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assess.plans import Action, AreaPlan, NationalPlan, PriorityGap
from assess.plans.schedule import DURATION_MONTHS, default_dates, scheduled


@pytest.mark.parametrize(
    ("plan_year", "horizon", "expected"),
    [
        (1, "short", ("2027-01-01", "2027-12-31")),
        (2, "short", ("2028-01-01", "2028-12-31")),
        (1, "medium", ("2027-01-01", "2029-12-31")),
        (3, "medium", ("2029-01-01", "2031-12-31")),  # three years, the last costed
        (1, "long", ("2027-01-01", "2031-12-31")),
        (2, "long", ("2028-01-01", "2031-12-31")),  # five years would end in 2032: clipped
        (4, "medium", ("2030-01-01", "2031-12-31")),  # would end in 2032: clipped
        (1, "", ("2027-01-01", "2027-12-31")),  # no horizon: a year, as a short one
        (7, "short", ("2031-01-01", "2031-12-31")),  # after the costed years: the last one
    ],
)
def test_the_default_dates_follow_the_plan_year_and_the_horizon(plan_year, horizon, expected):
    assert default_dates(plan_year, horizon, 2027, 5) == expected


def test_the_durations_are_the_horizons_limits():
    assert DURATION_MONTHS == {"short": 12, "medium": 36, "long": 60, "": 12}


def test_a_persons_start_moves_the_default_end_with_it():
    assert default_dates(1, "short", 2027, 5, start="2027-03-15") == ("2027-03-15", "2028-03-14")
    # A year after 29 February is 28 February: the day before ends it.
    assert default_dates(1, "short", 2027, 5, start="2028-02-29") == ("2028-02-29", "2029-02-27")
    assert default_dates(1, "medium", 2027, 5, start="2030-06-01") == ("2030-06-01", "2031-12-31")


def test_a_persons_start_after_the_plans_years_keeps_the_whole_duration():
    assert default_dates(1, "short", 2027, 5, start="2033-01-01") == ("2033-01-01", "2033-12-31")


def test_a_persons_end_wins_and_the_start_stays_the_default():
    assert default_dates(2, "long", 2027, 5, end="2028-06-30") == ("2028-01-01", "2028-06-30")
    both = default_dates(2, "long", 2027, 5, start="2027-05-01", end="2027-09-30")
    assert both == ("2027-05-01", "2027-09-30")


def test_without_a_plan_year_or_a_first_year_there_is_no_default():
    assert default_dates(None, "short", 2027, 5) == ("", "")
    assert default_dates(2, "short", None, 0) == ("", "")
    # A start a person set still brings its default end (not clipped: no years known).
    assert default_dates(None, "long", None, 0, start="2027-01-01") == ("2027-01-01", "2031-12-31")


def test_without_costed_years_the_defaults_are_not_clipped():
    assert default_dates(2, "long", 2027, 0) == ("2028-01-01", "2032-12-31")


@pytest.mark.parametrize(
    ("horizon", "start", "end"),
    [("soon", "", ""), ("short", "2027-13-01", ""), ("short", "", "someday")],
)
def test_a_wrong_horizon_or_date_is_an_error(horizon, start, end):
    with pytest.raises(ValueError):
        default_dates(1, horizon, 2027, 5, start=start, end=end)


def _action(action_id: str, plan_year: int | None, horizon: str, **dates: str) -> Action:
    return Action(
        id=action_id,
        title=action_id,
        objective="",
        activities=(),
        gaps=(),
        risks=(),
        type="",
        cbrn=(),
        themes=(),
        instruments=(),
        area_id="a",
        gap_id="g",
        step=1,
        priority="high",
        priority_value=None,
        gap_size=1.0,
        horizon=horizon,
        plan_year=plan_year,
        **dates,
    )


def test_a_plan_is_scheduled_action_by_action_a_persons_dates_kept():
    actions = (
        _action("g:1", 1, "short"),
        _action("g:2", 2, "medium", end="2029-06-30"),
        _action("g:3", 3, "unknown"),  # a horizon the rule does not know: a year
        _action("g:4", None, "long"),
    )
    gap = PriorityGap("g", "G", 1.0, 4.0, 3.0, "high", None, 0.5, (), actions)
    plan = NationalPlan("q", "1.0", "en", "XA", 1.0, (AreaPlan("a", "A", 1.0, 1.0, (gap,)),), ())
    dated = {
        a.id: (a.start, a.end) for a in scheduled(replace(plan, start_year=2027, years=5)).actions()
    }
    assert dated == {
        "g:1": ("2027-01-01", "2027-12-31"),
        "g:2": ("2028-01-01", "2029-06-30"),
        "g:3": ("2029-01-01", "2029-12-31"),
        "g:4": ("", ""),
    }


def test_a_costed_plan_is_dated_from_the_plan_years_its_steps_are_reached_in():
    """The costing engine's plan years (costed.yaml from level 1, plan year 1 in 2026): steps 1
    to 3 start a year apart; step 4, not costed, has no plan year, hence no default dates."""
    from tests.plans.test_plan_costing import plan as costed_plan

    built = costed_plan(1)
    long_step = {
        a.id: replace(a, horizon="long") if a.id == "lab_capacity:2" else a for a in built.actions()
    }
    areas = tuple(
        replace(
            area,
            gaps=tuple(
                replace(gap, actions=tuple(long_step[a.id] for a in gap.actions))
                for gap in area.gaps
            ),
        )
        for area in built.areas
    )
    dated = {a.id: (a.start, a.end) for a in scheduled(replace(built, areas=areas)).actions()}
    assert dated == {
        "lab_capacity:1": ("2026-01-01", "2026-12-31"),
        "lab_capacity:2": ("2027-01-01", "2030-12-31"),  # five years, clipped to the fifth
        "lab_capacity:3": ("2028-01-01", "2028-12-31"),
        "lab_capacity:4": ("", ""),
    }
