"""The national plan as a report document, and what both plan reports share (the cover, a
country's data, the document around the sections); the regional one is in `regional_document`.

Pure: a plan, its questionnaire, scores and answers in, a `ReportDocument` of plain texts out.
Every text people wrote (answers, comments, lead agencies) goes in as it is; the templates escape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from assess.plans import NationalPlan
from assess.plans.budget import Budget, national_budget
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Question, Questionnaire
from assess.reports import document as d
from assess.reports.plan_budget import (
    LastValues,
    budget_section,
    monitoring_section,
    summary_sentences,
    timeline_section,
)
from assess.reports.plan_tables import (
    action_rows,
    annex_groups,
    area_score,
    figure,
    gap_rows,
    risk_rows,
)
from assess.reports.svg import label_value
from assess.scoring import AssessmentScore
from assess.words.catalogue import Words, words_in
from assess.words.numbers import date as written_date
from assess.words.numbers import number, percent

GAP_BARS = 15  # the largest gaps drawn; the table lists them all


@dataclass(frozen=True)
class Cover:
    """What the cover says besides the title: the place, round, date and marking; and, when the
    answers changed after the plan was made, the date it was made."""

    place: str
    round: str
    date: dt.date
    marking: str = ""
    outdated_since: dt.date | None = None

    def notice(self, w: Words) -> str:
        """The sentence saying the plan is older than the answers; empty when it is not."""
        if self.outdated_since is None:
            return ""
        return w.gettext(
            "The answers changed after this plan was made on %(date)s; regenerate it to include "
            "them.",
            date=written_date(self.outdated_since, w.lang),
        )


@dataclass(frozen=True)
class CountryData:
    """One country's answers and comments, for the annex."""

    name: str
    answers: Mapping[str, Answer]
    comments: Mapping[str, str]


def national_document(
    plan: NationalPlan,
    questionnaire: Questionnaire,
    score: AssessmentScore,
    data: CountryData,
    cover: Cover,
    trends: d.Section | None = None,
    *,
    last_values: LastValues | None = None,
) -> d.ReportDocument:
    """The national plan report: summary, scores, (trends), gaps, risks, actions, budget,
    timeline, monitoring, annex.

    `last_values` are the last values the follow-up recorded, by (action id, KPI name): the
    monitoring table shows them in a column of their own when given. The timeline marks the
    cover's date."""
    w = words_in(plan.lang)
    budget = national_budget(plan)
    summary = tuple(d.Paragraph(p, lead=True) for p in _summary(plan, score, data.name, budget))
    sections = (
        d.Section(w.gettext("Executive summary"), summary),
        _scores_section(plan, w),
        *((trends,) if trends else ()),
        _gaps_section(plan, questionnaire, w),
        _risk_section(plan, w),
        d.Section(w.gettext("Prioritised actions"), (_action_table(plan, w),)),
        budget_section(budget, questionnaire, w),
        timeline_section(plan, cover.date, w),
        monitoring_section(plan, w, last_values),
    )
    annex = d.Annex(w.gettext("Annex: answers and comments"), annex_groups(questionnaire, data, w))
    title = w.gettext("National CBRN action plan")
    return plan_document(title, questionnaire, cover, w, sections, annex)


def _scores_section(plan: NationalPlan, w: Words) -> d.Section:
    # The radar lays its axes' names out itself, however many areas there are.
    scored = [a for a in plan.areas if a.score is not None]
    axes = tuple((a.title, a.score) for a in scored)
    # A provisional score is marked on the radar as in the table: hollow, and said beside it.
    figures = tuple(
        w.pgettext("a score", "%(score)s (provisional)", score=label_value(a.score, w.lang))
        if a.provisional
        else label_value(a.score, w.lang)
        for a in scored
    )
    marked = tuple(a.provisional for a in scored)
    rows = tuple(
        (
            number(n, w.lang),
            a.title,
            area_score(a.score, a.provisional, w),
            percent(a.completeness, w.lang),
        )
        for n, a in enumerate(plan.areas, start=1)
    )
    columns = (
        w.gettext("No."),
        w.gettext("Area"),
        w.gettext("Score"),
        w.pgettext("share of questions answered", "Answered"),
    )
    return d.Section(
        w.gettext("Scores per area"),
        (
            d.RadarChart(w.gettext("Scores per area"), axes, figures=figures, provisional=marked),
            d.Table(columns, rows, numeric=(0, 2, 3)),
            *_provisional_note(plan, w),
        ),
    )


def _provisional_note(plan: NationalPlan, w: Words) -> tuple[d.Block, ...]:
    if not any(a.provisional for a in plan.areas):
        return ()
    return (
        d.Paragraph(
            w.gettext(
                "A provisional score rests on fewer answered questions than the questionnaire "
                "asks of its area: it may change as answers come, and the summary does not rank it."
            )
        ),
    )


def _gaps_section(plan: NationalPlan, questionnaire: Questionnaire, w: Words) -> d.Section:
    bars = sorted(((g.title, g.gap) for g in plan.gaps()), key=lambda bar: -bar[1])[:GAP_BARS]
    columns = (
        w.gettext("Area"),
        w.gettext("Indicator"),
        w.gettext("Level"),
        w.gettext("Target"),
        w.gettext("Priority"),
    )
    return d.Section(
        w.gettext("Priority gaps"),
        (
            d.BarChart(
                w.gettext("Levels to reach the target, per priority gap"),
                tuple(bars),
                max_value=_level_range(questionnaire),
            ),
            d.Table(columns, gap_rows(plan, w), numeric=(2, 3)),
        ),
    )


