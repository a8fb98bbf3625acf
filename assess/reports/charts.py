"""Report charts as SVG strings, the same on the web page and in the PDF.

Pure functions of their data: no clock, no randomness, no I/O; the same data give the same
bytes. Every label passes through `svg.text`, so an area or scenario name holding markup prints as
text. With `rtl=True` the layout is mirrored (labels on the right, bars growing leftwards, axes
running right to left) for right-to-left reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assess.reports.svg import document, fit, label_value, lines_width, num, text_block, wrap

WIDTH = 640.0
EDGE = 4.0
LABEL_SIZE = 11.0
LABEL_ROOM = WIDTH * 0.4  # the widest a bar's label column may be; longer labels wrap
FIGURE_ROOM = 50.0  # after the longest bar, for its figure
BAR_FILL = "#3e6fb0"
SCORE_COLOURS = ("#f4a582", "#fddbc7", "#fee08b", "#d9ef8b", "#a6d96a")
RISK_COLOURS = ((4, "#c7e9c0"), (9, "#fff3b0"), (14, "#fdd0a2"), (25, "#fcae91"))
# Bands run from weakest to strongest: red to green, spread evenly over however many there are.
BAND_SCALE = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")


@dataclass(frozen=True)
class Mirror:
    """Turns left-to-right x positions and anchors into right-to-left ones when asked."""

    rtl: bool
    width: float = WIDTH

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def rect_x(self, x: float, w: float) -> float:
        return self.width - x - w if self.rtl else x

    def anchor(self, anchor: str) -> str:
        if not self.rtl or anchor == "middle":
            return anchor
        return "end" if anchor == "start" else "start"


def share(value: float | None, max_value: float) -> float:
    """`value` as a fraction of `max_value`, clamped to 0..1 (missing counts as 0)."""
    if value is None or max_value <= 0:
        return 0.0
    return min(max(value / max_value, 0.0), 1.0)


def _summary(pairs: Sequence[tuple[str, float | None]], lang: str) -> str:
    return "; ".join(f"{label}: {label_value(value, lang)}" for label, value in pairs)


def label_column(labels: Sequence[str], room: float) -> tuple[list[list[str]], float, float]:
    """Row labels wrapped whole to at most `room` wide: their lines, the column's width and the
    height of the tallest (a bar's row grows with it)."""
    lines = [fit(str(label), room, LABEL_SIZE) for label in labels]
    width = min(max((lines_width(line, LABEL_SIZE) for line in lines), default=0.0), room)
    tallest = max((len(line) for line in lines), default=1)
    return lines, width, tallest * LABEL_SIZE * 1.2


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float = 100.0,
    unit: str = "",
    rtl: bool = False,
    lang: str = "en",
) -> str:
    """Horizontal bars, one per label, longest meaning largest (for example the gap per area)."""
    m = Mirror(rtl)
    lines, column, tallest = label_column([label for label, _ in bars], LABEL_ROOM)
    label_w = EDGE + column
    bar_x, row = label_w + 10, max(28.0, tallest + 8)
    bar_w = WIDTH - bar_x - FIGURE_ROOM
    body = []
    for i, (_label, value) in enumerate(bars):
        y = 8 + i * row
        w = bar_w * share(value, max_value)
        body.append(text_block(m.x(label_w), y + row / 2, lines[i], anchor=m.anchor("end")))
        body.append(
            f'<rect x="{num(m.rect_x(bar_x, bar_w))}" y="{num(y + 5)}" width="{num(bar_w)}" '
            f'height="{num(row - 10)}" fill="#eef2f6"/>'
            f'<rect x="{num(m.rect_x(bar_x, w))}" y="{num(y + 5)}" width="{num(w)}" '
            f'height="{num(row - 10)}" fill="{BAR_FILL}"/>'
        )
        figure = f"{label_value(value, lang)}{unit}"
        body.append(text_block(m.x(bar_x + w + 6), y + row / 2, [figure], anchor=m.anchor("start")))
    return document(WIDTH, 16 + row * len(bars), title, _summary(bars, lang), body)


def _risk_colour(score: int) -> str:
    return next(colour for limit, colour in RISK_COLOURS if score <= limit)


