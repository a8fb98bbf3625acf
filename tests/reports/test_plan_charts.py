"""The budget and Gantt charts' geometry: amounts stack to their totals with the gap on top and
hatched, bars start and end on their dates' places, Arabic mirrors the picture, and every label
is whole inside the picture without overlapping another."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from assess.reports.plan_charts import PLOT_H, PLOT_TOP, budget_chart, gantt_chart
from tests.reports.chart_geometry import NS, drawn, inside, size_of
from tests.reports.test_radar import NAMES

SOURCES = {
    "en": ("National budget", "The initiative", "Other partners", "Not yet found"),
    "ar": ("الميزانية الوطنية", "المبادرة", "شركاء آخرون", "لم يتوفر بعد"),
}
D = Decimal


def budget(lang: str = "en", rtl: bool = False) -> str:
    columns = (
        ("2027", (D("1000"), D("0"), D("300"), D("333.34"))),
        ("2028", (D("250"), D("0"), D("600"), D("583.83"))),
        ("2029", (D("250"), D("0"), D("0"), D("333.33"))),
        (NAMES[lang][0], (D("0"), D("70"), D("0"), D("0"))),
    )
    return budget_chart(
        columns,
        sources=SOURCES[lang],
        figures=("$1,633.34", "$1,433.83", "$583.33", "$70.00"),
        title="Budget",
        axis_label="USD",
        rtl=rtl,
        lang=lang,
    )


def rects(svg: str, cls: str) -> list[tuple[float, float, float, float]]:
    return [
        tuple(float(e.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[misc]
        for e in ET.fromstring(svg).iter(f"{NS}rect")
        if (e.get("class") or "").startswith(cls)
    ]


def test_each_year_stacks_its_sources_to_its_total_the_gap_on_top() -> None:
    svg = budget()
    root = ET.fromstring(svg)
    segments = [e for e in root.iter(f"{NS}rect") if (e.get("class") or "").startswith("source-")]
    # 2027: national, partners, gap; 2028 the same; 2029 national and gap; later: initiative
    assert [e.get("class") for e in segments] == [
        "source-0",
        "source-2",
        "source-3",
        "source-0",
        "source-2",
        "source-3",
        "source-0",
        "source-3",
        "source-1",
    ]
    gaps = [e for e in segments if e.get("class") == "source-3"]
    assert all(e.get("fill") == "url(#gap-hatch)" for e in gaps)
    first = rects(svg, "source-")[:3]
    # The axis tops at 2,000 (the nice step over 1,633.34): heights are the amounts' shares.
    scale = PLOT_H / 2000
    assert [h for *_, h in first] == pytest.approx(
        [1000 * scale, 300 * scale, 333.34 * scale], abs=0.01
    )
    # stacked: each segment sits on the one below, the first on the axis
    bottom = PLOT_TOP + PLOT_H
    for _, y, _, h in first:
        assert y + h == pytest.approx(bottom, abs=0.02)
        bottom = y
    # The year's total figure is printed above its bar.
    figure = next(d for d in drawn(svg) if d.label == "$1,633.34")
    assert figure.box[3] <= bottom + 0.5


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_budget_labels_are_whole_inside_and_apart(lang: str, rtl: bool) -> None:
    svg = budget(lang, rtl)
    width, height = size_of(svg)
    labels = drawn(svg)
    for name in SOURCES[lang]:
        item = next((d for d in labels if d.label == name), None)
        assert item is not None and inside(item, width, height), name
    for item in labels:
        assert inside(item, width, height), item.label
    for i, a in enumerate(labels):
        assert not any(a.overlaps(b) for b in labels[i + 1 :]), a.label


def test_the_arabic_budget_is_the_english_one_mirrored() -> None:
    ltr, rtl = rects(budget("en"), "source-"), rects(budget("en", rtl=True), "source-")
    assert len(ltr) == len(rtl)
    width, _ = size_of(budget("en"))
    for (x, y, w, h), (x2, y2, w2, h2) in zip(ltr, rtl, strict=True):
        assert (x2, y2, w2, h2) == pytest.approx((width - x - w, y, w, h), abs=0.02)


def test_a_column_per_source_is_required() -> None:
    with pytest.raises(ValueError, match="one amount per source"):
        budget_chart(
            [("2027", (D(1),))], sources=SOURCES["en"], figures=("1",), title="", axis_label=""
        )


ROWS = (
    ("1. Draft the law", "2027-01-01", "2027-12-31"),
    ("2. Equip the laboratory", "2028-07-01", "2029-12-31"),
    ("3. Not planned yet", "", ""),
    ("4. Began before the plan", "2025-03-01", "2027-06-30"),
)


def gantt(rtl: bool = False, today: dt.date | None = dt.date(2028, 1, 1), rows=ROWS) -> str:
    return gantt_chart(
        rows, first_year=2027, years=3, title="Timeline", today=today, today_label="Today", rtl=rtl
    )


def year_lines(svg: str) -> list[float]:
    return [
        float(e.get("x1"))
        for e in ET.fromstring(svg).iter(f"{NS}line")
        if e.get("class") != "today"
    ]


def test_bars_run_from_their_start_to_their_end() -> None:
    svg = gantt()
    bars = rects(svg, "bar")
    assert len(bars) == 3  # the row without dates has none
    starts = year_lines(svg)  # 1 January 2027, 2028, 2029
    end = size_of(svg)[0] - 4  # the plot's right edge
    (x1, _, w1, _), (x2, _, w2, _), (x4, _, w4, _) = bars
    assert (x1, x1 + w1) == pytest.approx((starts[0], starts[1]), abs=0.02)
    # 1 July 2028 is 182 of 2028's 366 days in
    middle = starts[1] + (starts[2] - starts[1]) * 182 / 366
    assert (x2, x2 + w2) == pytest.approx((middle, end), abs=0.02)
    # begun before the plan: cut at its first year, ending half-way through it
    assert x4 == pytest.approx(starts[0], abs=0.02)
    assert x4 + w4 == pytest.approx(starts[0] + (starts[1] - starts[0]) * 181 / 365, abs=0.02)
    today = next(e for e in ET.fromstring(svg).iter(f"{NS}line") if e.get("class") == "today")
    assert float(today.get("x1")) == pytest.approx(starts[1], abs=0.02)


def test_today_is_drawn_only_within_the_plan() -> None:
    lines = ET.fromstring(gantt(today=dt.date(2031, 1, 1))).iter(f"{NS}line")
    assert not any(e.get("class") == "today" for e in lines)
    assert "Today" not in [d.label for d in drawn(gantt(today=None))]


def test_the_arabic_gantt_is_mirrored() -> None:
    ltr, rtl = rects(gantt(), "bar"), rects(gantt(rtl=True), "bar")
    width, _ = size_of(gantt())
    for (x, y, w, h), (x2, y2, w2, h2) in zip(ltr, rtl, strict=True):
        assert (x2, y2, w2, h2) == pytest.approx((width - x - w, y, w, h), abs=0.02)
    label = next(d for d in drawn(gantt(rtl=True)) if d.label == ROWS[0][0])
    assert label.box[0] > width / 2  # the actions' names on the right


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_gantt_labels_are_whole_inside_and_apart(lang: str, rtl: bool) -> None:
    rows = tuple((name, "2027-03-01", "2028-02-28") for name in NAMES[lang])
    svg = gantt(rtl, rows=rows)
    width, height = size_of(svg)
    labels = drawn(svg)
    for name in NAMES[lang]:
        assert any(d.label == name for d in labels), name
    for item in labels:
        assert inside(item, width, height), item.label
    for i, a in enumerate(labels):
        assert not any(a.overlaps(b) for b in labels[i + 1 :]), a.label


def test_the_years_of_every_gantt_line_up() -> None:
    """However long an area's names, its years sit where another area's do."""
    short = gantt(rows=(("1. Law", "2027-01-01", "2027-12-31"),))
    assert year_lines(short) == year_lines(gantt())
