"""The radar of scores per area, its axes named, as an SVG string.

Each axis carries its area's name, wrapped on as many lines as it needs, and its score. Labels
hang outwards from the end of their axis; one that would touch the chart or a label placed before
it moves further out along its axis. The radius shrinks until every label fits the width, and the
height is whatever the labels then need: nothing is cut and nothing leaves the picture. Mirrored
(axes running anticlockwise) for right-to-left reports. A score marked provisional (resting on
too few answers to rank) has a hollow point on its axis and its label says so (the caller's words).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assess.reports.charts import BAR_FILL, EDGE, WIDTH, bar_chart, share
from assess.reports.svg import GRID, document, fit, label_value, lines_width, num, text_block

SIZE = 10.0
GAP, CLEAR = 8.0, 3.0
RADII = tuple(range(160, 50, -10))
WRAPS = (150.0, 120.0, 96.0, 72.0)
RINGS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Label:
    """A label's lines, text anchor and box (left, top, width, height), around centre (0, 0)."""

    lines: list[str]
    anchor: str
    x: float
    box: tuple[float, float, float, float]

    def overlaps(self, other: Label) -> bool:
        ax, ay, aw, ah = self.box
        bx, by, bw, bh = other.box
        return ax < bx + bw + CLEAR and bx < ax + aw + CLEAR and ay < by + bh and by < ay + ah

    def clear_of(self, radius: float) -> bool:
        """Whether the box keeps out of the disc of `radius` about the centre."""
        left, top, w, h = self.box
        nearest_x = min(max(0.0, left), left + w)
        nearest_y = min(max(0.0, top), top + h)
        return math.hypot(nearest_x, nearest_y) >= radius + CLEAR


def _label(lines: list[str], angle: float, distance: float) -> Label:
    cos, sin = math.cos(angle), math.sin(angle)
    px, py = distance * cos, distance * sin
    w, h = lines_width(lines, SIZE), len(lines) * SIZE * 1.2
    anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
    left = px if anchor == "start" else px - w if anchor == "end" else px - w / 2
    # Centred on the axis's end at the sides, hanging above it at the top, below at the bottom.
    top = py - h / 2 + sin * h / 2
    return Label(lines, anchor, px, (left, top, w, h))


def _place(texts: list[list[str]], angles: list[float], radius: float) -> list[Label]:
    """Every label at the end of its axis, moved outwards until it touches nothing placed."""
    placed: list[Label] = []
    for lines, angle in zip(texts, angles, strict=True):
        distance = radius + GAP
        label = _label(lines, angle, distance)
        while not label.clear_of(radius) or any(label.overlaps(p) for p in placed):
            distance += 3
            label = _label(lines, angle, distance)
        placed.append(label)
    return placed


def _layout(names: list[str], figures: list[str], angles: list[float]) -> tuple[float, list[Label]]:
    """The largest radius (with the widest wrapping) at which every label fits the width."""
    for wrap_width in WRAPS:
        texts = [[*fit(n, wrap_width, SIZE), f] for n, f in zip(names, figures, strict=True)]
        for radius in RADII:
            labels = _place(texts, angles, radius)
            left = min(min(lb.box[0] for lb in labels), -radius)
            right = max(max(lb.box[0] + lb.box[2] for lb in labels), radius)
            if right - left <= WIDTH - 2 * EDGE:
                return radius, labels
    return radius, labels


def _frame(
    centre: tuple[float, float],
    radius: float,
    angles: list[float],
    shares: list[float],
    hollow: Sequence[bool],
) -> list[str]:
    """The rings, the axes and the scores' polygon (`shares` of the radius along each axis), with
    a point on each axis: hollow where the score is provisional."""
    cx, cy = centre

    def ring(fractions: Sequence[float]) -> str:
        return " ".join(
            f"{num(cx + radius * f * math.cos(a))},{num(cy + radius * f * math.sin(a))}"
            for f, a in zip(fractions, angles, strict=True)
        )

    body = [
        f'<polygon points="{ring([s] * len(angles))}" fill="none" stroke="{GRID}" '
        f'stroke-width="1"/>'
        for s in RINGS
    ]
    body.extend(
        f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(cx + radius * math.cos(a))}" '
        f'y2="{num(cy + radius * math.sin(a))}" stroke="{GRID}"/>'
        for a in angles
    )
    body.append(
        f'<polygon points="{ring(shares)}" fill="{BAR_FILL}" fill-opacity="0.25" '
        f'stroke="{BAR_FILL}" stroke-width="2"/>'
    )
    for i, (f, a) in enumerate(zip(shares, angles, strict=True)):
        fill = "#ffffff" if i < len(hollow) and hollow[i] else BAR_FILL
        body.append(
            f'<circle cx="{num(cx + radius * f * math.cos(a))}" '
            f'cy="{num(cy + radius * f * math.sin(a))}" r="3.5" fill="{fill}" '
            f'stroke="{BAR_FILL}" stroke-width="1.5"/>'
        )
    return body


def radar_chart(
    axes: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float = 100.0,
    rtl: bool = False,
    lang: str = "en",
    figures: Sequence[str] = (),
    provisional: Sequence[bool] = (),
) -> str:
    """Scores per area on a radar; with fewer than three areas it is drawn as bars instead.

    `figures` are the scores as printed beside each axis (default: the value), `provisional`
    says which are provisional (drawn as hollow points)."""
    if len(axes) < 3:
        return bar_chart(axes, title=title, max_value=max_value, rtl=rtl, lang=lang)
    step = (-1 if rtl else 1) * 2 * math.pi / len(axes)
    angles = [-math.pi / 2 + i * step for i in range(len(axes))]
    names = [str(name) for name, _ in axes]
    printed = list(figures) or [label_value(v, lang) for _, v in axes]
    radius, labels = _layout(names, printed, angles)
    left = min(min(lb.box[0] for lb in labels), -radius)
    right = max(max(lb.box[0] + lb.box[2] for lb in labels), radius)
    top = min(min(lb.box[1] for lb in labels), -radius)
    bottom = max(max(lb.box[1] + lb.box[3] for lb in labels), radius)
    width = max(WIDTH, right - left + 2 * EDGE)
    cx = width / 2 - (left + right) / 2
    cy = EDGE - top

    shares = [share(v, max_value) for _, v in axes]
    body = _frame((cx, cy), radius, angles, shares, provisional)
    for label in labels:
        _, box_top, _, box_h = label.box
        middle = cy + box_top + box_h / 2
        body.append(text_block(cx + label.x, middle, label.lines, anchor=label.anchor, size=SIZE))
    summary = "; ".join(f"{name}: {fig}" for name, fig in zip(names, printed, strict=True))
    return document(width, bottom - top + 2 * EDGE, title, summary, body)
