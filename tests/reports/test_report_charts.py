"""The SVG charts: well-formed, accessible, labels escaped, cells and sides where they belong."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from assess.reports import charts
from assess.reports.heatmap import heatmap
from assess.reports.radar import radar_chart
from assess.reports.svg import wrap
from tests.reports.chart_geometry import drawn, inside, size_of
from tests.reports.test_radar import NAMES

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & </svg>\x00'
AREAS = (("Detection", 40.0), ("Response", 75.5), ("Recovery", 10.0), (HOSTILE, 55.0))

CHARTS = {
    "radar": lambda label: radar_chart(((label, 40.0), *AREAS[:3]), title=label),
    "bars": lambda label: charts.bar_chart(((label, 40.0),), title=label),
    "matrix": lambda label: charts.risk_matrix(((label, 2, 3),), title=label),
    "heatmap": lambda label: heatmap((label,), ("A",), ((50.0,),), title=label),
    "distribution": lambda label: charts.distribution_chart(
        ((label, (1, 2)),), bands=("low", "high"), title=label
    ),
}


def texts(svg: str) -> list[str]:
    """Every piece of text drawn by the chart, in document order."""
    return [span.text or "" for span in ET.fromstring(svg).iter(f"{NS}tspan")]


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chart_is_an_accessible_image_named_by_its_title(kind: str):
    root = ET.fromstring(CHARTS[kind]("Scores per area"))
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Scores per area"


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chart_labels_with_markup_are_drawn_as_text(kind: str):
    svg = CHARTS[kind](HOSTILE)
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == HOSTILE.replace("\x00", "")
    assert not list(root.iter(f"{NS}script"))
    assert any("<script>" in piece for piece in texts(svg))


def cell_fill_under(svg: str, label: str) -> str:
    """The fill of the matrix cell whose rectangle contains the text `label`."""
    root = ET.fromstring(svg)
    span = next(s for s in root.iter(f"{NS}tspan") if s.text == label)
    x, y = float(span.get("x")), float(span.get("y"))
    for rect in root.iter(f"{NS}rect"):
        left, top = float(rect.get("x")), float(rect.get("y"))
        if left <= x <= left + float(rect.get("width")) and top <= y <= top + float(
            rect.get("height")
        ):
            return rect.get("fill")
    raise AssertionError(f"{label} is in no cell")


@pytest.mark.parametrize("rtl", [False, True])
@pytest.mark.parametrize(
    ("likelihood", "impact", "fill"),
    [(1, 1, "#c7e9c0"), (2, 4, "#fff3b0"), (3, 4, "#fdd0a2"), (5, 5, "#fcae91"), (4, 1, "#c7e9c0")],
)
def test_scenario_sits_in_the_cell_of_its_likelihood_and_impact(
    likelihood: int, impact: int, fill: str, rtl: bool
):
    svg = charts.risk_matrix((("S7", likelihood, impact),), title="Risks", rtl=rtl)
    assert cell_fill_under(svg, "S7") == fill


def test_scenarios_sharing_a_cell_are_listed_together():
    svg = charts.risk_matrix((("S1", 4, 5), ("S3", 4, 5)), title="Risks")
    assert "S1, S3" in texts(svg)


def x_of(svg: str, label: str) -> float:
    root = ET.fromstring(svg)
    return float(next(s for s in root.iter(f"{NS}tspan") if s.text == label).get("x"))


@pytest.mark.parametrize(("rtl", "label_left_of_value"), [(False, True), (True, False)])
def test_bar_labels_sit_on_the_reading_start_side(rtl: bool, label_left_of_value: bool):
    svg = charts.bar_chart((("Detection", 40.0),), title="Gaps", rtl=rtl)
    assert (x_of(svg, "Detection") < x_of(svg, "40")) is label_left_of_value


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: charts.risk_matrix((("S1", 6, 1),), title="R"),
            "scenario 'S1': likelihood and impact must be 1 to 5",
        ),
        (
            lambda: heatmap(("XA",), ("A", "B"), ((1.0,),), title="H"),
            "heatmap values must have one row per row label and one per column",
        ),
        (
            lambda: charts.distribution_chart((("A", (1,)),), bands=("a", "b"), title="D"),
            "each row needs one count per band (at most 5 bands)",
        ),
    ],
)
def test_charts_refuse_data_they_cannot_draw(call, message: str):
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value) == message


def test_missing_heatmap_score_shows_a_dash():
    svg = heatmap(("XA", "YB"), ("Detection",), ((None,), (80.0,)), title="H")
    assert texts(svg) == ["Detection", "XA", "–", "YB", "80"]


@pytest.mark.parametrize(("lang", "figures"), [("en", ["52.7", "41"]), ("fr", ["52,7", "41"])])
def test_chart_figures_are_written_as_the_reports_language_writes_them(lang, figures):
    svg = heatmap(("XA",), ("Detection", "Response"), ((52.66, 41.0),), title="H", lang=lang)
    assert texts(svg)[-2:] == figures


def test_radar_with_two_areas_is_drawn_as_bars():
    root = ET.fromstring(radar_chart(AREAS[:2], title="Scores"))
    assert not list(root.iter(f"{NS}polygon"))
    assert len(list(root.iter(f"{NS}rect"))) == 4


def test_radar_draws_one_point_per_area_scaled_to_the_maximum():
    root = ET.fromstring(radar_chart(AREAS[:3], title="Scores", max_value=100))
    value_polygon = list(root.iter(f"{NS}polygon"))[-1]
    top_x, top_y = (float(v) for v in value_polygon.get("points").split()[0].split(","))
    outer_ring = list(root.iter(f"{NS}polygon"))[3]
    ring_x, ring_y = (float(v) for v in outer_ring.get("points").split()[0].split(","))
    centre_y = float(next(root.iter(f"{NS}line")).get("y1"))
    radius = centre_y - ring_y
    assert top_x == ring_x
    assert (centre_y - top_y) == pytest.approx(0.4 * radius, abs=0.01)


@pytest.mark.parametrize(
    ("label", "width", "lines", "expected"),
    [
        ("Governance and legislation", 20, 2, ["Governance and", "legislation"]),
        ("Governance and legislation", 12, 1, ["Governance…"]),
        ("Supercalifragilistic", 8, 2, ["Superca…"]),
        ("a b c d e f", 3, 2, ["a b", "c…"]),
    ],
)
def test_labels_wrap_and_mark_what_is_cut(label: str, width: int, lines: int, expected: list[str]):
    assert wrap(label, width, lines) == expected


@pytest.mark.parametrize(
    ("bands", "fills"),
    [
        (("low", "high"), ["#d73027", "#1a9850"]),
        (("low", "mid", "high"), ["#d73027", "#fee08b", "#1a9850"]),
    ],
)
def test_distribution_bands_run_from_red_to_green(bands: tuple[str, ...], fills: list[str]):
    svg = charts.distribution_chart((("Detection", (1,) * len(bands)),), bands=bands, title="D")
    legend = [r.get("fill") for r in ET.fromstring(svg).iter(f"{NS}rect") if r.get("width") == "12"]
    assert legend == fills


BANDS = {
    "en": ("Very low", "Low", "Medium", "High", "Very high"),
    "ar": ("منخفض جدا", "منخفض", "متوسط", "مرتفع", "مرتفع جدا"),
}


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
@pytest.mark.parametrize("kind", ["bars", "distribution"])
def test_bar_labels_are_drawn_whole_and_inside(kind: str, lang: str, rtl: bool):
    names = NAMES[lang]
    if kind == "bars":
        svg = charts.bar_chart(tuple((n, 40.0) for n in names), title="G", rtl=rtl, lang=lang)
    else:
        rows = tuple((n, (1, 2, 0, 1, 1)) for n in names)
        svg = charts.distribution_chart(rows, bands=BANDS[lang], title="D", rtl=rtl)
    width, height = size_of(svg)
    items = drawn(svg)
    labels = [item.label for item in items]
    assert all(name in labels for name in names)
    assert not any("…" in label for label in labels)
    assert all(inside(item, width, height) for item in items)
    if kind == "distribution":
        legend = [item for item in items if item.label in BANDS[lang]]
        assert len(legend) == len(BANDS[lang])
        assert not any(a.overlaps(b) for n, a in enumerate(legend) for b in legend[n + 1 :])