def _action_table(plan: NationalPlan, w: Words) -> d.Table:
    areas = {a.area_id: a.title for a in plan.areas}
    columns = (
        w.gettext("No."),
        w.gettext("Priority"),
        w.gettext("Action"),
        w.gettext("Area"),
        w.gettext("Lead agency"),
        w.gettext("Timeline"),
    )
    columns += (w.gettext("Cost"), w.gettext("Status"))
    return d.Table(columns, action_rows(plan.actions(), areas, w), numeric=(0, 6))


def _risk_section(plan: NationalPlan, w: Words) -> d.Section:
    rated = [r for r in plan.risks if r.likelihood is not None and r.impact is not None]
    labels = {r.scenario_id: f"R{n}" for n, r in enumerate(plan.risks, start=1)}
    cells = tuple((labels[r.scenario_id], r.likelihood, r.impact) for r in rated)
    columns = (
        w.gettext("No."),
        w.gettext("Scenario"),
        w.gettext("Likelihood"),
        w.gettext("Impact"),
        w.gettext("Risk"),
    )
    columns += (w.gettext("Cross-border"),)
    return d.Section(
        w.gettext("Risk matrix and scenarios"),
        (
            d.RiskMatrix(
                w.gettext("Risk matrix and scenarios"),
                cells,
                w.gettext("Likelihood"),
                w.gettext("Impact"),
            ),
            d.Table(columns, risk_rows(plan.risks, labels, w), numeric=(2, 3, 4)),
        ),
    )


def _summary(
    plan: NationalPlan, score: AssessmentScore, place: str, budget: Budget | None
) -> tuple[str, ...]:
    w = words_in(plan.lang)
    root = score.root
    lines = [
        w.ngettext(
            "%(place)s scores %(score)s out of 100 overall (%(answered)s of %(num)s applicable "
            "question answered).",
            "%(place)s scores %(score)s out of 100 overall (%(answered)s of %(num)s applicable "
            "questions answered).",
            root.applicable,
            place=place,
            score=figure(plan.score, w),
            answered=root.answered,
        )
    ]
    ranked = (a for a in plan.areas if a.score is not None and not a.provisional)
    scored = sorted(ranked, key=lambda a: -a.score)
    if scored:
        best, worst = scored[0], scored[-1]
        lines.append(
            w.gettext(
                "The strongest area is %(best)s (%(best_score)s); the weakest is %(worst)s "
                "(%(worst_score)s).",
                best=best.title,
                best_score=figure(best.score, w),
                worst=worst.title,
                worst_score=figure(worst.score, w),
            )
        )
    provisional = sum(1 for a in plan.areas if a.provisional)
    if provisional:
        lines.append(
            w.ngettext(
                "%(num)s area has too few answers for its score to count and is not ranked.",
                "%(num)s areas have too few answers for their scores to count and are not ranked.",
                provisional,
            )
        )
    lines.append(_plan_size(plan, w))
    lines.extend(summary_sentences(budget, w))
    rated = [r for r in plan.risks if r.risk is not None]
    if rated:
        top = max(rated, key=lambda r: (r.risk, r.scenario_id))
        lines.append(
            w.gettext(
                "The highest-rated risk scenario is %(scenario)s (risk %(risk)s of 25).",
                scenario=top.title,
                risk=figure(top.risk, w),
            )
        )
    return tuple(lines)


def _plan_size(plan: NationalPlan, w: Words) -> str:
    actions = plan.actions()
    high = sum(1 for a in actions if a.priority == "high")
    gaps = sum(1 for _ in plan.gaps())
    counted = w.ngettext("%(num)s action", "%(num)s actions", len(actions))
    return w.ngettext(
        "%(num)s priority gap calls for %(actions)s, %(high)s of them of high priority.",
        "%(num)s priority gaps call for %(actions)s, %(high)s of them of high priority.",
        gaps,
        actions=counted,
        high=high,
    )


def _level_range(questionnaire: Questionnaire) -> float:
    """The largest gap possible: the span of the widest level scale the questions use."""
    spans = [
        q.scale.max_level - q.scale.min_level
        for q in questionnaire.questions()
        if isinstance(q, Question) and q.scale is not None and q.scale.kind == "level"
    ]
    return float(max(spans, default=4))


def plan_document(
    title: str,
    questionnaire: Questionnaire,
    cover: Cover,
    w: Words,
    sections: tuple[d.Section, ...],
    annex: d.Annex,
) -> d.ReportDocument:
    """A plan report: its title, the cover's place, round, date, marking and notice, its parts."""
    return d.ReportDocument(
        title=title,
        subtitle=questionnaire.title.get(w.lang),
        place=cover.place,
        round=cover.round,
        date=written_date(cover.date, w.lang),
        marking=cover.marking,
        notice=cover.notice(w),
        lang=w.lang,
        sections=sections,
        annex=annex,
    )
