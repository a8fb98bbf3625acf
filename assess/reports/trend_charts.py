"""Trend charts as SVG strings: scores per round, one line per series, the same on page and PDF.

Pure functions of their data, with the machinery of `charts` and `svg`: every label passes
through `svg.text`; with `rtl=True` rounds run right to left and labels sit on the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from assess.reports.charts import WIDTH, Mirror
from assess.reports.svg import GRID, document, fit, label_value, num, text_block, wrap

# Ten colours told apart by most readers (Tableau 10). Each line also has its own dash pattern
# and marker, the legend showing both: two lines of one colour (the 1st and 11th) never share
# either, so with 19 areas every line can still be told apart, in grey as well.
LINE_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#79706e",
)
DASHES = ("", "7,3", "2,3", "9,3,2,3")
MARKERS = ("circle", "square", "triangle")
LEFT, RIGHT, TOP, PLOT_H = 70.0, 30.0, 34.0, 220.0
TICKS = 4  # grid lines above the minimum
LEGEND_SIZE, SWATCH = 10.0, 30.0


def _style(index: int) -> tuple[str, str, str]:
    """The colour, dash pattern (as an attribute) and marker of the `index`th series."""
    colour = LINE_COLOURS[index % len(LINE_COLOURS)]
    dash = DASHES[index % len(DASHES)]
    return colour, (f' stroke-dasharray="{dash}"' if dash else ""), MARKERS[index % len(MARKERS)]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A point of a series, drawn in its marker's shape."""
    if shape == "square":
        return f'<rect x="{num(x - 3)}" y="{num(y - 3)}" width="6" height="6" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{num(x)},{num(y - 4)} {num(x - 4)},{num(y + 3)} {num(x + 4)},{num(y + 3)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="3" fill="{colour}"/>'


def line_chart(
    series: Sequence[tuple[str, Sequence[float | None]]],
    rounds: Sequence[str],
    *,
    title: str,
    x_label: str,
    y_label: str,
    max_value: float = 100.0,
    min_value: float = 0.0,
    rtl: bool = False,
    lang: str = "en",
) -> str:
    """Each series' value per round as a line (broken where a round has none), with the rounds
    along the x axis, the values up the y axis, both axes named, and a legend naming each line."""
    if any(len(values) != len(rounds) for _, values in series):
        raise ValueError("each series needs one value per round")
    m = Mirror(rtl)
    span = (max_value - min_value) or 1.0
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / max(len(rounds) - 1, 1)

    def at(i: int, value: float) -> tuple[float, float]:
        x = LEFT + (i * step if len(rounds) > 1 else plot_w / 2)
        share = min(max((value - min_value) / span, 0.0), 1.0)
        return m.x(x), TOP + PLOT_H * (1 - share)

    body = _axes(rounds, m, step, plot_w, min_value, span, x_label, y_label, lang)
    for index, (_, values) in enumerate(series):
        colour, dash, shape = _style(index)
        for run in _runs(values):
            points = " ".join(f"{num(x)},{num(y)}" for x, y in (at(i, values[i]) for i in run))
            if len(run) > 1:
                body.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
            for i in run:
                x, y = at(i, values[i])
                body.append(_marker(shape, x, y, colour))
    legend_top = TOP + PLOT_H + 56
    legend, legend_h = _legend([name for name, _ in series], legend_top, m)
    body.extend(legend)
    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{r} {label_value(v, lang)}" for r, v in zip(rounds, values, strict=True))
        for name, values in series
    )
    return document(WIDTH, legend_top + legend_h + 4, title, desc, body)


def _axes(
    rounds: Sequence[str],
    m: Mirror,
    step: float,
    plot_w: float,
    low: float,
    span: float,
    x_label: str,
    y_label: str,
    lang: str,
) -> list[str]:
    """Grid lines with their values, the rounds under the plot, and the axes' names."""
    body = []
    for tick in range(TICKS + 1):
        y = TOP + PLOT_H * (1 - tick / TICKS)
        x1, x2 = m.x(LEFT), m.x(LEFT + plot_w)
        body.append(
            f'<line x1="{num(x1)}" y1="{num(y)}" x2="{num(x2)}" y2="{num(y)}" stroke="{GRID}"/>'
        )
        value = label_value(low + span * tick / TICKS, lang)
        body.append(text_block(m.x(LEFT - 8), y, [value], anchor=m.anchor("end"), size=10))
    for i, label in enumerate(rounds):
        x = m.x(LEFT + (i * step if len(rounds) > 1 else plot_w / 2))
        body.append(text_block(x, TOP + PLOT_H + 14, wrap(label, 12, 1), anchor="middle", size=10))
    body.append(text_block(m.x(LEFT + plot_w / 2), TOP + PLOT_H + 34, [x_label], anchor="middle"))
    body.append(text_block(m.x(LEFT - 8), TOP - 20, [y_label], anchor=m.anchor("start")))
    return body


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """The indices of consecutive known values: a line breaks where a round has none."""
    runs: list[list[int]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(i)
    return [run for run in runs if run]


def _legend(names: Sequence[str], top: float, m: Mirror) -> tuple[list[str], float]:
    """Two columns of line swatches (dash and marker as drawn) with the series' whole names,
    wrapped as the heat map wraps its rows; the items and the height they take."""
    items, column_w = [], (WIDTH - 20) / 2
    labels = [fit(str(name), column_w - SWATCH - 14, LEGEND_SIZE) for name in names]
    line_h = LEGEND_SIZE * 1.2
    y = top
    for row in range(0, len(names), 2):
        height = max(len(lines) for lines in labels[row : row + 2]) * line_h
        middle = y + height / 2 - line_h / 2  # the swatch beside the label's first line
        for index in range(row, min(row + 2, len(names))):
            colour, dash, shape = _style(index)
            x = 10 + (index % 2) * column_w
            x1, x2 = m.x(x), m.x(x + SWATCH - 6)
            items.append(
                f'<line x1="{num(x1)}" y1="{num(middle)}" x2="{num(x2)}" y2="{num(middle)}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
            items.append(_marker(shape, m.x(x + (SWATCH - 6) / 2), middle, colour))
            lines = labels[index]
            centre = middle + (len(lines) - 1) * line_h / 2
            items.append(
                text_block(m.x(x + SWATCH), centre, lines, anchor=m.anchor("start"), size=10)
            )
        y += height + 6
    return items, y - top
