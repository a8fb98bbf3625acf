"""The rows of a plan report's tables, and its annex of answers, as plain texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import ceil
from typing import TYPE_CHECKING

from assess.plans import Action, NationalPlan, PlanRisk, RegionalPlan
from assess.questionnaire.model import Question, Questionnaire
from assess.reports import document as d
from assess.words.answers import answer_text
from assess.words.catalogue import Words
from assess.words.numbers import Number, money, number, percent, word_list
from assess.words.plan_codes import code_word, yes_no

if TYPE_CHECKING:
    from assess.reports.plan_documents import CountryData

# The most countries side by side in one grid of answers (a landscape page); more are split into
# even grids.
GRID_COUNTRIES = 15


def figure(value: Number | None, w: Words) -> str:
    """A score or rating as printed: one decimal, nothing when there is none."""
    return number(value, w.lang, places=1)


def area_score(score: Number | None, provisional: bool, w: Words) -> str:
    """An area's score as printed, marked when it rests on too few answers to rank."""
    if not provisional:
        return figure(score, w)
    return w.pgettext("a score", "%(score)s (provisional)", score=figure(score, w))


def comparison_notes(plan: RegionalPlan, w: Words) -> tuple[tuple[str, ...], ...]:
    """Per area and country of the heat map: the share of the area's questions answered.

    Rows and columns as the heat map's, '' where the country has no score for the area.
    """
    return tuple(
        tuple(
            percent(dict(area.completeness).get(c), w.lang)
            if dict(area.by_country).get(c) is not None
            else ""
            for c in plan.countries
        )
        for area in plan.areas
    )


def comparison_provisional(plan: RegionalPlan) -> tuple[tuple[bool, ...], ...]:
    """Per area and country of the heat map: whether the score rests on too few answers."""
    return tuple(tuple(c in area.provisional for c in plan.countries) for area in plan.areas)


def gap_rows(plan: NationalPlan, w: Words) -> tuple[tuple[str, ...], ...]:
    """Area, indicator, level, target and priority of every priority gap, area by area."""
    return tuple(
        (
            area.title,
            gap.title,
            figure(gap.level, w),
            figure(gap.target, w),
            code_word("priority", gap.priority, w.lang),
        )
        for area in plan.areas
        for gap in area.gaps
    )


def action_rows(
    actions: Sequence[Action], areas: Mapping[str, str], w: Words
) -> tuple[tuple[str, ...], ...]:
    """Number, priority, title, area, lead, timeline, cost and status of each action, in order."""
    return tuple(
        (
            number(position, w.lang),
            _priority(action, w),
            action.title,
            areas.get(action.area_id, action.area_id),
            action.lead_agency,
            timeline(action, w),
            _cost(action, w),
            _status(action, w),
        )
        for position, action in enumerate(actions, start=1)
    )


def _cost(action: Action, w: Words) -> str:
    """The cost in its currency; a cost stored before costs had one, as a whole number."""
    if action.currency and action.cost is not None:
        return money(action.cost, action.currency, w.lang)
    return number(action.cost, w.lang, places=0)


def _status(action: Action, w: Words) -> str:
    status = code_word("status", action.status, w.lang)
    if not action.progress:
        return status
    return w.gettext("%(status)s (%(progress)s%%)", status=status, progress=action.progress)


def _priority(action: Action, w: Words) -> str:
    priority = code_word("priority", action.priority, w.lang)
    if action.priority_reason:
        return w.gettext(
            "%(priority)s: %(reason)s", priority=priority, reason=action.priority_reason
        )
    return priority


def timeline(action: Action, w: Words) -> str:
    """Start to end when planned, else the template's horizon."""
    if action.start or action.end:
        return f"{action.start} – {action.end}".strip(" –")
    return code_word("horizon", action.horizon, w.lang) if action.horizon else ""


def risk_rows(
    risks: Sequence[PlanRisk], labels: Mapping[str, str], w: Words
) -> tuple[tuple[str, ...], ...]:
    """Each scenario with its matrix label, ratings, risk and whether it crosses borders."""
    return tuple(
        (
            labels[r.scenario_id],
            r.title,
            number(r.likelihood, w.lang),
            number(r.impact, w.lang),
            figure(r.risk, w),
            yes_no(r.cross_border, w.lang),
        )
        for r in risks
    )


def shared_rows(plan: RegionalPlan, w: Words) -> tuple[tuple[str, ...], ...]:
    """Each regional action: priority, title, area, how many countries share it and which."""
    areas = {a.area_id: a.title for a in plan.areas}
    return tuple(
        (
            number(position, w.lang),
            _priority(s.action, w),
            s.action.title,
            areas.get(s.action.area_id, s.action.area_id),
            str(s.shared_by),
            word_list(s.countries, w.lang),
        )
        for position, s in enumerate(plan.shared, start=1)
    )


def references(questionnaire: Questionnaire) -> dict[str, str]:
    """Each question's reference as people read it: its area's number (as in the scores table)
    and its place in the area, such as "3.2"; never its id."""
    return {
        question.id: f"{a}.{q}"
        for a, area in enumerate(questionnaire.areas(), start=1)
        for q, question in enumerate(
            (node for node in area.walk() if isinstance(node, Question)), start=1
        )
    }


def annex_groups(
    questionnaire: Questionnaire, data: CountryData, w: Words, prefix: str = ""
) -> tuple[d.AnnexGroup, ...]:
    """Every answer and comment, one group per area, in questionnaire order."""
    lang = w.lang
    refs = references(questionnaire)
    groups = []
    for area in questionnaire.areas():
        entries = tuple(
            d.AnnexEntry(
                refs[node.id],
                node.text.get(lang),
                answer_text(node, answer.status, answer.value, lang),
                data.comments.get(node.id, ""),
            )
            for node in area.walk()
            if isinstance(node, Question) and (answer := data.answers.get(node.id)) is not None
        )
        if entries:
            title = area.title.get(lang)
            groups.append(d.AnnexGroup(f"{prefix}: {title}" if prefix else title, entries))
    return tuple(groups)


def answer_grids(
    questionnaire: Questionnaire, countries: Sequence[CountryData], w: Words
) -> tuple[d.AnswerGrid, ...]:
    """The countries' answers side by side, one grid per area (per GRID_COUNTRIES countries at
    most, split evenly): a row per question any of them answered, in questionnaire order."""
    parts = ceil(len(countries) / GRID_COUNTRIES)
    size = ceil(len(countries) / parts) if parts else 0
    chunks = [countries[i : i + size] for i in range(0, len(countries), size or 1)]
    refs = references(questionnaire)
    grids = []
    for area in questionnaire.areas():
        questions = [node for node in area.walk() if isinstance(node, Question)]
        for chunk in chunks:
            rows = tuple(row for q in questions if (row := _grid_row(q, refs[q.id], chunk, w.lang)))
            if rows:
                names = tuple(data.name for data in chunk)
                grids.append(d.AnswerGrid(area.title.get(w.lang), names, rows))
    return tuple(grids)


def _grid_row(
    question: Question, reference: str, countries: Sequence[CountryData], lang: str
) -> d.GridRow | None:
    """The question's row: each country's answer in words and comment; None when all are empty."""
    cells = []
    for data in countries:
        answer = data.answers.get(question.id)
        written = answer_text(question, answer.status, answer.value, lang) if answer else ""
        cells.append(d.GridCell(written, data.comments.get(question.id, "")))
    if not any(cell.answer or cell.comment for cell in cells):
        return None
    return d.GridRow(reference, question.text.get(lang), tuple(cells))
