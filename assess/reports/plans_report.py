"""National and regional plans as report documents, for `render_html` and `render_pdf`.

Pure: a plan, its questionnaire, scores and answers in, a `ReportDocument` of plain texts out.
Every text people wrote (answers, comments, lead agencies) goes in as it is; the templates escape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assess.plans import NationalPlan, RegionalPlan
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Question, Questionnaire
from assess.reports import document as d
from assess.reports.plan_tables import (
    action_rows,
    annex_groups,
    figure,
    gap_rows,
    risk_rows,
    shared_rows,
)
from assess.reports.plan_words import words_for
from assess.scoring import AssessmentScore
from assess.scoring.rollup import NodeRollup

GAP_BARS = 15  # the largest gaps drawn; the table lists them all
RADAR_NAMES = 8


@dataclass(frozen=True)
class Cover:
    """What the cover says besides the title: the place, round, date and marking; and, when the
    answers changed after the plan was made, the date it was made."""

    place: str
    round: str
    date: str
    marking: str = ""
    outdated_since: str = ""

    def notice(self, w: Mapping[str, str]) -> str:
        """The sentence saying the plan is older than the answers; empty when it is not."""
        return w["outdated"].format(date=self.outdated_since) if self.outdated_since else ""


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
) -> d.ReportDocument:
    """The national plan report: summary, scores, gaps, risks, actions, annex."""
    w, lang = words_for(plan.lang), plan.lang
    summary = tuple(d.Paragraph(p, lead=True) for p in _summary(plan, score, data.name))
    sections = (
        d.Section(w["summary"], summary),
        _scores_section(plan, w),
        _gaps_section(plan, questionnaire, w),
        _risk_section(plan, w),
        d.Section(w["actions"], (_action_table(plan, w),)),
    )
    return d.ReportDocument(
        title=w["national_title"],
        subtitle=questionnaire.title.get(lang),
        place=cover.place,
        round=cover.round,
        date=cover.date,
        marking=cover.marking,
        notice=cover.notice(w),
        lang=lang,
        sections=sections,
        annex=d.Annex(w["annex"], annex_groups(questionnaire, data, lang, w)),
    )


def _scores_section(plan: NationalPlan, w: Mapping[str, str]) -> d.Section:
    # Past RADAR_NAMES areas the names crowd the radar: its axes carry the table's numbers.
    named = len(plan.areas) <= RADAR_NAMES
    axes = tuple(
        (a.title if named else str(n), a.score)
        for n, a in enumerate(plan.areas, start=1)
        if a.score is not None
    )
    rows = tuple(
        (str(n), a.title, figure(a.score), _percent(a.completeness))
        for n, a in enumerate(plan.areas, start=1)
    )
    columns = (w["no"], w["area"], w["score"], w["completeness"])
    return d.Section(
        w["scores"],
        (d.RadarChart(w["scores"], axes), d.Table(columns, rows, numeric=(0, 2, 3))),
    )


def _gaps_section(
    plan: NationalPlan, questionnaire: Questionnaire, w: Mapping[str, str]
) -> d.Section:
    bars = sorted(((g.title, g.gap) for g in plan.gaps()), key=lambda bar: -bar[1])[:GAP_BARS]
    columns = (w["area"], w["indicator"], w["level"], w["target"], w["priority"])
    return d.Section(
        w["gaps"],
        (
            d.BarChart(w["gap_chart"], tuple(bars), max_value=_level_range(questionnaire)),
            d.Table(columns, gap_rows(plan, w), numeric=(2, 3)),
        ),
    )


def _action_table(plan: NationalPlan, w: Mapping[str, str]) -> d.Table:
    areas = {a.area_id: a.title for a in plan.areas}
    columns = (w["no"], w["priority"], w["action"], w["area"], w["lead"], w["timeline"])
    columns += (w["cost"], w["status"])
    return d.Table(columns, action_rows(plan.actions(), areas, w), numeric=(0, 6))


def _risk_section(plan: NationalPlan, w: Mapping[str, str]) -> d.Section:
    rated = [r for r in plan.risks if r.likelihood is not None and r.impact is not None]
    labels = {r.scenario_id: f"R{n}" for n, r in enumerate(plan.risks, start=1)}
    cells = tuple((labels[r.scenario_id], r.likelihood, r.impact) for r in rated)
    columns = (w["no"], w["scenario"], w["likelihood"], w["impact"], w["risk"])
    columns += (w["cross_border"],)
    return d.Section(
        w["risks"],
        (
            d.RiskMatrix(w["risks"], cells, w["likelihood"], w["impact"]),
            d.Table(columns, risk_rows(plan.risks, labels, w), numeric=(2, 3, 4)),
        ),
    )


def _summary(plan: NationalPlan, score: AssessmentScore, place: str) -> tuple[str, ...]:
    w = words_for(plan.lang)
    root = score.root
    lines = [
        w["overall"].format(
            place=place,
            score=figure(plan.score),
            answered=root.answered,
            applicable=root.applicable,
        )
    ]
    scored = sorted((a for a in plan.areas if a.score is not None), key=lambda a: -a.score)
    if scored:
        best, worst = scored[0], scored[-1]
        lines.append(
            w["extremes"].format(
                best=best.title,
                best_score=figure(best.score),
                worst=worst.title,
                worst_score=figure(worst.score),
            )
        )
    actions = plan.actions()
    high = sum(1 for a in actions if a.priority == "high")
    gaps = sum(1 for _ in plan.gaps())
    lines.append(w["plan_size"].format(gaps=gaps, actions=len(actions), high=high))
    rated = [r for r in plan.risks if r.risk is not None]
    if rated:
        top = max(rated, key=lambda r: (r.risk, r.scenario_id))
        lines.append(w["top_risk"].format(scenario=top.title, risk=figure(top.risk)))
    return tuple(lines)


def _level_range(questionnaire: Questionnaire) -> float:
    """The largest gap possible: the span of the widest level scale the questions use."""
    spans = [
        q.scale.max_level - q.scale.min_level
        for q in questionnaire.questions()
        if isinstance(q, Question) and q.scale is not None and q.scale.kind == "level"
    ]
    return float(max(spans, default=4))


def _percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def regional_document(
    plan: RegionalPlan,
    questionnaire: Questionnaire,
    countries: Mapping[str, CountryData],
    cover: Cover,
) -> d.ReportDocument:
    """The regional plan report: summary, comparison, roll-ups, shared priorities, risks, annex."""
    w, lang = words_for(plan.lang), plan.lang
    names = {code: countries[code].name for code in plan.countries}
    summary = tuple(d.Paragraph(p, lead=True) for p in _regional_summary(plan, names))
    sections = (
        d.Section(w["summary"], summary),
        d.Section(w["comparison"], _comparison(plan, questionnaire, names, w)),
        d.Section(w["rollups"], (_rollup_table(plan, w),)),
        d.Section(w["shared"], (_shared_table(plan, w),)),
        d.Section(w["regional_risks"], _regional_risks(plan, w)),
    )
    groups = tuple(
        group
        for code in plan.countries
        for group in annex_groups(questionnaire, countries[code], lang, w, prefix=names[code])
    )
    return d.ReportDocument(
        title=w["regional_title"],
        subtitle=questionnaire.title.get(lang),
        place=cover.place,
        round=cover.round,
        date=cover.date,
        marking=cover.marking,
        notice=cover.notice(w),
        lang=lang,
        sections=sections,
        annex=d.Annex(w["annex"], groups),
    )


def _shared_table(plan: RegionalPlan, w: Mapping[str, str]) -> d.Table:
    columns = (w["no"], w["priority"], w["action"], w["area"], w["shared_by"], w["countries"])
    return d.Table(columns, shared_rows(plan, w), numeric=(0, 4))


def _regional_summary(plan: RegionalPlan, names: Mapping[str, str]) -> tuple[str, ...]:
    w = words_for(plan.lang)
    coverage = _coverage(plan.areas[0].rollup, w) if plan.areas else ""
    left = ", ".join(x.country for x in plan.left_out) or w["none"]
    lines = [w["regional_overall"].format(count=len(plan.countries), coverage=coverage, left=left)]
    if plan.shared:
        top = plan.shared[0]
        who = ", ".join(names[c] for c in top.countries)
        lines.append(
            w["regional_shared"].format(
                shared=len(plan.shared), top=top.action.title, countries=who
            )
        )
    return tuple(lines)


def _comparison(
    plan: RegionalPlan, questionnaire: Questionnaire, names: Mapping[str, str], w: Mapping[str, str]
) -> tuple[d.Block, ...]:
    # Areas down, countries across: area names need the width, country names are short.
    rows = tuple(a.title for a in plan.areas)
    columns = tuple(names[c] for c in plan.countries)
    values = tuple(tuple(dict(a.by_country).get(c) for c in plan.countries) for a in plan.areas)
    bands = questionnaire.bands.get(questionnaire.framework.defaults.bands or "")
    blocks: list[d.Block] = [d.Heatmap(w["comparison"], rows, columns, values)]
    if bands is not None:
        ids = tuple(b.id for b in bands.bands)
        counts = tuple(
            (a.title, tuple(int(a.rollup.distribution.get(i, 0)) for i in ids)) for a in plan.areas
        )
        labels = tuple(b.label.get(plan.lang) for b in bands.bands)
        blocks.append(d.Distribution(w["distribution"], counts, labels))
    return tuple(blocks)


def _coverage(rollup: NodeRollup, w: Mapping[str, str]) -> str:
    return w["coverage_of"].format(count=rollup.count, total=rollup.total)


def _rollup_table(plan: RegionalPlan, w: Mapping[str, str]) -> d.Table:
    columns = (w["area"], w["mean"], w["median"], w["min"], w["max"], w["coverage"])
    rows = tuple(
        (
            a.title,
            figure(a.rollup.mean),
            figure(a.rollup.median),
            figure(a.rollup.min),
            figure(a.rollup.max),
            _coverage(a.rollup, w),
        )
        for a in plan.areas
    )
    return d.Table(columns, rows, numeric=(1, 2, 3, 4))


def _regional_risks(plan: RegionalPlan, w: Mapping[str, str]) -> tuple[d.Block, ...]:
    labels = {r.scenario_id: f"R{n}" for n, r in enumerate(plan.risks, start=1)}
    cells = tuple(
        (labels[r.scenario_id], r.likelihood, r.impact)
        for r in plan.risks
        if r.likelihood is not None and r.impact is not None
    )
    columns = (w["no"], w["scenario"], w["cross_border"], w["mean"], w["max"], w["high_in"])
    rows = tuple(
        (
            labels[r.scenario_id],
            r.title,
            w["yes"] if r.cross_border else w["no_word"],
            figure(r.mean_risk),
            figure(r.max_risk),
            ", ".join(r.high_in),
        )
        for r in plan.risks
    )
    return (
        d.RiskMatrix(w["regional_risks"], cells, w["likelihood"], w["impact"]),
        d.Table(columns, rows, numeric=(3, 4)),
    )
