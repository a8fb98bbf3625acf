"""A regional action plan from a region's scored assessments: shared priorities, risks, roll-ups."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import replace

from assess.plans.costing import Answers
from assess.plans.model import (
    PRIORITY_ORDER,
    SECRETARIAT,
    Action,
    ActionTexts,
    AreaRollup,
    NationalPlan,
    RegionalAction,
    RegionalPlan,
    RegionalRisk,
    RegionCoverage,
)
from assess.plans.national import build_national_plan
from assess.questionnaire.model import Questionnaire
from assess.scoring.assessment import AssessmentScore
from assess.scoring.methods import round_half_up
from assess.scoring.rollup import RegionalRollup, rollup
from assess.scoring.versions import NotComparable

REGIONAL_PREFIX = "R:"


def build_regional_plan(
    questionnaire: Questionnaire,
    scores_by_country: Mapping[str, AssessmentScore],
    *,
    lang: str,
    region: str = "",
    per_area: tuple[int, int] = (3, 5),
    min_countries: int = 2,
    coverage: RegionCoverage | None = None,
    not_comparable: tuple[NotComparable, ...] = (),
    numbers: Mapping[str, Answers] | None = None,
    secretariat: str = SECRETARIAT,
) -> RegionalPlan:
    """The region's plan: actions `min_countries` or more countries need become regional ones.

    Roll-ups list the areas some country has a score in (screening areas carry none); they leave
    out each country's `not_comparable` indicators. `coverage` says which countries of the region
    are in progress or not started (by default, the region is the countries given). `numbers`
    holds each country's answers to number questions, which cost its actions. `secretariat` is
    the lead agency of the regional actions, as `lang` names the Regional Secretariat.
    """
    if min_countries < 1:
        raise ValueError(f"min_countries must be at least 1, not {min_countries}")
    excluded: dict[str, set[str]] = {}
    for item in not_comparable:
        excluded.setdefault(item.country, set()).add(item.node_id)
    combined = rollup(questionnaire, scores_by_country, excluded)
    national = {
        country: build_national_plan(
            questionnaire,
            scores_by_country[country],
            lang=lang,
            per_area=per_area,
            country=country,
            numbers=(numbers or {}).get(country),
        )
        for country in sorted(combined.countries)
    }
    shared, texts = _shared(national, min_countries, secretariat)
    return RegionalPlan(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        lang=lang,
        region=region,
        countries=tuple(sorted(combined.countries)),
        left_out=combined.left_out,
        shared=shared,
        risks=_risks(questionnaire, {c: scores_by_country[c] for c in national}, lang),
        areas=_area_rollups(questionnaire, combined, scores_by_country, tuple(national), lang),
        national=national,
        coverage=coverage or RegionCoverage(tuple(sorted(combined.countries))),
        not_comparable=not_comparable,
        texts=texts,
    )


def _area_rollups(
    q: Questionnaire,
    combined: RegionalRollup,
    scores: Mapping[str, AssessmentScore],
    countries: tuple[str, ...],
    lang: str,
) -> tuple[AreaRollup, ...]:
    """Each area some country has a score in, with its roll-up and every country's score."""
    return tuple(
        AreaRollup(
            area_id=area.id,
            title=area.title.get(lang),
            rollup=combined.nodes[area.id],
            by_country=tuple((c, scores[c].nodes[area.id].score) for c in countries),
            completeness=tuple((c, scores[c].nodes[area.id].completeness) for c in countries),
            provisional=tuple(c for c in countries if scores[c].nodes[area.id].provisional),
        )
        for area in q.areas()
        if combined.nodes[area.id].count
    )


def _shared(
    national: Mapping[str, NationalPlan], min_countries: int, secretariat: str
) -> tuple[tuple[RegionalAction, ...], dict[str, ActionTexts]]:
    """National actions found in the plans of at least `min_countries` countries, and their
    texts: those of the national action each is made from (no gaps, and no lead: the
    Secretariat leads)."""
    found: dict[str, list[tuple[str, Action]]] = {}
    for country, plan in national.items():
        for action in plan.actions():
            found.setdefault(action.id, []).append((country, action))
    shared, texts = [], {}
    for holders in found.values():
        if len(holders) >= min_countries:
            country, regional = _regional(holders, secretariat)
            shared.append(regional)
            source = national[country].texts.get(holders[0][1].id)
            if source is not None:
                texts[regional.action.id] = replace(source, lead=None, gaps=())
    return tuple(sorted(shared, key=_order)), texts


def _regional(holders: list[tuple[str, Action]], secretariat: str) -> tuple[str, RegionalAction]:
    """One regional action: the most urgent national version of it, owned by the Secretariat,
    and the country whose version it is."""
    country, urgent = min(
        holders,
        key=lambda h: (PRIORITY_ORDER[h[1].priority], -(h[1].priority_value or 0.0), h[1].id),
    )
    values = [a.priority_value for _, a in holders if a.priority_value is not None]
    action = replace(
        urgent,
        id=REGIONAL_PREFIX + urgent.id,
        lead_agency=secretariat,
        priority_value=statistics.fmean(values) if values else None,
        gap_size=statistics.fmean(a.gap_size for _, a in holders),
        gaps=(),
    )
    return country, RegionalAction(action, tuple(country for country, _ in holders))


def _order(shared: RegionalAction) -> tuple:
    """Most shared first, then priority band, priority value, gap and id."""
    a = shared.action
    value = a.priority_value if a.priority_value is not None else -1.0
    return (-shared.shared_by, PRIORITY_ORDER[a.priority], -value, -a.gap_size, a.id)


def _risks(
    q: Questionnaire, scores: Mapping[str, AssessmentScore], lang: str
) -> tuple[RegionalRisk, ...]:
    """Each scenario across the region; cross-border scenarios first, then register order."""
    if q.risk is None:
        return ()
    bands = q.bands.get(q.risk.bands or "")
    top = bands.bands[-1].id if bands and bands.bands else None
    result = []
    for scenario in q.risk.scenarios:
        rated = [(c, s.risks[scenario.id]) for c, s in scores.items() if scenario.id in s.risks]
        rated = [(c, r) for c, r in rated if r.risk is not None]
        result.append(
            RegionalRisk(
                scenario_id=scenario.id,
                title=scenario.title.get(lang),
                cross_border=scenario.cross_border,
                likelihood=_median([r.likelihood for _, r in rated]),
                impact=_median([r.impact for _, r in rated]),
                mean_risk=statistics.fmean(r.risk for _, r in rated) if rated else None,
                max_risk=max((r.risk for _, r in rated), default=None),
                high_in=tuple(c for c, r in rated if top is not None and r.band == top),
            )
        )
    return tuple(sorted(result, key=lambda r: not r.cross_border))


def _median(values: list) -> int | None:
    """The median rounded half up to a whole rating (for the 5x5 matrix)."""
    kept = [v for v in values if v is not None]
    return int(round_half_up(statistics.median(kept), 0)) if kept else None
