"""The trends line chart: its legend names every line whole, however long the area's name, in
both directions, the picture growing to hold it; and each of 19 lines can be told apart by its
colour, dash pattern and marker, the legend showing the same."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from assess.reports.trend_charts import line_chart
from tests.reports.chart_geometry import NS, drawn, inside, size_of
from tests.reports.test_radar import NAMES

ROUNDS = ("2024", "2025", "2026")


def chart(lang: str, count: int, rtl: bool) -> str:
    series = [
        (name, [None if n % 5 == 0 else 10.0 + n, 20.0 + n, 30.0 + n])
        for n, name in enumerate(NAMES[lang][:count])
    ]
    return line_chart(
        series, ROUNDS, title="Scores", x_label="Round", y_label="Score", rtl=rtl, lang=lang
    )


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_the_legend_names_every_line_whole_inside_the_picture(lang: str, rtl: bool):
    svg = chart(lang, 19, rtl)
    width, height = size_of(svg)
    labels = drawn(svg)
    for name in NAMES[lang][:19]:
        item = next((d for d in labels if d.label == name), None)
        assert item is not None, f"{name!r} is not in the legend whole"
        assert inside(item, width, height), name
    assert not any("…" in d.label or "..." in d.label for d in labels)
    legend = [d for d in labels if d.label in NAMES[lang]]
    for i, a in enumerate(legend):
        assert not any(a.overlaps(b) for b in legend[i + 1 :]), a.label


def test_the_chart_grows_with_its_legend():
    assert size_of(chart("en", 19, False))[1] > size_of(chart("en", 3, False))[1]
    # A name too long for its column takes more lines, and its row more height.
    long_name = "Illicit trafficking, investigation and prosecution of chemical, biological, " * 2
    values = [10.0, 20.0, 30.0]
    short = line_chart([("Laboratories", values)] * 2, ROUNDS, title="S", x_label="R", y_label="S")
    svg = line_chart(
        [("Laboratories", values), (long_name.strip(), values)],
        ROUNDS,
        title="S",
        x_label="R",
        y_label="S",
    )
    label = next(d for d in drawn(svg) if d.label == long_name.strip())
    assert len(label.lines) > 2
    assert size_of(svg)[1] > size_of(short)[1]
    assert inside(label, *size_of(svg))


def test_each_of_19_lines_has_its_own_look_shown_in_the_legend():
    svg = chart("en", 19, False)
    root = ET.fromstring(svg)
    swatches = [
        (e.get("stroke"), e.get("stroke-dasharray") or "")
        for e in root.iter(f"{NS}line")
        if e.get("stroke-width") == "2"
    ]
    assert len(swatches) == 19
    # The legend's markers follow their swatch: one per series after the lines' own points.
    marks = [e for e in root if e.tag in {f"{NS}circle", f"{NS}rect", f"{NS}polygon"}][-19:]
    looks = [(*s, m.tag) for s, m in zip(swatches, marks, strict=True)]
    assert len(set(looks)) == 19
    # Lines of one colour differ in dash and marker alike.
    for a in looks:
        for b in looks:
            if a is not b and a[0] == b[0]:
                assert a[1] != b[1] and a[2] != b[2]
    # Each series' line is drawn with its swatch's colour and dash.
    lines = [(p.get("stroke"), p.get("stroke-dasharray") or "") for p in root.iter(f"{NS}polyline")]
    assert set(lines) == set(swatches)
