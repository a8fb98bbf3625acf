"""The regional plan as a report document, for `render_html` and `render_pdf`.

Pure: a regional plan, its questionnaire and the answers of the countries that agreed to share
them in, a `ReportDocument` of plain texts out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from assess.plans import RegionalPlan
from assess.plans.budget import regional_budget
from assess.questionnaire.model import Questionnaire
from assess.reports import document as d
from assess.reports.plan_budget import regional_budget_sections, regional_summary
from assess.reports.plan_documents import CountryData, Cover, plan_document
from assess.reports.plan_tables import (
    answer_grids,
    comparison_notes,
    comparison_provisional,
    figure,
    shared_rows,
)
from assess.reports.regional_coverage import coverage_sentence, not_comparable_blocks
from assess.scoring.rollup import NodeRollup
from assess.words.catalogue import Words, words_in
from assess.words.numbers import word_list
from assess.words.plan_codes import yes_no


def regional_document(
    plan: RegionalPlan,
    questionnaire: Questionnaire,
    countries: Mapping[str, CountryData],
    cover: Cover,
    waiting: Mapping[str, str] | None = None,
    *,
    shared: Collection[str],
    trends: d.Section | None = None,
) -> d.ReportDocument:
    """The regional plan report: summary, comparison, roll-ups, (trends), shared priorities,
    risks, the region's budget, its project proposals, annex.

    `waiting` names the region's countries without an accepted round, by code; the annex prints
    the answers of the `shared` countries only (their NFP agreed) and names the others.
    """
    w = words_in(plan.lang)
    names = {**(waiting or {}), **{code: data.name for code, data in countries.items()}}
    budget = regional_budget(plan)
    summary = tuple(d.Paragraph(p, lead=True) for p in _regional_summary(plan, names))
    summary += tuple(d.Paragraph(p, lead=True) for p in regional_summary(budget, names, w))
    rollups = (_rollup_table(plan, w), *not_comparable_blocks(plan, names, w))
    sections = (
        d.Section(w.gettext("Executive summary"), summary),
        d.Section(w.gettext("Regional comparison"), _comparison(plan, questionnaire, names, w)),
        d.Section(w.gettext("Roll-ups per area"), rollups),
        *((trends,) if trends else ()),
        d.Section(w.gettext("Shared priorities"), (_shared_table(plan, w),)),
        d.Section(w.gettext("Regional risk picture"), _regional_risks(plan, w)),
        *regional_budget_sections(plan, budget, names, w),
    )
    annex = _regional_annex(plan, questionnaire, countries, shared, w)
    title = w.gettext("Regional CBRN action plan")
    return plan_document(title, questionnaire, cover, w, sections, annex)


def _regional_annex(
    plan: RegionalPlan,
    questionnaire: Questionnaire,
    countries: Mapping[str, CountryData],
    shared: Collection[str],
    w: Words,
) -> d.Annex:
    """The answers of the countries that agreed to share them, side by side per question (a
    grid per area); the others named in one sentence. Only shared countries' data go in."""
    sharing = [countries[code] for code in plan.countries if code in shared]
    grids = answer_grids(questionnaire, sharing, w)
    private = [countries[code].name for code in plan.countries if code not in shared]
    intro = []
    if grids:
        intro.append(
            w.gettext(
                "The answers of the countries that agreed to share them with the region, side "
                "by side per question. Answers and comments longer than a cell end in “…”; the "
                "Regional Secretariat reads them in full in the application."
            )
        )
    if private:
        intro.append(
            w.ngettext(
                "%(num)s country did not share its answers with the region: %(countries)s.",
                "%(num)s countries did not share their answers with the region: %(countries)s.",
                len(private),
                countries=word_list(private, w.lang),
            )
        )
    heading = w.gettext("Annex: answers and comments")
    return d.Annex(heading, (), " ".join(intro), grids=grids)


def _shared_table(plan: RegionalPlan, w: Words) -> d.Table:
    columns = (
        w.gettext("No."),
        w.gettext("Priority"),
        w.gettext("Action"),
        w.gettext("Area"),
        w.gettext("Shared by"),
        w.gettext("Countries"),
    )
    return d.Table(columns, shared_rows(plan, w), numeric=(0, 4))


