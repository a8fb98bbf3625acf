"""Trends as texts people read: rows per area and indicator, the chart, the plan outcome, and the
"Trends" section of the national and regional PDFs. The web page shows the same rows and chart.

Pure: trends in (assess.scoring.trends), plain texts out, numbers in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from assess.plans.national import node_title
from assess.plans.outcome import PlanOutcome
from assess.reports import document as d
from assess.reports.plan_tables import figure
from assess.reports.trend_charts import line_chart
from assess.scoring.trends import NodeTrend, Point, Trends
from assess.words.catalogue import Words
from assess.words.numbers import number, percent, word_list
from assess.words.plan_codes import code_word
from assess.words.trend_words import change_sign, change_word


@dataclass(frozen=True)
class Cell:
    """One node in one round, as printed: its figures and its change from the round before."""

    score: str
    level: str
    gap: str
    completeness: str
    count: str  # a region's: how many countries have a score, in words
    change: str  # the change code (improved...), '' for none
    change_words: str  # the word, or a region's tally in words
    sign: str


@dataclass(frozen=True)
class Row:
    """An area or indicator across the rounds (a None cell: no figures that round)."""

    node_id: str
    title: str
    kind: str
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class AreaRows:
    area: Row
    indicators: tuple[Row, ...]


@dataclass(frozen=True)
class TrendChart:
    """Area scores per round, one line per area (a chart block of the report document)."""

    kind: ClassVar[str] = "chart"
    title: str
    rounds: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    x_label: str
    y_label: str
    max_value: float = 100.0
    min_value: float = 0.0

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return line_chart(
            self.series,
            self.rounds,
            title=self.title,
            x_label=self.x_label,
            y_label=self.y_label,
            max_value=self.max_value,
            min_value=self.min_value,
            rtl=rtl,
            lang=lang,
        )


def trend_rows(trends: Trends, w: Words) -> tuple[AreaRows, ...]:
    """Every area and its indicators, titled in `w`'s language, figures per round."""
    region = bool(trends.countries)
    return tuple(
        AreaRows(
            _row(trends, area.area, w, region),
            tuple(_row(trends, node, w, region) for node in area.indicators),
        )
        for area in trends.areas
    )


def _row(trends: Trends, node: NodeTrend, w: Words, region: bool) -> Row:
    title = node_title(trends.questionnaire.node(node.node_id), w.lang)
    cells = tuple(
        _cell(node, i, point, w, region) if point is not None else None
        for i, point in enumerate(node.points)
    )
    return Row(node.node_id, title, node.kind, cells)


def _cell(node: NodeTrend, i: int, point: Point, w: Words, region: bool) -> Cell:
    change = node.changes[i] or ""
    if region and i > 0:
        tally = node.tallies[i]
        words = w.gettext(
            "%(improved)s improved, %(regressed)s regressed, %(unchanged)s unchanged",
            improved=number(tally["improved"], w.lang),
            regressed=number(tally["regressed"], w.lang),
            unchanged=number(tally["unchanged"], w.lang),
        )
        if tally["not_comparable"]:
            words += "; " + w.ngettext(
                "%(num)s not comparable", "%(num)s not comparable", tally["not_comparable"]
            )
    else:
        words = change_word(change or None, w.lang)
    return Cell(
        figure(point.score, w),
        figure(point.level, w),
        figure(point.gap, w),
        percent(point.completeness, w.lang),
        w.ngettext("%(num)s country", "%(num)s countries", point.count) if region else "",
        change,
        words,
        change_sign(change or None),
    )


def trend_chart(trends: Trends, w: Words) -> TrendChart:
    """The line chart of area scores per round, the areas named in the legend."""
    framework = trends.questionnaire.framework
    series = tuple(
        (
            node_title(trends.questionnaire.node(a.area.node_id), w.lang),
            tuple(p.score if p is not None else None for p in a.area.points),
        )
        for a in trends.areas
    )
    return TrendChart(
        w.gettext("Area scores per round"),
        trends.rounds,
        series,
        x_label=w.gettext("Round"),
        y_label=w.gettext("Score"),
        max_value=framework.scale_max,
        min_value=framework.scale_min,
    )


