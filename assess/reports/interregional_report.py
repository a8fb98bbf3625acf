"""The interregional overview as a report document, for `render_html` and `render_pdf` (pure).

It prints what the overview holds (assess.plans.interregional): region aggregates only.
"""

from __future__ import annotations

from collections.abc import Mapping

from assess.plans.interregional import FEWEST_SHOWN, STALE_PLAN, Overview, RegionView
from assess.reports import document as d
from assess.reports.plan_tables import figure
from assess.reports.plan_words import words_for


def interregional_document(
    overview: Overview, lang: str, *, date: str, marking: str
) -> d.ReportDocument:
    """The report: summary, the regions and their plans, areas across regions, shared priorities."""
    w = words_for(lang)
    sections = (
        d.Section(w["summary"], tuple(d.Paragraph(p, lead=True) for p in _summary(overview, w))),
        d.Section(w["regions"], (_regions_table(overview, w),)),
        d.Section(w["areas_across"], _areas(overview, w)),
        d.Section(w["common_priorities"], (_priorities_table(overview, w),)),
    )
    return d.ReportDocument(
        title=w["interregional_title"],
        place=w["all_regions"],
        round=", ".join(sorted({r for view in overview.planned for r in view.rounds})),
        date=date,
        marking=marking,
        lang=lang,
        sections=sections,
    )


def _summary(overview: Overview, w: Mapping[str, str]) -> tuple[str, ...]:
    across = sum(1 for c in overview.common if len(c.regions) > 1)
    overall = w["interregional_overall"].format(
        planned=len(overview.planned),
        regions=len(overview.regions),
        common=len(overview.common),
        across=across,
    )
    return overall, w["interregional_privacy"]


def _coverage(count: int, total: int, w: Mapping[str, str]) -> str:
    return w["coverage_of"].format(count=count, total=total)


def _regions_table(overview: Overview, w: Mapping[str, str]) -> d.Table:
    rows = tuple(_region_row(view, w) for view in overview.regions)
    return d.Table((w["region"], w["regional_plan"], w["in_plan"]), rows)


def _region_row(view: RegionView, w: Mapping[str, str]) -> tuple[str, str, str]:
    if view.missing:
        return view.name, w["stale_plan" if view.missing == STALE_PLAN else "no_plan"], ""
    assert view.generated_at is not None
    made = w["generated_on"].format(
        questionnaire=view.questionnaire, date=view.generated_at.date().isoformat()
    )
    return view.name, made, _coverage(view.combined, view.countries, w)


def _areas(overview: Overview, w: Mapping[str, str]) -> tuple[d.Block, ...]:
    """Means per area and region as a heat map, then each region's figures in a table."""
    planned = overview.planned
    values = tuple(tuple(_mean(view, area_id) for view in planned) for area_id, _ in overview.areas)
    titles = tuple(title for _, title in overview.areas)
    heat = d.Heatmap(w["mean_by_region"], titles, tuple(v.name for v in planned), values)
    columns = (w["area"], w["region"], w["mean"], w["median"], w["coverage"])
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


def _area_row(title: str, view: RegionView, area_id: str, w: Mapping[str, str]) -> tuple[str, ...]:
    f = view.areas[area_id]
    if f.mean is None:
        shown = w["not_shown"].format(n=FEWEST_SHOWN)
        return title, view.name, shown, "", _coverage(f.count, f.total, w)
    return title, view.name, figure(f.mean), figure(f.median), _coverage(f.count, f.total, w)


def _priorities_table(overview: Overview, w: Mapping[str, str]) -> d.Table:
    rows = tuple(
        (
            str(number),
            common.title,
            common.indicator,
            "; ".join(
                w["region_priority"].format(
                    region=view.name,
                    priority=w[p.priority],
                    coverage=_coverage(p.shared_by, p.combined, w),
                )
                for view, p in common.regions
            ),
        )
        for number, common in enumerate(overview.common, start=1)
    )
    return d.Table((w["no"], w["action"], w["indicator"], w["regions"]), rows, numeric=(0,))
