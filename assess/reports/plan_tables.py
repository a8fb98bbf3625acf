"""The rows of a plan report's tables, and its annex of answers, as plain texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from assess.plans import Action, NationalPlan, PlanRisk, RegionalPlan
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Option, Question, Questionnaire
from assess.reports import document as d

if TYPE_CHECKING:
    from assess.reports.plans_report import CountryData

HORIZON_WORDS = {"short": "short", "medium": "medium_term", "long": "long"}


def figure(value: float | None) -> str:
    """A score or rating as printed: one decimal, nothing when there is none."""
    return "" if value is None else f"{value:.1f}"


def gap_rows(plan: NationalPlan, w: Mapping[str, str]) -> tuple[tuple[str, ...], ...]:
    """Area, indicator, level, target and priority of every priority gap, area by area."""
    return tuple(
        (area.title, gap.title, _level(gap.level), _level(gap.target), w[gap.priority])
        for area in plan.areas
        for gap in area.gaps
    )


def _level(value: float | None) -> str:
    return "" if value is None else f"{value:.2g}" if value % 1 else f"{value:.0f}"


def action_rows(
    actions: Sequence[Action], areas: Mapping[str, str], w: Mapping[str, str]
) -> tuple[tuple[str, ...], ...]:
    """Number, priority, title, area, lead, timeline, cost and status of each action, in order."""
    return tuple(
        (
            str(number),
            _priority(action, w),
            action.title,
            areas.get(action.area_id, action.area_id),
            action.lead_agency,
            timeline(action, w),
            "" if action.cost is None else f"{action.cost:,.0f}",
            f"{w[action.status]} ({action.progress}%)" if action.progress else w[action.status],
        )
        for number, action in enumerate(actions, start=1)
    )


def _priority(action: Action, w: Mapping[str, str]) -> str:
    if action.priority_reason:
        return f"{w[action.priority]}: {action.priority_reason}"
    return w[action.priority]


def timeline(action: Action, w: Mapping[str, str]) -> str:
    """Start to end when planned, else the template's horizon."""
    if action.start or action.end:
        return f"{action.start} – {action.end}".strip(" –")
    return w[HORIZON_WORDS[action.horizon]] if action.horizon else ""


def risk_rows(
    risks: Sequence[PlanRisk], labels: Mapping[str, str], w: Mapping[str, str]
) -> tuple[tuple[str, ...], ...]:
    """Each scenario with its matrix label, ratings, risk and whether it crosses borders."""
    return tuple(
        (
            labels[r.scenario_id],
            r.title,
            "" if r.likelihood is None else str(r.likelihood),
            "" if r.impact is None else str(r.impact),
            figure(r.risk),
            w["yes"] if r.cross_border else w["no_word"],
        )
        for r in risks
    )


def shared_rows(plan: RegionalPlan, w: Mapping[str, str]) -> tuple[tuple[str, ...], ...]:
    """Each regional action: priority, title, area, how many countries share it and which."""
    areas = {a.area_id: a.title for a in plan.areas}
    return tuple(
        (
            str(number),
            _priority(s.action, w),
            s.action.title,
            areas.get(s.action.area_id, s.action.area_id),
            str(s.shared_by),
            ", ".join(s.countries),
        )
        for number, s in enumerate(plan.shared, start=1)
    )


def annex_groups(
    questionnaire: Questionnaire,
    data: CountryData,
    lang: str,
    w: Mapping[str, str],
    prefix: str = "",
) -> tuple[d.AnnexGroup, ...]:
    """Every answer and comment, one group per area, in questionnaire order."""
    groups = []
    for area in questionnaire.areas():
        entries = tuple(
            d.AnnexEntry(
                node.id,
                node.text.get(lang),
                describe(node, data.answers[node.id], lang, w),
                data.comments.get(node.id, ""),
            )
            for node in area.walk()
            if isinstance(node, Question) and node.id in data.answers
        )
        if entries:
            title = area.title.get(lang)
            groups.append(d.AnnexGroup(f"{prefix}: {title}" if prefix else title, entries))
    return tuple(groups)


def describe(question: Question, answer: Answer, lang: str, w: Mapping[str, str]) -> str:
    """An answer in words: level and its label, option labels, a number with its unit, a text."""
    if answer.status != "answered":
        return w[answer.status]
    value = answer.value
    if question.type in ("level", "checklist") and isinstance(value, int | float):
        level = question.scale.level(value) if question.scale else None
        return f"{value:g} – {level.label.get(lang)}" if level else f"{value:g}"
    if question.type == "checklist":
        attributes = [
            a for level in sorted(question.attributes) for a in question.attributes[level]
        ]
        return _labels(attributes, value, lang)
    if question.type in ("single_choice", "yes_partial_no", "multiple_choice"):
        options = question.options or (question.scale.options if question.scale else ())
        chosen = value if isinstance(value, frozenset | set) else {value}
        return _labels(options, chosen, lang)
    if question.type == "number" and isinstance(value, int | float):
        unit = question.number.unit.get(lang) if question.number and question.number.unit else ""
        return f"{value:g} {unit}".strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _labels(options: Sequence[Option], chosen: object, lang: str) -> str:
    ids = set(chosen) if isinstance(chosen, frozenset | set) else {chosen}
    known = [o.label.get(lang) for o in options if o.id in ids]
    unknown = sorted(str(i) for i in ids - {o.id for o in options})
    return "; ".join(known + unknown)
