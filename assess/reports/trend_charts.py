"""Trend charts as SVG strings: scores per round, one line per series, the same on page and PDF.

Pure functions of their data, with the machinery of `charts` and `svg`: every label passes
through `svg.text`; with `rtl=True` rounds run right to left and labels sit on the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from assess.reports.charts import WIDTH, Mirror
from assess.reports.svg import GRID, document, label_value, num, text_block, wrap

# Ten colours told apart by most readers (Tableau 10); past ten, lines are dashed as well.
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
DASHES = ("", "6,3", "2,3")
LEFT, RIGHT, TOP, PLOT_H = 70.0, 30.0, 34.0, 220.0
TICKS = 4  # grid lines above the minimum


def _style(index: int) -> tuple[str, str]:
    """The colour and dash pattern of the `index`th series."""
    colour = LINE_COLOURS[index % len(LINE_COLOURS)]
    dash = DASHES[(index // len(LINE_COLOURS)) % len(DASHES)]
    return colour, (f' stroke-dasharray="{dash}"' if dash else "")


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
        colour, dash = _style(index)
        for run in _runs(values):
            points = " ".join(f"{num(x)},{num(y)}" for x, y in (at(i, values[i]) for i in run))
            if len(run) > 1:
                body.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
            for i in run:
                x, y = at(i, values[i])
                body.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="3" fill="{colour}"/>')
    legend_top = TOP + PLOT_H + 56
    body.extend(_legend([name for name, _ in series], legend_top, m))
    rows = (len(series) + 1) // 2
    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{r} {label_value(v, lang)}" for r, v in zip(rounds, values, strict=True))
        for name, values in series
    )
    return document(WIDTH, legend_top + rows * 18 + 4, title, desc, body)


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


def _legend(names: Sequence[str], top: float, m: Mirror) -> list[str]:
    """Two columns of line swatches with the series' names."""
    items, column_w = [], (WIDTH - 20) / 2
    for index, name in enumerate(names):
        colour, dash = _style(index)
        x, y = 10 + (index % 2) * column_w, top + (index // 2) * 18
        x1, x2 = m.x(x), m.x(x + 22)
        items.append(
            f'<line x1="{num(x1)}" y1="{num(y)}" x2="{num(x2)}" y2="{num(y)}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        label = wrap(name, int(column_w / 6.5) - 5, 1)
        items.append(text_block(m.x(x + 28), y, label, anchor=m.anchor("start"), size=10))
    return items
