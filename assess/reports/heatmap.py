"""The heat map: scores of rows (for example areas or countries) by columns, as an SVG string.

Every label is drawn whole: the row labels' column and the header are as wide and as tall as the
labels need (from `svg.text_width`), lines are wrapped, never cut, and the header's labels turn
upright when the columns are too narrow for them lying down. A cell may carry a note under its
score (for example how much was answered) and be marked provisional: drawn lighter and hatched,
with a legend line saying what that means. Mirrored for right-to-left reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assess.reports.charts import EDGE, SCORE_COLOURS, WIDTH, Mirror, share
from assess.reports.svg import (
    document,
    fit,
    label_value,
    lines_width,
    num,
    text_block,
    text_width,
)

ROW_SIZE, HEAD_SIZE, CELL_SIZE = 11.0, 9.0, 11.0
GAP, PAD = 8.0, 4.0
MIN_CELL, MAX_CELL = 36.0, 90.0
MAX_LINES_FLAT = 4  # header lines a lying column label may take before it stands up
HATCH = "#52606d"


@dataclass(frozen=True)
class Header:
    """The column labels' lines, whether they stand upright, and the header's height."""

    lines: list[list[str]]
    upright: bool
    height: float


def _row_labels(rows: Sequence[str], columns: int) -> tuple[list[list[str]], float, float]:
    """The row labels' lines, their font size and the left margin they need."""
    room = WIDTH - 2 * EDGE - GAP - columns * MIN_CELL
    most = min(max(room, 120.0), WIDTH * 0.45)
    lines = [fit(str(row), most, ROW_SIZE) for row in rows]
    widest = max((lines_width(line, ROW_SIZE) for line in lines), default=0.0)
    # A single word wider than the room left is set smaller rather than cut or clipped.
    size = ROW_SIZE * min(1.0, most / widest) if widest else ROW_SIZE
    return lines, size, EDGE + min(widest, most) + GAP


