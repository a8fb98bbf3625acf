"""Small SVG writing helpers shared by the charts: escaping, number format, text wrapping."""

from __future__ import annotations

import re
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


def text_block(
    x: float, y: float, lines: list[str], *, anchor: str, size: float = 11, weight: str = "normal"
) -> str:
    """A <text> of one or more lines centred vertically on `y`."""
    first = y - (len(lines) - 1) * size * 0.6 + size * 0.35
    spans = "".join(
        f'<tspan x="{num(x)}" y="{num(first + i * size * 1.2)}">{text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text font-size="{num(size)}" font-weight="{weight}" text-anchor="{anchor}" '
        f'fill="{INK}">{spans}</text>'
    )


def document(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """A standalone, accessible SVG: role img, a <title> naming it and a <desc> with its data."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'font-family="{FONT}">'
        f"<title>{text(title)}</title><desc>{text(desc)}</desc>{''.join(body)}</svg>"
    )
