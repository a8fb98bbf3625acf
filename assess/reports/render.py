"""A `ReportDocument` to HTML through the print templates: escaped, numbered, charts inlined.

The Jinja environment is our own (not Flask's), so the command line and background jobs can render
reports. Templates are loaded from the `templates` folder of the reports directory the caller
names, never from the current directory.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from assess.reports import document as doc
from assess.reports.rtl_svg import visual_words

# Characters looked at to find a text's direction; a text with no letter that early is rare.
HEAD_SCAN = 500
# Words longer than this get break opportunities: letting WeasyPrint break anywhere instead costs
# seconds per table cell (its column-width pass tries every character), so we mark where.
BREAK_EVERY = 24
LONG_WORD = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents: the anchor it links to, its number and heading."""

    anchor: str
    number: str
    heading: str
    level: int
    section: doc.Section


def breakable(text: str) -> Markup:
    """`text` escaped, with a line-break opportunity every BREAK_EVERY characters of long words."""
    pieces, end = [], 0
    for match in LONG_WORD.finditer(text):
        word = match.group()
        pieces.append(escape(text[end : match.start()]))
        pieces.append(
            Markup("<wbr>").join(
                word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY)
            )
        )
        end = match.end()
    pieces.append(escape(text[end:]))
    return Markup("").join(pieces)


def clip(value: object, limit: int, marker: str) -> Markup:
    """`value` escaped and cut to `limit` characters, a visible marker after it when longer."""
    text = str(value)
    if len(text) <= limit:
        return breakable(text)
    # Every part is escaped; only <wbr> and the marker's <span> are markup of ours.
    return Markup('{}… <span class="truncated">{}</span>').format(breakable(text[:limit]), marker)


def direction(value: object) -> str:
    """ "ltr" or "rtl" after the first letter of `value` (HTML's dir="auto"); "auto" if none."""
    for char in str(value)[:HEAD_SCAN]:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


def contents(sections: tuple[doc.Section, ...], prefix: str = "") -> list[TocEntry]:
    """Every section and sub-section in reading order, numbered 1, 1.1, 1.2, 2..."""
    entries = []
    for position, section in enumerate(sections, start=1):
        number = f"{prefix}{position}"
        level = number.count(".") + 1
        anchor = "s-" + number.replace(".", "-")
        entries.append(TocEntry(anchor, number, section.heading, level, section))
        entries.extend(contents(section.subsections, number + "."))
    return entries


def chart(block: doc.Chart, rtl: bool, lang: str = "en") -> Markup:
    """The block's SVG, trusted as markup: the chart functions escape every label themselves.
    WeasyPrint sets SVG text left to right, so right-to-left words are put in visual order."""
    return Markup(visual_words(block.svg(rtl, lang), rtl))


@cache
def environment(templates_dir: Path) -> Environment:
    """The report templates' environment: autoescaped, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clip"] = clip
    env.filters["direction"] = direction
    env.globals["chart"] = chart
    env.globals["limits"] = {
        "annex": doc.ANNEX_TEXT_LIMIT,
        "cell": doc.TABLE_CELL_LIMIT,
        "paragraph": doc.PARAGRAPH_LIMIT,
        "heading": doc.HEADING_LIMIT,
        "grid_answer": doc.GRID_ANSWER_LIMIT,
        "grid_comment": doc.GRID_COMMENT_LIMIT,
    }
    return env


def render_html(document: doc.ReportDocument, *, reports_dir: Path) -> str:
    """The report's HTML, in its language and direction, ready for `render_pdf`."""
    env = environment(Path(reports_dir).resolve() / "templates")
    toc = contents(document.sections)
    return env.get_template("report.html").render(
        doc=document,
        words=document.words,
        page_parts=document.words.page_parts(),
        rtl=document.direction == "rtl",
        toc=toc,
    )
