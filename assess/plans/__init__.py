"""Action plans: national and regional plans built from scored assessments (pure)."""

from assess.plans.model import (
    ACTION_STATUSES,
    HORIZONS,
    SECRETARIAT,
    Action,
    AreaPlan,
    AreaRollup,
    GapLink,
    NationalPlan,
    PlanRisk,
    PriorityGap,
    RegionalAction,
    RegionalPlan,
    RegionalRisk,
    RegionCoverage,
    action_order,
)
from assess.plans.national import build_national_plan
from assess.plans.regional import REGIONAL_PREFIX, build_regional_plan

__all__ = [
    "ACTION_STATUSES",
    "HORIZONS",
    "REGIONAL_PREFIX",
    "SECRETARIAT",
    "Action",
    "AreaPlan",
    "AreaRollup",
    "GapLink",
    "NationalPlan",
    "PlanRisk",
    "PriorityGap",
    "RegionCoverage",
    "RegionalAction",
    "RegionalPlan",
    "RegionalRisk",
    "action_order",
    "build_national_plan",
    "build_regional_plan",
]
