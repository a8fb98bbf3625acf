"""Helpers of the chart tests: each drawn label read back from the SVG with the box the chart's
own width estimate gives it, so tests can say that nothing is cut, clipped or overlapping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from assess.reports.svg import text_width

NS = "{http://www.w3.org/2000/svg}"
ROTATE = re.compile(r"rotate\((-?[\d.]+) (-?[\d.]+) (-?[\d.]+)\)")


@dataclass(frozen=True)
class Drawn:
    """One <text>: its lines and the box (left, top, right, bottom) they take, estimated."""

    lines: tuple[str, ...]
    box: tuple[float, float, float, float]

    @property
    def label(self) -> str:
        return " ".join(self.lines)

    def overlaps(self, other: Drawn) -> bool:
        a, b = self.box, other.box
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def size_of(svg: str) -> tuple[float, float]:
    """The width and height of the SVG's viewBox."""
    _, _, width, height = (float(v) for v in ET.fromstring(svg).get("viewBox").split())
    return width, height


def drawn(svg: str) -> list[Drawn]:
    """Every text element of `svg`, with its estimated box, turned when the text is rotated."""
    items = []
    for element in ET.fromstring(svg).iter(f"{NS}text"):
        size = float(element.get("font-size"))
        spans = list(element.iter(f"{NS}tspan"))
        lines = tuple(span.text or "" for span in spans)
        width = max(text_width(line, size) for line in lines)
        x = float(spans[0].get("x"))
        ys = [float(span.get("y")) for span in spans]
        anchor = element.get("text-anchor")
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        box = (left, ys[0] - size, left + width, ys[-1] + size * 0.3)
        turn = ROTATE.fullmatch(element.get("transform") or "")
        if turn:
            assert float(turn[1]) == -90, "only upright (-90°) turns are read back"
            cx, cy = float(turn[2]), float(turn[3])
            # Turning by -90° about (cx, cy) sends (x, y) to (cx + y - cy, cy - x + cx).
            xs = (cx + box[1] - cy, cx + box[3] - cy)
            ys2 = (cy - box[0] + cx, cy - box[2] + cx)
            box = (min(xs), min(ys2), max(xs), max(ys2))
        items.append(Drawn(lines, box))
    return items


def inside(item: Drawn, width: float, height: float) -> bool:
    left, top, right, bottom = item.box
    return left >= 0 and top >= 0 and right <= width and bottom <= height
