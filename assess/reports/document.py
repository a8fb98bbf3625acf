"""What a report says, independent of how it is printed: frozen dataclasses a plan fills.

A `ReportDocument` holds plain text only. Markup in any field prints as text: the templates
escape everything, and charts are drawn from their data by `assess.reports.charts`. Long texts are
cut at the limits below when rendered, with a visible "(truncated)" marker (in a grid of answers
side by side, an ellipsis alone), so one answer of a megabyte cannot stall a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from assess.reports import charts
from assess.reports.heatmap import heatmap
from assess.reports.plan_charts import budget_chart, gantt_chart
from assess.reports.radar import radar_chart
from assess.words.catalogue import text_direction, words_in

# Characters kept of one text when rendered; the rest is replaced by the "(truncated)" label.
ANNEX_TEXT_LIMIT = 3000
TABLE_CELL_LIMIT = 1500
PARAGRAPH_LIMIT = 10000
HEADING_LIMIT = 300
# Characters kept of one answer or comment in a grid of answers side by side (one country's cell).
GRID_ANSWER_LIMIT = 60
GRID_COMMENT_LIMIT = 40


@dataclass(frozen=True)
class Labels:
    """The words a report prints around its content, in the report's language."""

    contents: str
    page: str
    truncated: str
    question: str
    answer: str
    comment: str
    round: str
    date: str

    def page_parts(self) -> tuple[str, str, str]:
        """The page label around its numbers: ("Page", "of", "") for "Page N of M"."""
        before, _, rest = self.page.partition("%(page)s")
        between, _, after = rest.partition("%(pages)s")
        return before.strip(), between.strip(), after.strip()


def labels_for(lang: str) -> Labels:
    """The labels of `lang`, from the catalogues (English for what they lack)."""
    w = words_in(lang)
    return Labels(
        contents=w.gettext("Contents"),
        page=w.gettext("Page %(page)s of %(pages)s"),
        truncated=w.gettext("(truncated)"),
        question=w.gettext("Question"),
        answer=w.gettext("Answer"),
        comment=w.gettext("Comment"),
        round=w.gettext("Round"),
        date=w.gettext("Date"),
    )


def marking_in(marking: str | None, lang: str) -> str:
    """The classification marking of a report: the operator's own (ASSESS_REPORT_MARKING) as
    they wrote it, else the standard one in the report's language."""
    if marking is not None:
        return marking
    return words_in(lang).pgettext("classification marking", "RESTRICTED")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; `lead` sets it larger, as in an executive summary."""

    kind: ClassVar[str] = "paragraph"
    text: str
    lead: bool = False


@dataclass(frozen=True)
class Table:
    """A table of text cells; columns listed in `numeric` are aligned for figures."""

    kind: ClassVar[str] = "table"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table row {number} has {len(row)} cells for {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class RadarChart:
    """Scores per area on a radar (`axes` are (area, score) pairs; `figures` the scores as
    printed, `provisional` which are provisional: see radar_chart)."""

    kind: ClassVar[str] = "chart"
    title: str
    axes: tuple[tuple[str, float], ...]
    max_value: float = 100.0
    figures: tuple[str, ...] = ()
    provisional: tuple[bool, ...] = ()

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return radar_chart(
            self.axes,
            title=self.title,
            max_value=self.max_value,
            rtl=rtl,
            lang=lang,
            figures=self.figures,
            provisional=self.provisional,
        )


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, for example the gap per area (`bars` are (label, value) pairs)."""

    kind: ClassVar[str] = "chart"
    title: str
    bars: tuple[tuple[str, float], ...]
    max_value: float = 100.0
    unit: str = ""

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return charts.bar_chart(
            self.bars,
            title=self.title,
            max_value=self.max_value,
            unit=self.unit,
            rtl=rtl,
            lang=lang,
        )


@dataclass(frozen=True)
class RiskMatrix:
    """The 5 × 5 risk matrix: `scenarios` are (id, likelihood 1-5, impact 1-5)."""

    kind: ClassVar[str] = "chart"
    title: str
    scenarios: tuple[tuple[str, int, int], ...]
    likelihood_label: str = "Likelihood"
    impact_label: str = "Impact"

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return charts.risk_matrix(
            self.scenarios,
            title=self.title,
            likelihood_label=self.likelihood_label,
            impact_label=self.impact_label,
            rtl=rtl,
        )