def risk_matrix(
    scenarios: Sequence[tuple[str, int, int]],
    *,
    title: str,
    likelihood_label: str = "Likelihood",
    impact_label: str = "Impact",
    rtl: bool = False,
) -> str:
    """The 5 × 5 matrix of likelihood (across) by impact (up), each scenario id in its cell."""
    cells: dict[tuple[int, int], list[str]] = {}
    for ident, likelihood, impact in scenarios:
        if likelihood not in range(1, 6) or impact not in range(1, 6):
            raise ValueError(f"scenario {ident!r}: likelihood and impact must be 1 to 5")
        cells.setdefault((likelihood, impact), []).append(str(ident))
    m = Mirror(rtl)
    left, top, cell_w, cell_h = 90.0, 10.0, 100.0, 62.0
    body = []
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x, y = left + (likelihood - 1) * cell_w, top + (5 - impact) * cell_h
            body.append(
                f'<rect x="{num(m.rect_x(x, cell_w))}" y="{num(y)}" width="{num(cell_w)}" '
                f'height="{num(cell_h)}" fill="{_risk_colour(likelihood * impact)}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
            ids = cells.get((likelihood, impact), [])
            if ids:
                lines = wrap(", ".join(ids), 14, 3)
                body.append(
                    text_block(m.x(x + cell_w / 2), y + cell_h / 2, lines, anchor="middle", size=10)
                )
    for n in range(1, 6):
        x_mid = left + (n - 0.5) * cell_w
        body.append(text_block(m.x(x_mid), top + 5 * cell_h + 12, [str(n)], anchor="middle"))
        y_mid = top + (5.5 - n) * cell_h
        body.append(text_block(m.x(left - 10), y_mid, [str(n)], anchor=m.anchor("end")))
    body.append(
        text_block(
            m.x(left + 2.5 * cell_w), top + 5 * cell_h + 32, [likelihood_label], anchor="middle"
        )
    )
    body.append(
        text_block(
            m.x(left - 30), top + 2.5 * cell_h, wrap(impact_label, 8), anchor=m.anchor("end")
        )
    )
    desc = "; ".join(f"{i}: {lk} × {im}" for i, lk, im in scenarios)
    return document(WIDTH, top + 5 * cell_h + 46, title, desc, body)


def distribution_chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    bands: Sequence[str],
    title: str,
    rtl: bool = False,
) -> str:
    """Stacked bars: per row (for example an area), how many countries fall in each band."""
    if len(bands) > len(BAND_SCALE) or any(len(counts) != len(bands) for _, counts in rows):
        raise ValueError(f"each row needs one count per band (at most {len(BAND_SCALE)} bands)")
    colours = _band_colours(len(bands))
    m = Mirror(rtl)
    lines, column, tallest = label_column([label for label, _ in rows], LABEL_ROOM)
    label_w = EDGE + column
    bar_x, row = label_w + 10, max(28.0, tallest + 8)
    bar_w = WIDTH - bar_x - EDGE
    body = []
    for i, (_label, counts) in enumerate(rows):
        y = 8 + i * row
        body.append(text_block(m.x(label_w), y + row / 2, lines[i], anchor=m.anchor("end")))
        total, offset = sum(counts), 0.0
        for band, count in enumerate(counts):
            w = bar_w * count / total if total else 0.0
            body.append(
                f'<rect x="{num(m.rect_x(bar_x + offset, w))}" y="{num(y + 4)}" width="{num(w)}" '
                f'height="{num(row - 8)}" fill="{colours[band]}"/>'
            )
            if count and w >= 16:
                body.append(
                    text_block(
                        m.x(bar_x + offset + w / 2), y + row / 2, [str(count)], anchor="middle"
                    )
                )
            offset += w
    legend_y = 8 + row * len(rows) + 14
    legend, legend_h = _legend(bands, colours, legend_y, m, bar_x)
    body.extend(legend)
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{b} {c}" for b, c in zip(bands, counts, strict=True))
        for label, counts in rows
    )
    return document(WIDTH, legend_y + legend_h + 10, title, desc, body)


def _band_colours(count: int) -> list[str]:
    """`count` colours from the red-to-green scale, first and last always at its ends."""
    if count == 1:
        return [BAND_SCALE[-1]]
    last = len(BAND_SCALE) - 1
    return [BAND_SCALE[round(i * last / (count - 1))] for i in range(count)]


def _legend(
    bands: Sequence[str], colours: list[str], y: float, m: Mirror, x: float
) -> tuple[list[str], float]:
    """A row of coloured swatches with their band names (whole, wrapped), from `x` on, and the
    height below `y` the row takes."""
    items = []
    step = (WIDTH - x) / max(len(bands), 1)
    names = [fit(str(name), step - 20, LABEL_SIZE) for name in bands]
    tallest = max((len(lines) for lines in names), default=1)
    for band, lines in enumerate(names):
        items.append(
            f'<rect x="{num(m.rect_x(x, 12))}" y="{num(y - 6)}" width="12" height="12" '
            f'fill="{colours[band]}"/>'
        )
        middle = y + (len(lines) - 1) * LABEL_SIZE * 0.6
        items.append(text_block(m.x(x + 16), middle, lines, anchor=m.anchor("start")))
        x += step
    return items, tallest * LABEL_SIZE * 1.2
