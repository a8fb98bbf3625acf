"""The report charts as Chromium draws them on the plan pages, in a right-to-left page too: every
label inside the picture, heat map row labels beside (not over) the cells, radar labels clear of
each other. (WeasyPrint's drawing is read back from the PDFs in tests/reports.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assess.reports.heatmap import heatmap
from assess.reports.radar import radar_chart
from tests.reports.test_radar import NAMES

BOXES = """svg => {
  const frame = svg.getBoundingClientRect();
  const box = e => { const r = e.getBoundingClientRect();
    return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top]; };
  return {
    frame: [frame.width, frame.height],
    texts: [...svg.querySelectorAll("text")].map(t => ({label: t.textContent, box: box(t)})),
    cells: [...svg.querySelectorAll("rect")].map(box),
  };
}"""


@pytest.fixture
def drawn(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 700, "height": 900})
    page = context.new_page()

    def draw(svg: str, rtl: bool) -> dict:
        direction, lang = ("rtl", "ar") if rtl else ("ltr", "en")
        page.set_content(f'<html dir="{direction}" lang="{lang}"><body>{svg}</body></html>')
        return page.locator("svg").evaluate(BOXES)

    yield draw
    context.close()


def within(box: list[float], frame: list[float]) -> bool:
    left, top, right, bottom = box
    return left >= -0.5 and top >= -0.5 and right <= frame[0] + 0.5 and bottom <= frame[1] + 0.5


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_heat_map_labels_sit_whole_beside_the_cells(drawn, lang: str, rtl: bool):
    rows = NAMES[lang][:6]
    svg = heatmap(rows, ("Arvenia", "Belmora"), ((50.0, 60.0),) * 6, title="H", rtl=rtl)
    seen = drawn(svg, rtl)
    assert all(within(text["box"], seen["frame"]) for text in seen["texts"]), seen
    cells_left = min(cell[0] for cell in seen["cells"])
    cells_right = max(cell[2] for cell in seen["cells"])
    # A wrapped label's lines are tspans, whose text Chromium joins without a space.
    names = {row.replace(" ", "") for row in rows}
    labels = [text["box"] for text in seen["texts"] if text["label"].replace(" ", "") in names]
    assert len(labels) == len(rows)
    if rtl:
        assert all(box[0] >= cells_right for box in labels)
    else:
        assert all(box[2] <= cells_left for box in labels)


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_radar_labels_stay_inside_and_clear_of_each_other(drawn, lang: str, rtl: bool):
    axes = tuple((name, 50.0) for name in NAMES[lang])
    seen = drawn(radar_chart(axes, title="R", rtl=rtl, lang=lang), rtl)
    boxes = [text["box"] for text in seen["texts"]]
    assert len(boxes) == len(axes)
    assert all(within(box, seen["frame"]) for box in boxes)
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