def moved_sentence(trends: Trends, w: Words) -> str:
    """What improved and what regressed since the round before, in a sentence (for a region:
    the areas where more of its countries improved than regressed, and the other way round)."""
    if trends.countries:
        last = [a.area for a in trends.areas if a.area.tallies]
        more = [n for n in last if n.tallies[-1]["improved"] > n.tallies[-1]["regressed"]]
        fewer = [n for n in last if n.tallies[-1]["improved"] < n.tallies[-1]["regressed"]]
        return w.gettext(
            "Since round %(before)s, more countries improved than regressed in: %(improved)s; "
            "more regressed than improved in: %(regressed)s.",
            before=trends.rounds[-2],
            improved=_titles(trends, tuple(more), w),
            regressed=_titles(trends, tuple(fewer), w),
        )
    improved = [n for n in trends.moved("improved") if n.kind == "area"]
    regressed = [n for n in trends.moved("regressed") if n.kind == "area"]
    return w.gettext(
        "Since round %(before)s, areas improved: %(improved)s; areas regressed: %(regressed)s.",
        before=trends.rounds[-2],
        improved=_titles(trends, tuple(improved), w),
        regressed=_titles(trends, tuple(regressed), w),
    )


def _titles(trends: Trends, nodes: tuple[NodeTrend, ...], w: Words) -> str:
    titles = [node_title(trends.questionnaire.node(n.node_id), w.lang) for n in nodes]
    return word_list(titles, w.lang) or "–"


def outcome_rows(outcome: PlanOutcome, w: Words) -> tuple[tuple[str, str], ...]:
    """Each status with how many of the plan's actions ended in it."""
    return tuple(
        (code_word("status", status, w.lang), number(count, w.lang))
        for status, count in outcome.counts.items()
    )


def trends_section(
    trends: Trends, outcome: PlanOutcome | None, w: Words, names: Mapping[str, str] | None = None
) -> d.Section:
    """The "Trends" section of a plan report: what moved, the chart, a table per area with its
    indicators, and how the previous round's plan ended."""
    blocks: list = [d.Paragraph(moved_sentence(trends, w))]
    if names:
        countries = word_list([names.get(c, c) for c in trends.countries], w.lang)
        blocks.append(d.Paragraph(w.gettext("Countries: %(countries)s.", countries=countries)))
    blocks.append(trend_chart(trends, w))
    for area in trend_rows(trends, w):
        blocks.append(_area_table(area, trends.rounds, w))
    if outcome is not None:
        blocks.append(
            d.Table(
                (w.gettext("Status"), w.gettext("Actions")),
                outcome_rows(outcome, w),
                caption=w.gettext("How the plan of round %(round)s ended", round=outcome.round),
                numeric=(1,),
            )
        )
    return d.Section(w.gettext("Trends"), tuple(blocks))


def _area_table(area: AreaRows, rounds: tuple[str, ...], w: Words) -> d.Table:
    columns = (w.gettext("Area and indicators"), *rounds)
    rows = tuple(
        (row.title, *(_cell_text(cell, w) for cell in row.cells))
        for row in (area.area, *area.indicators)
    )
    return d.Table(columns, rows, caption=area.area.title)


def _cell_text(cell: Cell | None, w: Words) -> str:
    if cell is None:
        return "–"
    parts = [cell.score or "–"]
    if cell.level:
        parts.append(w.gettext("level %(level)s", level=cell.level))
    if cell.gap:
        parts.append(w.gettext("gap %(gap)s", gap=cell.gap))
    if cell.completeness:
        parts.append(w.gettext("%(share)s answered", share=cell.completeness))
    if cell.count:
        parts.append(cell.count)
    if cell.change_words:
        parts.append(f"{cell.sign} {cell.change_words}".strip())
    return " · ".join(parts)
