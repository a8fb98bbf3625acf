"""The interregional overview: every region's aggregates and shared priorities side by side.

It is read from each region's stored regional plan, and only from what the region as a whole
shows: per area the mean, median and how many countries have a score; per shared priority how
many countries share it. No country's answers, comments, evidence, scores, codes or names
appear in it, so its readers (coordinators) learn nothing about any one country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.models import Region, User
from assess.plans import REGIONAL_PREFIX, RegionalPlan
from assess.plans.national import node_title
from assess.questionnaire.model import Questionnaire
from assess.scoring.rollup import NodeRollup
from assess.services import access
from assess.services.errors import InvalidInput, NotAllowed, Text, refusal_text
from assess.services.plan_inputs import stored_regional_inputs
from assess.services.plans import edited_regional, regional_plan_of

# An area's mean over fewer countries than this is not shown: over one it is that country's score.
FEWEST_SHOWN = 2


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
    """One region as the overview shows it; `missing` says why it has no figures."""

    code: str
    name: str
    countries: int  # countries of the region
    combined: int  # countries its regional plan combines (their latest accepted round)
    questionnaire: str  # the plan's questionnaire title and version
    generated_at: datetime | None
    areas: Mapping[str, AreaFigures]
    priorities: tuple[Priority, ...]
    missing: Text | None = None


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
        return tuple(region for region in self.regions if region.missing is None)


def overview(session: Session, user: User, lang: str) -> Overview:
    """Every region's aggregates and shared priorities in `lang`, for coordinators and admins."""
    if not access.sees_interregional(user):
        raise NotAllowed(refusal_text("Only coordinators and admins see the regions side by side."))
    regions = session.scalars(
        select(Region).options(selectinload(Region.countries)).order_by(Region.code)
    ).all()
    views, areas = [], {}
    for region in regions:
        view, titles = _region(session, region, lang)
        views.append(view)
        for area_id, title in titles:
            areas.setdefault(area_id, title)
    return Overview(tuple(views), tuple(areas.items()), _common(views))


def _region(session: Session, region: Region, lang: str) -> tuple[RegionView, list]:
    """The region's view and its areas' titles, from its stored plan (none: it says so)."""
    plan = regional_plan_of(session, region)
    if plan is None:
        why = refusal_text("No regional plan has been generated yet.")
        return _missing(region, why), []
    try:
        inputs = stored_regional_inputs(session, plan)
    except InvalidInput as stale:
        return _missing(region, stale.text), []
    built = edited_regional(inputs, plan, lang)
    q = inputs.questionnaire
    view = RegionView(
        code=region.code,
        name=region.name,
        countries=len(region.countries),
        combined=len(built.countries),
        questionnaire=f"{q.title.get(lang)} {q.version}",
        generated_at=plan.generated_at,
        areas={area.area_id: _figures(area.rollup) for area in built.areas},
        priorities=_priorities(built, q, lang),
    )
    return view, [(area.area_id, area.title) for area in built.areas]


def _missing(region: Region, why: Text | None) -> RegionView:
    return RegionView(region.code, region.name, len(region.countries), 0, "", None, {}, (), why)


def _figures(rollup: NodeRollup) -> AreaFigures:
    if rollup.count < FEWEST_SHOWN:
        return AreaFigures(None, None, rollup.count, rollup.total)
    return AreaFigures(rollup.mean, rollup.median, rollup.count, rollup.total)


def _priorities(built: RegionalPlan, q: Questionnaire, lang: str) -> tuple[Priority, ...]:
    combined = len(built.countries)
    return tuple(
        Priority(
            key=shared.action.id.removeprefix(REGIONAL_PREFIX),
            title=shared.action.title,
            indicator=node_title(q.node(shared.action.gap_id), lang),
            priority=shared.action.priority,
            shared_by=shared.shared_by,
            combined=combined,
        )
        for shared in built.shared
    )


def _common(views: list[RegionView]) -> tuple[CommonPriority, ...]:
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
