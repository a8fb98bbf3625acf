"""The regions side by side: each region's aggregates and shared priorities, from its plan (pure).

Only what a region as a whole shows is kept: per area the mean, median and how many countries have
a score; per shared priority how many countries share it. No country's answers, comments, scores,
codes or names, so a reader learns nothing about any one country.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from assess.plans.model import RegionalPlan
from assess.plans.national import node_title
from assess.plans.regional import REGIONAL_PREFIX
from assess.questionnaire.model import Questionnaire
from assess.scoring.rollup import NodeRollup

# An area's mean over fewer countries than this is not shown: over one it is that country's score.
FEWEST_SHOWN = 2
# Why a region has no figures: no regional plan yet, or one too old to read again.
NO_PLAN, STALE_PLAN = "no-plan", "stale-plan"


@dataclass(frozen=True)
class AreaFigures:
    """One area across one region: mean and median score (None when too few countries have one to
    keep each country's own score unknown), countries with a score, countries combined."""

    mean: float | None
    median: float | None
    count: int
    total: int


@dataclass(frozen=True)
class Priority:
    """A region's shared priority: an action several of its countries need."""

    key: str  # the action's template node and level step, the same in every region
    title: str
    indicator: str  # the title of the indicator (or question) whose gap it closes
    priority: str  # high | medium | low
    shared_by: int  # countries of the region that need it
    combined: int  # countries the regional plan combines


@dataclass(frozen=True)
class RegionView:
    """One region as the overview shows it; `missing` (NO_PLAN, STALE_PLAN) says why it has no
    figures."""

    code: str
    name: str
    countries: int  # countries of the region
    combined: int = 0  # countries its regional plan combines (their latest accepted round)
    questionnaire: str = ""  # the plan's questionnaire title and version
    source: str = ""  # the plan's questionnaire id and version, for the report's stamp
    rounds: tuple[str, ...] = ()  # the rounds its plan combines (labels such as "2026")
    generated_at: datetime | None = None
    areas: Mapping[str, AreaFigures] = field(default_factory=dict)
    area_titles: tuple[tuple[str, str], ...] = ()  # (area id, title) in questionnaire order
    priorities: tuple[Priority, ...] = ()
    missing: str = ""


@dataclass(frozen=True)
class CommonPriority:
    """A shared priority and the regions where it is one, most widely shared first."""

    key: str
    title: str
    indicator: str
    regions: tuple[tuple[RegionView, Priority], ...]


@dataclass(frozen=True)
class Overview:
    """Every region, the areas any of them has figures in, and the priorities they share."""

    regions: tuple[RegionView, ...]
    areas: tuple[tuple[str, str], ...]  # (area id, title), in questionnaire order
    common: tuple[CommonPriority, ...]

    @property
    def planned(self) -> tuple[RegionView, ...]:
        """The regions that have a regional plan to read figures from."""
        return tuple(region for region in self.regions if not region.missing)


def region_view(
    view: RegionView,
    plan: RegionalPlan,
    questionnaire: Questionnaire,
    rounds: Iterable[str],
    generated_at: datetime,
) -> RegionView:
    """The region `view` names, with the figures and shared priorities of its regional plan."""
    lang = plan.lang
    return RegionView(
        code=view.code,
        name=view.name,
        countries=view.countries,
        combined=len(plan.countries),
        questionnaire=f"{questionnaire.title.get(lang)} {questionnaire.version}",
        source=f"{questionnaire.id} {questionnaire.version}",
        rounds=tuple(sorted(set(rounds))),
        generated_at=generated_at,
        areas={area.area_id: _figures(area.rollup) for area in plan.areas},
        area_titles=tuple((area.area_id, area.title) for area in plan.areas),
        priorities=_priorities(plan, questionnaire),
    )


def overview(views: Iterable[RegionView]) -> Overview:
    """The regions side by side: the union of their areas and the priorities they share."""
    regions = tuple(views)
    areas: dict[str, str] = {}
    for view in regions:
        for area_id, title in view.area_titles:
            areas.setdefault(area_id, title)
    return Overview(regions, tuple(areas.items()), _common(regions))


def _figures(rollup: NodeRollup) -> AreaFigures:
    if rollup.count < FEWEST_SHOWN:
        return AreaFigures(None, None, rollup.count, rollup.total)
    return AreaFigures(rollup.mean, rollup.median, rollup.count, rollup.total)


def _priorities(plan: RegionalPlan, q: Questionnaire) -> tuple[Priority, ...]:
    return tuple(
        Priority(
            key=shared.action.id.removeprefix(REGIONAL_PREFIX),
            title=shared.action.title,
            indicator=node_title(q.node(shared.action.gap_id), plan.lang),
            priority=shared.action.priority,
            shared_by=shared.shared_by,
            combined=len(plan.countries),
        )
        for shared in plan.shared
    )


def _common(views: tuple[RegionView, ...]) -> tuple[CommonPriority, ...]:
    """Each priority with the regions sharing it: most regions first, then title."""
    found: dict[str, list[tuple[RegionView, Priority]]] = {}
    for view in views:
        for priority in view.priorities:
            found.setdefault(priority.key, []).append((view, priority))
    common = [
        CommonPriority(key, holders[0][1].title, holders[0][1].indicator, tuple(holders))
        for key, holders in found.items()
    ]
    return tuple(sorted(common, key=lambda c: (-len(c.regions), c.title, c.key)))
