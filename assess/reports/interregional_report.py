"""The interregional overview as a report document, for `render_html` and `render_pdf` (pure).

It prints what the overview holds (assess.plans.interregional): region aggregates only.
"""

from __future__ import annotations

import datetime as dt

from assess.plans.interregional import FEWEST_SHOWN, STALE_PLAN, Overview, RegionView
from assess.reports import document as d
from assess.reports.plan_tables import figure
from assess.words.catalogue import Words, words_in
from assess.words.numbers import date as written_date
from assess.words.numbers import number as written_number
from assess.words.plan_codes import code_word


def interregional_document(
    overview: Overview, lang: str, *, date: dt.date, marking: str
) -> d.ReportDocument:
    """The report: summary, the regions and their plans, areas across regions, shared priorities."""
    w = words_in(lang)
    summary = tuple(d.Paragraph(p, lead=True) for p in _summary(overview, w))
    sections = (
        d.Section(w.gettext("Executive summary"), summary),
        d.Section(w.gettext("Regions"), (_regions_table(overview, w),)),
        d.Section(w.gettext("Areas across regions"), _areas(overview, w)),
        d.Section(w.gettext("Shared priorities across regions"), (_priorities(overview, w),)),
    )
    return d.ReportDocument(
        title=w.gettext("Interregional CBRN overview"),
        place=w.gettext("All regions"),
        round=", ".join(sorted({r for view in overview.planned for r in view.rounds})),
        date=written_date(date, lang),
        marking=marking,
        lang=lang,
        sections=sections,
    )


def _summary(overview: Overview, w: Words) -> tuple[str, ...]:
    across = sum(1 for c in overview.common if len(c.regions) > 1)
    overall = w.ngettext(
        "%(planned)s of %(num)s region has a regional plan; %(common)s priorities are shared by "
        "several of a region's countries, %(across)s of them in more than one region.",
        "%(planned)s of %(num)s regions have a regional plan; %(common)s priorities are shared by "
        "several of a region's countries, %(across)s of them in more than one region.",
        len(overview.regions),
        planned=len(overview.planned),
        common=len(overview.common),
        across=across,
    )
    privacy = w.gettext(
        "Figures are region aggregates only: no country's answers, scores or name appear in this "
        "report."
    )
    return overall, privacy


def _coverage(count: int, total: int, w: Words) -> str:
    return w.ngettext(
        "%(count)s of %(num)s country", "%(count)s of %(num)s countries", total, count=count
    )


def _regions_table(overview: Overview, w: Words) -> d.Table:
    rows = tuple(_region_row(view, w) for view in overview.regions)
    columns = (w.gettext("Region"), w.gettext("Regional plan"), w.gettext("Countries in the plan"))
    return d.Table(columns, rows)


def _region_row(view: RegionView, w: Words) -> tuple[str, str, str]:
    if view.missing == STALE_PLAN:
        return view.name, w.gettext("Its regional plan must be regenerated."), ""
    if view.missing:
        return view.name, w.gettext("No regional plan has been generated yet."), ""
    assert view.generated_at is not None
    made = w.gettext(
        "%(questionnaire)s, generated %(date)s",
        questionnaire=view.questionnaire,
        date=written_date(view.generated_at.date(), w.lang),
    )
    return view.name, made, _coverage(view.combined, view.countries, w)


def _areas(overview: Overview, w: Words) -> tuple[d.Block, ...]:
    """Means per area and region as a heat map, then each region's figures in a table."""
    planned = overview.planned
    values = tuple(tuple(_mean(view, area_id) for view in planned) for area_id, _ in overview.areas)
    titles = tuple(title for _, title in overview.areas)
    names = tuple(view.name for view in planned)
    heat = d.Heatmap(w.gettext("Mean score per area and region"), titles, names, values)
    columns = (
        w.gettext("Area"),
        w.gettext("Region"),
        w.gettext("Mean"),
        w.gettext("Median"),
        w.gettext("Coverage"),
    )
    rows = tuple(
        _area_row(title, view, area_id, w)
        for area_id, title in overview.areas
        for view in planned
        if area_id in view.areas
    )
    return heat, d.Table(columns, rows, numeric=(2, 3))


def _mean(view: RegionView, area_id: str) -> float | None:
    figures = view.areas.get(area_id)
    return figures.mean if figures else None


def _area_row(title: str, view: RegionView, area_id: str, w: Words) -> tuple[str, ...]:
    f = view.areas[area_id]
    coverage = _coverage(f.count, f.total, w)
    if f.mean is None:
        shown = w.ngettext(
            "not shown: fewer than %(num)s country has a score",
            "not shown: fewer than %(num)s countries have a score",
            FEWEST_SHOWN,
        )
        return title, view.name, shown, "", coverage
    return title, view.name, figure(f.mean, w), figure(f.median, w), coverage


def _priorities(overview: Overview, w: Words) -> d.Table:
    rows = tuple(
        (
            written_number(number, w.lang),
            common.title,
            common.indicator,
            "; ".join(
                w.gettext(
                    "%(region)s: %(priority)s, shared by %(coverage)s",
                    region=view.name,
                    priority=code_word("priority", p.priority, w.lang),
                    coverage=_coverage(p.shared_by, p.combined, w),
                )
                for view, p in common.regions
            ),
        )
        for number, common in enumerate(overview.common, start=1)
    )
    columns = (w.gettext("No."), w.gettext("Action"), w.gettext("Indicator"), w.gettext("Regions"))
    return d.Table(columns, rows, numeric=(0,))
