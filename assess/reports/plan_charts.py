"""A plan's budget and timeline charts as SVG strings, the same on the page and in the PDF.

Pure functions of their data, with the machinery of `charts` and `svg`: every label passes through
`svg.text`; with `rtl=True` the picture is mirrored (years run right to left, labels on the
right). The budget chart stacks each year's cost by funding source, the funding gap hatched on
top so it is seen in grey too; the Gantt chart draws each action from its start to its end over
the plan's years, with an optional line for today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from math import floor, log10

from assess.reports.charts import EDGE, LABEL_SIZE, WIDTH, Mirror, label_column
from assess.reports.svg import GRID, document, fit, lines_width, num, text_block, text_width
from assess.words.numbers import number

# National budget, the initiative, other partners, then the gap (hatched in the last colour).
SOURCE_COLOURS = ("#3e6fb0", "#59a14f", "#edc948", "#d73027")
GAP_PATTERN = (
    '<defs><pattern id="gap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4a582"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#d73027" stroke-width="3"/></pattern></defs>'
)
PLOT_TOP, PLOT_H, AXIS_ROOM = 24.0, 220.0, 70.0
TICKS = 4
BAR_FILL = "#3e6fb0"
TODAY = "#d73027"
GANTT_LABELS = WIDTH * 0.4  # the Gantt chart's column of actions' names


def _nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (1 for nothing), so
    the axis has round ticks."""
    if value <= 0:
        return 1.0
    power = 10 ** floor(log10(value / TICKS))
    for step in (1, 2, 2.5, 5, 10):
        if step * power * TICKS >= value:
            return step * power * TICKS
    return 10 * power * TICKS


def budget_chart(
    columns: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    sources: Sequence[str],
    figures: Sequence[str],
    title: str,
    axis_label: str,
    rtl: bool = False,
    lang: str = "en",
) -> str:
    """Stacked bars, one per column (a year), one segment per funding source in `sources` order,
    the last being the gap (hatched); `figures` are the columns' totals as printed above them,
    `axis_label` names the amounts (their currency)."""
    if any(len(parts) != len(sources) for _, parts in columns) or len(figures) != len(columns):
        raise ValueError("each column needs one amount per source, and a figure")
    if len(sources) > len(SOURCE_COLOURS):
        raise ValueError(f"at most {len(SOURCE_COLOURS)} sources")
    m = Mirror(rtl)
    top = _nice_top(max((float(sum(parts)) for _, parts in columns), default=0.0))
    tick_labels = [number(top * t / TICKS, lang, places=0) for t in range(TICKS + 1)]
    left = EDGE + max(lines_width([t], 10) for t in tick_labels) + 8
    plot_w = WIDTH - left - EDGE
    slot = plot_w / max(len(columns), 1)
    bar_w = min(slot * 0.6, 80.0)
    body = [GAP_PATTERN]
    for t, label in enumerate(tick_labels):
        y = PLOT_TOP + PLOT_H * (1 - t / TICKS)
        body.append(
            f'<line x1="{num(m.x(left))}" y1="{num(y)}" x2="{num(m.x(left + plot_w))}" '
            f'y2="{num(y)}" stroke="{GRID}"/>'
        )
        body.append(text_block(m.x(left - 6), y, [label], anchor=m.anchor("end"), size=10))
    names = []
    for i, (label, parts) in enumerate(columns):
        x = left + slot * i + (slot - bar_w) / 2
        base = PLOT_TOP + PLOT_H
        for s, amount in enumerate(parts):
            h = PLOT_H * float(amount) / top
            if h <= 0:
                continue
            base -= h
            fill = "url(#gap-hatch)" if s == len(sources) - 1 else SOURCE_COLOURS[s]
            body.append(
                f'<rect class="source-{s}" x="{num(m.rect_x(x, bar_w))}" y="{num(base)}" '
                f'width="{num(bar_w)}" height="{num(h)}" fill="{fill}"/>'
            )
        body.append(text_block(m.x(x + bar_w / 2), base - 8, [figures[i]], anchor="middle", size=9))
        name = fit(label, slot - 4, 10)
        names.append(name)
        middle = PLOT_TOP + PLOT_H + 8 + len(name) * 6
        body.append(text_block(m.x(x + bar_w / 2), middle, name, anchor="middle", size=10))
    below = PLOT_TOP + PLOT_H + 12 + max((len(n) for n in names), default=1) * 12
    body.append(text_block(m.x(left), PLOT_TOP - 14, [axis_label], anchor=m.anchor("start")))
    legend, legend_h = _legend(sources, below + 10, m)
    body.extend(legend)
    desc = "; ".join(
        f"{label}: {figure} ("
        + ", ".join(f"{s} {number(a, lang)}" for s, a in zip(sources, parts, strict=True))
        + ")"
        for (label, parts), figure in zip(columns, figures, strict=True)
    )
    return document(WIDTH, below + 10 + legend_h + 6, title, desc, body)