def _header(columns: Sequence[str], cell_w: float) -> Header:
    """Column labels lying down when each fits its cell in a few lines, else standing up."""
    flat = [fit(str(column), cell_w - PAD, HEAD_SIZE) for column in columns]
    if all(
        len(lines) <= MAX_LINES_FLAT and lines_width(lines, HEAD_SIZE) <= cell_w - PAD
        for lines in flat
    ):
        tallest = max((len(lines) for lines in flat), default=1)
        return Header(flat, False, tallest * HEAD_SIZE * 1.2 + 2 * PAD)
    most_lines = max(1, int((cell_w - 2) // (HEAD_SIZE * 1.2)))
    upright = [_upright(str(column), most_lines) for column in columns]
    longest = max((lines_width(lines, HEAD_SIZE) for lines in upright), default=0.0)
    return Header(upright, True, longest + 2 * PAD)


def _upright(label: str, most_lines: int) -> list[str]:
    """`label` in at most `most_lines` lines (unless a word is longer), as short as that allows."""
    width = lines_width([label], HEAD_SIZE) / most_lines
    lines = fit(label, width, HEAD_SIZE)
    while len(lines) > most_lines:
        width *= 1.1
        lines = fit(label, width, HEAD_SIZE)
    return lines


def _colour(value: float | None, max_value: float) -> str:
    if value is None:
        return "#e4e7eb"
    index = min(int(share(value, max_value) * len(SCORE_COLOURS)), len(SCORE_COLOURS) - 1)
    return SCORE_COLOURS[index]


def _hatch(x: float, y: float, w: float, h: float) -> str:
    """Diagonal strokes filling the rectangle (x, y, w, h): the mark of a provisional cell."""
    strokes = []
    k = 7 - h
    while k < w:
        x1, y1, x2, y2 = x + k, y + h, x + k + h, y
        if x1 < x:
            x1, y1 = x, y1 - (x - x1)
        if x2 > x + w:
            x2, y2 = x + w, y2 + (x2 - x - w)
        strokes.append(f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}")
        k += 7
    return f'<path d="{"".join(strokes)}" stroke="{HATCH}" stroke-width="0.6" fill="none"/>'


def _cell(
    m: Mirror, x: float, y: float, size: tuple[float, float], fill: str, provisional: bool
) -> str:
    w, h = size
    lighter = ' fill-opacity="0.45"' if provisional else ""
    rect = (
        f'<rect x="{num(m.rect_x(x, w))}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
        f'fill="{fill}"{lighter} stroke="#ffffff" stroke-width="1"/>'
    )
    return rect + (_hatch(m.rect_x(x, w), y, w, h) if provisional else "")


def _grid(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    notes: Sequence[Sequence[str | None]] | None,
    provisional: Sequence[Sequence[bool]] | None,
) -> None:
    shapes = [("values", values), ("notes", notes), ("provisional", provisional)]
    for name, grid in shapes:
        if grid is not None and (
            len(grid) != len(rows) or any(len(line) != len(columns) for line in grid)
        ):
            raise ValueError(f"heatmap {name} must have one row per row label and one per column")


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    max_value: float = 100.0,
    rtl: bool = False,
    lang: str = "en",
    notes: Sequence[Sequence[str | None]] | None = None,
    provisional: Sequence[Sequence[bool]] | None = None,
    provisional_label: str = "",
) -> str:
    """A grid of scores, rows by columns; `notes` print small under a cell's score and
    `provisional` cells are drawn lighter and hatched, explained by `provisional_label`."""
    _grid(rows, columns, values, notes, provisional)
    m = Mirror(rtl)
    row_lines, row_size, left = _row_labels(rows, len(columns))
    cell_w = min(MAX_CELL, (WIDTH - left - EDGE) / max(len(columns), 1))
    head = _header(columns, cell_w)
    tallest = max((len(lines) for lines in row_lines), default=1)
    row_h = max(34.0 if notes else 24.0, tallest * row_size * 1.2 + 2 * PAD)
    figures = [[label_value(v, lang) for v in line] for line in values]
    widest = max((text_width(f, CELL_SIZE) for line in figures for f in line), default=1.0)
    value_size = CELL_SIZE * min(1.0, (cell_w - PAD) / max(widest, 1.0))
    body = _header_texts(m, head, left, cell_w)
    for i, lines in enumerate(row_lines):
        y = head.height + i * row_h
        body.append(
            text_block(m.x(left - GAP), y + row_h / 2, lines, anchor=m.anchor("end"), size=row_size)
        )
        for j, value in enumerate(values[i]):
            x = left + j * cell_w
            marked = bool(provisional and provisional[i][j])
            body.append(_cell(m, x, y, (cell_w, row_h), _colour(value, max_value), marked))
            note = notes[i][j] if notes else None
            centre = m.x(x + cell_w / 2)
            body.extend(_figure(centre, y + row_h / 2, figures[i][j], note, value_size))
    bottom = head.height + row_h * len(rows) + EDGE
    if provisional_label and provisional and any(any(line) for line in provisional):
        legend = _legend(m, left, bottom + PAD, provisional_label)
        body.extend(legend[1:])
        bottom += PAD + legend[0] + EDGE
    desc = "; ".join(
        f"{row}: "
        + ", ".join(_described(columns, line, i, notes, provisional, provisional_label, lang))
        for i, (row, line) in enumerate(zip(rows, values, strict=True))
    )
    return document(WIDTH, bottom, title, desc, body)


def _header_texts(m: Mirror, head: Header, left: float, cell_w: float) -> list[str]:
    """The column labels over their cells: lying and centred, or upright from the header's foot."""
    texts = []
    for j, lines in enumerate(head.lines):
        centre = m.x(left + (j + 0.5) * cell_w)
        if head.upright:
            foot = head.height - PAD
            texts.append(
                text_block(centre, foot, lines, anchor="start", size=HEAD_SIZE, rotate=-90)
            )
        else:
            middle = head.height / 2
            texts.append(text_block(centre, middle, lines, anchor="middle", size=HEAD_SIZE))
    return texts


def _figure(x: float, middle: float, figure: str, note: str | None, size: float) -> list[str]:
    """A cell's score centred at (x, middle), or raised a little with its note small below it."""
    if not note:
        return [text_block(x, middle, [figure], anchor="middle", size=size)]
    raised = middle - size * 0.45
    return [
        text_block(x, raised, [figure], anchor="middle", size=size),
        text_block(x, raised + size * 1.05, [str(note)], anchor="middle", size=size * 0.72),
    ]


def _legend(m: Mirror, left: float, top: float, label: str) -> tuple[float, str, str]:
    """The legend's height, a provisional swatch and the label beside it, whole."""
    size = 10.0
    lines = fit(label, WIDTH - left - 20 - EDGE, size)
    height = max(14.0, len(lines) * size * 1.2)
    swatch = _cell(m, left, top + (height - 14) / 2, (14.0, 14.0), SCORE_COLOURS[2], True)
    words = text_block(m.x(left + 20), top + height / 2, lines, anchor=m.anchor("start"), size=size)
    return height, swatch, words


def _described(
    columns: Sequence[str],
    line: Sequence[float | None],
    i: int,
    notes: Sequence[Sequence[str | None]] | None,
    provisional: Sequence[Sequence[bool]] | None,
    provisional_label: str,
    lang: str,
) -> list[str]:
    parts = []
    for j, (column, value) in enumerate(zip(columns, line, strict=True)):
        part = f"{column} {label_value(value, lang)}"
        if notes and notes[i][j]:
            part += f" ({notes[i][j]})"
        if provisional and provisional[i][j] and provisional_label:
            part += f" ({provisional_label})"
        parts.append(part)
    return parts
