"""How a round's plan ended: its actions with their last status and their KPIs (target and last
value recorded), and how many ended in each status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assess.plans.model import ACTION_STATUSES

# How a plan ended reads from done to not done (every one of ACTION_STATUSES, a test checks).
OUTCOME_ORDER: tuple[str, ...] = ("completed", "ongoing", "delayed", "planned", "cancelled")


@dataclass(frozen=True, slots=True)
class KpiOutcome:
    """One KPI of an action: its baseline, its target and by when, and the newest value recorded
    ("" when none was) with the day it refers to."""

    name: str
    baseline: str = ""
    target: str = ""
    date: str = ""  # ISO date of the target
    last: str = ""
    last_date: str = ""  # ISO date the last value refers to


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """One action of the plan, the status people last gave it, and its KPIs."""

    action_id: str
    title: str
    status: str
    kpis: tuple[KpiOutcome, ...] = ()


@dataclass(frozen=True)
class PlanOutcome:
    """The plan of round `round`: actions per status (every status, in order) and each action."""

    round: str
    counts: Mapping[str, int]
    actions: tuple[ActionOutcome, ...]

    @property
    def total(self) -> int:
        return len(self.actions)


def plan_outcome(round_label: str, actions: Iterable[ActionOutcome]) -> PlanOutcome:
    """The outcome of a plan's actions, listed by status (completed first, then ongoing...).

    ValueError for a status that is not one of ACTION_STATUSES.
    """
    listed = tuple(actions)
    unknown = sorted({a.status for a in listed} - set(ACTION_STATUSES))
    if unknown:
        raise ValueError(f"unknown action status {', '.join(unknown)}")
    counts = Counter(a.status for a in listed)
    order = {status: i for i, status in enumerate(OUTCOME_ORDER)}
    ordered = sorted(listed, key=lambda a: (order[a.status], a.title, a.action_id))
    return PlanOutcome(round_label, {s: counts[s] for s in OUTCOME_ORDER}, tuple(ordered))


def combined(round_label: str, outcomes: Iterable[PlanOutcome]) -> PlanOutcome:
    """Several plans' outcomes together (a region's countries'): counts and actions summed."""
    return plan_outcome(round_label, (a for outcome in outcomes for a in outcome.actions))