def _legend(sources: Sequence[str], y: float, m: Mirror) -> tuple[list[str], float]:
    """The sources' swatches and whole names in a row (wrapped in their share of the width),
    and the height the row takes below `y`."""
    items, step, x = [], (WIDTH - 2 * EDGE) / max(len(sources), 1), EDGE
    names = [fit(name, step - 22, LABEL_SIZE) for name in sources]
    for s, lines in enumerate(names):
        fill = "url(#gap-hatch)" if s == len(sources) - 1 else SOURCE_COLOURS[s]
        items.append(
            f'<rect x="{num(m.rect_x(x, 12))}" y="{num(y)}" width="12" height="12" fill="{fill}"/>'
        )
        middle = y + 6 + (len(lines) - 1) * LABEL_SIZE * 0.6
        items.append(text_block(m.x(x + 16), middle, lines, anchor=m.anchor("start")))
        x += step
    return items, max((len(lines) for lines in names), default=1) * LABEL_SIZE * 1.2 + 4


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def gantt_chart(
    rows: Sequence[tuple[str, str, str]],
    *,
    first_year: int,
    years: int,
    title: str,
    today: dt.date | None = None,
    today_label: str = "",
    rtl: bool = False,
) -> str:
    """One row per (label, start, end), ISO dates: a bar from start to end over the calendar
    years `first_year` to `first_year + years - 1` (cut at their edges; no bar for a row without
    both dates or ending before it starts), a column per year, and a line at `today` when it
    falls in them."""
    years = max(years, 1)
    m = Mirror(rtl)
    # The label column always takes its whole room, so the years of one plan's charts line up.
    lines, _, tallest = label_column([label for label, _, _ in rows], GANTT_LABELS)
    label_w = EDGE + GANTT_LABELS
    plot_x = label_w + 10
    plot_w = WIDTH - plot_x - EDGE
    row_h = max(18.0, tallest + 6)
    head = 22.0
    begin = dt.date(first_year, 1, 1)
    finish = dt.date(first_year + years, 1, 1)
    span = (finish - begin).days

    def x_of(day: dt.date) -> float:
        return plot_x + plot_w * min(max((day - begin).days / span, 0.0), 1.0)

    height = head + row_h * len(rows)
    body = []
    for y in range(years):
        x0 = x_of(dt.date(first_year + y, 1, 1))
        x1 = x_of(dt.date(first_year + y + 1, 1, 1))
        if y % 2:
            body.append(
                f'<rect x="{num(m.rect_x(x0, x1 - x0))}" y="{num(head)}" '
                f'width="{num(x1 - x0)}" height="{num(height - head)}" fill="#f3f5f7"/>'
            )
        body.append(
            f'<line x1="{num(m.x(x0))}" y1="{num(head - 4)}" x2="{num(m.x(x0))}" '
            f'y2="{num(height)}" stroke="{GRID}"/>'
        )
        body.append(
            text_block(
                m.x((x0 + x1) / 2), head / 2, [str(first_year + y)], anchor="middle", size=10
            )
        )
    for i, (_label, start, end) in enumerate(rows):
        y = head + i * row_h
        body.append(text_block(m.x(label_w), y + row_h / 2, lines[i], anchor=m.anchor("end")))
        a, b = _date(start), _date(end)
        if a is None or b is None or b < a or b < begin or a >= finish:
            continue
        x0, x1 = x_of(a), x_of(b + dt.timedelta(days=1))
        w = max(x1 - x0, 2.0)
        body.append(
            f'<rect class="bar" x="{num(m.rect_x(x0, w))}" y="{num(y + 4)}" width="{num(w)}" '
            f'height="{num(row_h - 8)}" rx="2" fill="{BAR_FILL}"/>'
        )
    if today is not None and begin <= today < finish:
        x = m.x(x_of(today))
        body.append(
            f'<line class="today" x1="{num(x)}" y1="{num(head - 4)}" x2="{num(x)}" '
            f'y2="{num(height)}" stroke="{TODAY}" stroke-width="1.5" stroke-dasharray="4,2"/>'
        )
        if today_label:
            half = text_width(today_label, 9) / 2 + 2
            middle = min(max(x, half), WIDTH - half)  # the whole label inside the picture
            body.append(text_block(middle, height + 10, [today_label], anchor="middle", size=9))
            height += 16
    desc = "; ".join(f"{label}: {start} – {end}".rstrip(" –") for label, start, end in rows)
    return document(WIDTH, height + 4, title, desc, body)