def _regional_summary(plan: RegionalPlan, names: Mapping[str, str]) -> tuple[str, ...]:
    w = words_in(plan.lang)
    lines = [coverage_sentence(plan, names, w)]
    if plan.shared:
        top = plan.shared[0]
        lines.append(
            w.ngettext(
                '%(num)s action is shared by two or more countries; the most shared is "%(top)s" '
                "(%(countries)s).",
                "%(num)s actions are shared by two or more countries; the most shared is "
                '"%(top)s" (%(countries)s).',
                len(plan.shared),
                top=top.action.title,
                countries=word_list([names[c] for c in top.countries], w.lang),
            )
        )
    return tuple(lines)


def _comparison(
    plan: RegionalPlan, questionnaire: Questionnaire, names: Mapping[str, str], w: Words
) -> tuple[d.Block, ...]:
    # Areas down, countries across: area names need the width, country names are short.
    rows = tuple(a.title for a in plan.areas)
    columns = tuple(names[c] for c in plan.countries)
    values = tuple(tuple(dict(a.by_country).get(c) for c in plan.countries) for a in plan.areas)
    bands = questionnaire.bands.get(questionnaire.framework.defaults.bands or "")
    heat = d.Heatmap(
        w.gettext("Regional comparison"),
        rows,
        columns,
        values,
        notes=comparison_notes(plan, w),
        provisional=comparison_provisional(plan),
        provisional_label=w.gettext(
            "Under each score: the share of the area's questions answered. Hatched: a "
            "provisional score, resting on fewer answers than the questionnaire asks."
        ),
    )
    blocks: list[d.Block] = [heat]
    if bands is not None:
        ids = tuple(b.id for b in bands.bands)
        counts = tuple(
            (a.title, tuple(int(a.rollup.distribution.get(i, 0)) for i in ids)) for a in plan.areas
        )
        labels = tuple(b.label.get(plan.lang) for b in bands.bands)
        blocks.append(
            d.Distribution(w.gettext("Countries per score band, per area"), counts, labels)
        )
    return tuple(blocks)


def _coverage(rollup: NodeRollup, w: Words) -> str:
    return w.ngettext(
        "%(count)s of %(num)s country",
        "%(count)s of %(num)s countries",
        rollup.total,
        count=rollup.count,
    )


def _rollup_table(plan: RegionalPlan, w: Words) -> d.Table:
    columns = (
        w.gettext("Area"),
        w.gettext("Mean"),
        w.gettext("Median"),
        w.gettext("Min"),
        w.gettext("Max"),
        w.gettext("Coverage"),
    )
    rows = tuple(
        (
            a.title,
            figure(a.rollup.mean, w),
            figure(a.rollup.median, w),
            figure(a.rollup.min, w),
            figure(a.rollup.max, w),
            _coverage(a.rollup, w),
        )
        for a in plan.areas
    )
    return d.Table(columns, rows, numeric=(1, 2, 3, 4))


def _regional_risks(plan: RegionalPlan, w: Words) -> tuple[d.Block, ...]:
    labels = {r.scenario_id: f"R{n}" for n, r in enumerate(plan.risks, start=1)}
    cells = tuple(
        (labels[r.scenario_id], r.likelihood, r.impact)
        for r in plan.risks
        if r.likelihood is not None and r.impact is not None
    )
    columns = (
        w.gettext("No."),
        w.gettext("Scenario"),
        w.gettext("Cross-border"),
        w.gettext("Mean"),
        w.gettext("Max"),
        w.gettext("High in"),
    )
    rows = tuple(
        (
            labels[r.scenario_id],
            r.title,
            yes_no(r.cross_border, w.lang),
            figure(r.mean_risk, w),
            figure(r.max_risk, w),
            word_list(r.high_in, w.lang),
        )
        for r in plan.risks
    )
    return (
        d.RiskMatrix(
            w.gettext("Regional risk picture"), cells, w.gettext("Likelihood"), w.gettext("Impact")
        ),
        d.Table(columns, rows, numeric=(3, 4)),
    )