@dataclass(frozen=True)
class Heatmap:
    """Scores of rows (countries) by columns (areas); None where there is no score."""

    kind: ClassVar[str] = "chart"
    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    max_value: float = 100.0
    # Optional, the same shape as `values`: a note under each score (for example the share
    # answered) and whether a score is provisional, which `provisional_label` explains.
    notes: tuple[tuple[str | None, ...], ...] | None = None
    provisional: tuple[tuple[bool, ...], ...] | None = None
    provisional_label: str = ""

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return heatmap(
            self.rows,
            self.columns,
            self.values,
            title=self.title,
            max_value=self.max_value,
            rtl=rtl,
            lang=lang,
            notes=self.notes,
            provisional=self.provisional,
            provisional_label=self.provisional_label,
        )


@dataclass(frozen=True)
class Distribution:
    """Per row (an area), how many countries fall in each band (a level or score range)."""

    kind: ClassVar[str] = "chart"
    title: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    bands: tuple[str, ...]

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return charts.distribution_chart(self.rows, bands=self.bands, title=self.title, rtl=rtl)


@dataclass(frozen=True)
class BudgetChart:
    """A plan's cost per year stacked by funding source, the gap last (see budget_chart)."""

    kind: ClassVar[str] = "chart"
    title: str
    columns: tuple[tuple[str, tuple[Decimal, ...]], ...]  # a year's label, an amount per source
    sources: tuple[str, ...]
    figures: tuple[str, ...]  # each year's total as printed
    axis_label: str

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return budget_chart(
            self.columns,
            sources=self.sources,
            figures=self.figures,
            title=self.title,
            axis_label=self.axis_label,
            rtl=rtl,
            lang=lang,
        )


@dataclass(frozen=True)
class GanttChart:
    """Actions as bars from their start to their end over the plan's calendar years: `rows` are
    (label, start, end) with ISO dates (see gantt_chart)."""

    kind: ClassVar[str] = "chart"
    title: str
    rows: tuple[tuple[str, str, str], ...]
    first_year: int
    years: int
    today: dt.date | None = None
    today_label: str = ""

    def svg(self, rtl: bool, lang: str = "en") -> str:
        return gantt_chart(
            self.rows,
            first_year=self.first_year,
            years=self.years,
            title=self.title,
            today=self.today,
            today_label=self.today_label,
            rtl=rtl,
        )


Chart = RadarChart | BarChart | RiskMatrix | Heatmap | Distribution | BudgetChart | GanttChart
Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    """A numbered part of the report listed in the contents; sub-sections are listed too."""

    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class AnnexEntry:
    """One answered question: its reference (such as "B.3.2"), its text, the answer, a comment."""

    reference: str
    question: str
    answer: str
    comment: str = ""


@dataclass(frozen=True)
class AnnexGroup:
    """The annex entries of one area or section of the questionnaire."""

    heading: str
    entries: tuple[AnnexEntry, ...]


@dataclass(frozen=True)
class GridCell:
    """One country's answer to a question in words, and its comment; empty when not answered."""

    answer: str = ""
    comment: str = ""


@dataclass(frozen=True)
class GridRow:
    """A question and each country's answer to it, in the order of the grid's columns."""

    reference: str
    question: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class AnswerGrid:
    """Countries' answers side by side: a row per question, a column per country. Answers and
    comments are cut at GRID_ANSWER_LIMIT and GRID_COMMENT_LIMIT characters when rendered."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"grid row {row.reference} has {len(row.cells)} cells "
                    f"for {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Annex:
    """The annex: the answers and comments the report was made from, one country's as a list
    (`groups`) or several countries' side by side (`grids`)."""

    heading: str
    groups: tuple[AnnexGroup, ...]
    intro: str = ""
    grids: tuple[AnswerGrid, ...] = ()


@dataclass(frozen=True)
class ReportDocument:
    """A whole report: the cover, the sections in order and the annex."""

    title: str
    place: str
    round: str
    date: str
    marking: str = ""
    subtitle: str = ""
    notice: str = ""  # a warning the cover carries, such as answers newer than the plan
    lang: str = "en"
    sections: tuple[Section, ...] = ()
    annex: Annex | None = None

    @property
    def direction(self) -> str:
        """ "rtl" for right-to-left languages such as Arabic, else "ltr"."""
        return text_direction(self.lang)

    @property
    def words(self) -> Labels:
        """The labels to print, in the report's language."""
        return labels_for(self.lang)
