"""The radar: every axis carries its area's whole name, and no label touches the chart, another
label or the picture's edge, however many areas and however long their names, in both directions."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from assess.reports.radar import radar_chart
from tests.reports.chart_geometry import NS, Drawn, drawn, inside, size_of
from tests.reports.test_heatmap import AREAS

NAMES = {
    "en": (
        *AREAS["en"],
        "Inter-agency coordination",
        "Awareness raising and risk communication",
        "Biosafety and biosecurity",
        "Import, export and transit control",
        "Waste management",
        "Border monitoring and detection",
        "Laboratories",
        "National plans and risk assessment",
        "Training",
        "Exercises",
        "First response",
        "Crisis management",
        "Medical countermeasures",
        "Decontamination",
        "Recovery",
    ),
    "ar": (
        *AREAS["ar"],
        "التنسيق بين الوكالات",
        "التوعية والإبلاغ عن المخاطر",
        "السلامة البيولوجية والأمن البيولوجي",
        "مراقبة الاستيراد والتصدير والعبور",
        "إدارة النفايات",
        "مراقبة الحدود والكشف",
        "المختبرات",
        "الخطط الوطنية وتقييم المخاطر",
        "التدريب",
        "التمارين",
        "الاستجابة الأولى",
        "إدارة الأزمات",
        "التدابير الطبية المضادة",
        "إزالة التلوث",
        "التعافي",
    ),
}


def radar(lang: str, count: int, rtl: bool) -> str:
    axes = tuple((name, float(10 + 4 * n)) for n, name in enumerate(NAMES[lang][:count]))
    return radar_chart(axes, title="Scores", rtl=rtl, lang=lang)


def disc(svg: str) -> tuple[float, float, float]:
    """The chart's centre and radius, from its first axis."""
    line = next(ET.fromstring(svg).iter(f"{NS}line"))
    cx, cy = float(line.get("x1")), float(line.get("y1"))
    return cx, cy, math.hypot(float(line.get("x2")) - cx, float(line.get("y2")) - cy)


def off_the_chart(item: Drawn, cx: float, cy: float, radius: float) -> bool:
    left, top, right, bottom = item.box
    nearest = (min(max(cx, left), right), min(max(cy, top), bottom))
    return math.hypot(nearest[0] - cx, nearest[1] - cy) >= radius


@pytest.mark.parametrize("count", [3, 6, 19])
@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_every_axis_carries_its_whole_name_clear_of_all_else(lang: str, rtl: bool, count: int):
    svg = radar(lang, count, rtl)
    width, height = size_of(svg)
    items = drawn(svg)
    labels = [item.label for item in items]
    for n, name in enumerate(NAMES[lang][:count]):
        assert f"{name} {10 + 4 * n}" in labels
    assert not any("…" in label for label in labels)
    cx, cy, radius = disc(svg)
    for n, item in enumerate(items):
        assert inside(item, width, height), item
        assert off_the_chart(item, cx, cy, radius), item
        assert not any(item.overlaps(other) for other in items[n + 1 :]), item


def test_more_labels_keep_the_page_width_and_take_more_height():
    few, many = radar("en", 6, False), radar("en", 19, False)
    assert size_of(few)[0] == size_of(many)[0] == 640
    assert size_of(many)[1] > size_of(few)[1]


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_the_axes_run_clockwise_or_mirrored(lang: str, rtl: bool):
    svg = radar(lang, 6, rtl)
    cx, _, _ = disc(svg)
    second = next(item for item in drawn(svg) if item.lines[0].startswith(NAMES[lang][1][:8]))
    on_the_right = second.box[0] > cx
    assert on_the_right is not rtl
