"""The heat map: every label whole and inside the picture, columns standing up when narrow, the
right-to-left layout mirrored, and the optional notes and provisional cells."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from assess.reports.heatmap import heatmap
from tests.reports.chart_geometry import NS, drawn, inside, size_of

AREAS = {
    "en": (
        "Legal and regulatory framework",
        "Illicit trafficking, investigation and prosecution",
        "Safety and security of materials and facilities",
        "Surveillance (health and environmental)",
    ),
    "ar": (
        "الإطار القانوني والتنظيمي",
        "الاتجار غير المشروع والتحقيق والملاحقة القضائية",
        "سلامة وأمن المواد والمنشآت",
        "الترصد (الصحي والبيئي)",
    ),
}
COUNTRIES = ("Arvenia", "Belmora", "Republic of Corvalia and the Northern Isles")


def grid(rows: int, columns: int) -> tuple[tuple[float | None, ...], ...]:
    return tuple(tuple(float((17 * r + 29 * c) % 100) for c in range(columns)) for r in range(rows))


def areas_by_countries(lang: str, rtl: bool = False, **options) -> str:
    rows, columns = AREAS[lang], COUNTRIES
    return heatmap(rows, columns, grid(len(rows), len(columns)), title="H", rtl=rtl, **options)


@pytest.mark.parametrize("rtl", [False, True])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_label_is_drawn_whole_and_inside_the_picture(lang: str, rtl: bool):
    svg = areas_by_countries(lang, rtl)
    width, height = size_of(svg)
    labels = [item.label for item in drawn(svg)]
    assert not any("…" in label for label in labels)
    for name in (*AREAS[lang], *COUNTRIES):
        assert name in labels
    for item in drawn(svg):
        assert inside(item, width, height), item


@pytest.mark.parametrize("rtl", [False, True])
def test_many_narrow_columns_stand_upright_whole_and_inside(rtl: bool):
    columns = tuple(f"{name} {n}" for n in range(5) for name in AREAS["en"])[:19]
    svg = heatmap(COUNTRIES, columns, grid(3, len(columns)), title="H", rtl=rtl)
    width, height = size_of(svg)
    turned = [t for t in ET.fromstring(svg).iter(f"{NS}text") if t.get("transform")]
    assert len(turned) == len(columns)
    labels = [item.label for item in drawn(svg)]
    assert all(column in labels for column in columns)
    items = drawn(svg)
    assert all(inside(item, width, height) for item in items)
    header = items[: len(columns)]
    assert not any(a.overlaps(b) for n, a in enumerate(header) for b in header[n + 1 :])


def test_a_few_wide_columns_lie_down():
    svg = heatmap(COUNTRIES[:2], ("Detection", "Response"), grid(2, 2), title="H")
    assert not any(t.get("transform") for t in ET.fromstring(svg).iter(f"{NS}text"))


@pytest.mark.parametrize("rtl", [False, True])
def test_row_labels_sit_before_the_cells_in_reading_order(rtl: bool):
    svg = areas_by_countries("en", rtl)
    cells = [r for r in ET.fromstring(svg).iter(f"{NS}rect")]
    cell_left = min(float(r.get("x")) for r in cells)
    cell_right = max(float(r.get("x")) + float(r.get("width")) for r in cells)
    rows = [item for item in drawn(svg) if item.label in AREAS["en"]]
    if rtl:
        assert all(item.box[0] >= cell_right for item in rows)
    else:
        assert all(item.box[2] <= cell_left for item in rows)


def test_by_default_no_note_and_no_provisional_mark_is_drawn():
    root = ET.fromstring(areas_by_countries("en"))
    assert not list(root.iter(f"{NS}path"))
    assert not any(r.get("fill-opacity") for r in root.iter(f"{NS}rect"))


def test_a_note_prints_small_under_its_cells_score():
    notes = ((None, "40%", None), (None,) * 3, (None,) * 3, (None,) * 3)
    svg = areas_by_countries("en", notes=notes)
    items = {item.label: item for item in drawn(svg)}
    score = grid(4, 3)[0][1]
    assert items["40%"].box[1] > items[f"{score:g}"].box[1]
    assert "(40%)" in ET.fromstring(svg).find(f"{NS}desc").text


@pytest.mark.parametrize("rtl", [False, True])
def test_provisional_cells_are_lighter_hatched_and_explained(rtl: bool):
    marks = ((True, False, False), (False,) * 3, (False,) * 3, (False, False, True))
    label = "Provisional: fewer than half of the questions are answered, so the score may change"
    svg = areas_by_countries("en", rtl, provisional=marks, provisional_label=label)
    root = ET.fromstring(svg)
    lighter = [r for r in root.iter(f"{NS}rect") if r.get("fill-opacity")]
    assert len(lighter) == 3  # two cells and the legend's swatch
    assert len(list(root.iter(f"{NS}path"))) == 3
    width, height = size_of(svg)
    legend = [item for item in drawn(svg) if item.label == label]
    assert legend and inside(legend[0], width, height)
    assert f"({label})" in root.find(f"{NS}desc").text


@pytest.mark.parametrize("option", ["notes", "provisional"])
def test_options_of_the_wrong_shape_are_refused(option: str):
    with pytest.raises(ValueError, match=f"heatmap {option} must have one row per row label"):
        areas_by_countries("en", **{option: ((None,),)})
