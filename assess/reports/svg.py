"""Small SVG writing helpers shared by the charts: escaping, number format, text wrapping and
text width estimates. (Right-to-left text for WeasyPrint is in `rtl_svg`.)"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from assess.words.numbers import number

FONT = "Assess Sans, DejaVu Sans, sans-serif"
INK = "#1f2933"
GRID = "#cbd2d9"

# Characters XML 1.0 forbids even when escaped; a label holding one would break the whole SVG.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(value: object) -> str:
    """`value` as XML character data or attribute value: escaped, illegal characters dropped."""
    return escape(XML_ILLEGAL.sub("", str(value)), quote=True)


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every run."""
    formatted = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if formatted == "-0" else formatted


def label_value(value: float | None, lang: str = "en") -> str:
    """A score as printed on a chart in `lang`: one decimal unless whole, a dash when missing."""
    if value is None:
        return "–"
    return number(value, lang, places=1, trim=True)


def wrap(label: str, width: int, max_lines: int = 2) -> list[str]:
    """`label` cut into lines of about `width` characters; an ellipsis marks what did not fit."""
    words = label.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    lines = [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = [
            *lines[: max_lines - 1],
            (last[: width - 1].rstrip() if len(last) >= width else last) + "…",
        ]
    return lines


# Advance widths of DejaVu Sans (the reports' font) in ems, by character class, read from its
# hmtx table and checked against rendered PDFs: an estimate, a little generous, never a measure.
NARROW = frozenset(" '.,:;|!ijlIJ/\\f-t()[]r")
WIDE = frozenset("mwMW%@#&+<=>^~")
LABEL_LIMIT = 300  # characters, as a report heading's
ARABIC_EM = 0.46  # joined forms, measured on shaped labels in a rendered PDF


def char_width(char: str) -> float:
    """The estimated advance of `char` in ems."""
    if char in NARROW:
        return 0.34
    if char in WIDE:
        return 0.9
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
        return 0.0
    if unicodedata.bidirectional(char) in ("AL", "R"):
        return ARABIC_EM
    if char.isupper():
        return 0.7
    return 0.62


def text_width(label: str, size: float) -> float:
    """The estimated width of `label` set in the charts' font at `size`."""
    return sum(char_width(char) for char in label) * size


def fit(label: str, width: float, size: float) -> list[str]:
    """`label` in lines no wider than `width` (estimated) at `size`, never cut: a word wider than
    `width` keeps a line of its own, and the caller makes room for its widest line. Only a label
    past LABEL_LIMIT characters, which no area or country name is, ends there with an ellipsis,
    so a hostile one cannot make a chart huge."""
    if len(label) > LABEL_LIMIT:
        label = label[: LABEL_LIMIT - 1] + "…"
    lines: list[str] = []
    current, used = "", 0.0  # the line so far and its width, kept so a long label costs linear time
    space = text_width(" ", size)
    for word in label.split():
        wide = text_width(word, size)
        if current and used + space + wide <= width:
            current, used = f"{current} {word}", used + space + wide
        elif not current:
            current, used = word, wide
        else:
            lines.append(current)
            current, used = word, wide
    lines.append(current)
    return lines


def lines_width(lines: list[str], size: float) -> float:
    """The estimated width of the widest of `lines`."""
    return max((text_width(line, size) for line in lines), default=0.0)


def text_block(
    x: float,
    y: float,
    lines: list[str],
    *,
    anchor: str,
    size: float = 11,
    weight: str = "normal",
    rotate: float = 0,
) -> str:
    """A <text> of one or more lines centred vertically on `y`; `rotate` turns it about (x, y)."""
    first = y - (len(lines) - 1) * size * 0.6 + size * 0.35
    spans = "".join(
        f'<tspan x="{num(x)}" y="{num(first + i * size * 1.2)}">{text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    turn = f' transform="rotate({num(rotate)} {num(x)} {num(y)})"' if rotate else ""
    # The chart places text itself: anchors mean left, centre and right (direction="ltr" on the
    # <svg>), while a browser still reads each label's own direction (unicode-bidi plaintext).
    return (
        f'<text font-size="{num(size)}" font-weight="{weight}" text-anchor="{anchor}" '
        f'unicode-bidi="plaintext" fill="{INK}"{turn}>{spans}</text>'
    )


def document(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """A standalone, accessible SVG: role img, a <title> naming it and a <desc> with its data."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" direction="ltr" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'font-family="{FONT}">'
        f"<title>{text(title)}</title><desc>{text(desc)}</desc>{''.join(body)}</svg>"
    )
