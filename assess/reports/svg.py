"""Small SVG writing helpers shared by the charts: escaping, number format, text wrapping, text
width estimates and the word order WeasyPrint needs for right-to-left labels."""

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
ARABIC_EM = 0.68  # measured on rendered Arabic labels (1.2 to 1.35 times 0.5)


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


# WeasyPrint sets the text of an SVG <tspan> word after word from left to right whatever its
# script (each word itself shaped right); browsers apply the Unicode bidi algorithm. For the PDF,
# `visual_words` puts the words of every tspan in the order they are seen, a word-level bidi.
TSPAN_TEXT = re.compile(r"(<tspan[^>]*>)([^<]*)(</tspan>)")
MIRRORED = str.maketrans("()[]{}«»", ")(][}{»«")


def _strong(word: str) -> str:
    """ "R" when the word's first strong letter is right-to-left, "L" when left-to-right, "N"
    when it has none but a digit, "" when it has neither (signs)."""
    for char in word:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "N" if any(char.isdigit() for char in word) else ""


def _rtl_word(word: str) -> str:
    """A right-to-left word as WeasyPrint must get it to show it right: the signs before its
    letters (an opening bracket) go after them mirrored, and those after (a comma) before."""
    letters = [i for i, char in enumerate(word) if unicodedata.bidirectional(char) in ("R", "AL")]
    start, end = letters[0], letters[-1] + 1
    head, core, tail = word[:start], word[start:end], word[end:]
    return tail[::-1].translate(MIRRORED) + core + head[::-1].translate(MIRRORED)


def _levels(kinds: list[str], rtl: bool) -> list[int]:
    """The bidi level of each word: 1 right-to-left, 0 or 2 left-to-right (as in the Unicode
    bidi algorithm, numbers stay left-to-right inside right-to-left text)."""
    base = 1 if rtl else 0
    levels = []
    for i, kind in enumerate(kinds):
        before = next((k for k in reversed(kinds[:i]) if k in ("L", "R")), "LR"[base])
        if kind == "R":
            levels.append(1)
        elif kind == "L":
            levels.append(2 if rtl else 0)
        elif kind == "N":
            levels.append(2 if rtl or before == "R" else 0)
        else:
            after = next((k for k in kinds[i + 1 :] if k in ("L", "R")), "LR"[base])
            agreed = 1 if before == "R" else 2 * base
            levels.append(agreed if before == after else base)
    return levels


def visual_line(line: str, rtl: bool) -> str:
    """`line` with its words in the order they are seen in a paragraph of direction `rtl`: from
    the highest level down to 1, every run of words at that level or higher is reversed (the
    last step of the Unicode bidi algorithm, on words rather than characters)."""
    words = line.split(" ")
    kinds = [_strong(word) for word in words]
    if "R" not in kinds:
        return line
    levels = _levels(kinds, rtl)
    words = [_rtl_word(w) if k == "R" else w for w, k in zip(words, kinds, strict=True)]
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and levels[j] >= level:
                j += 1
            if j > i:
                words[i:j], levels[i:j] = words[i:j][::-1], levels[i:j][::-1]
            i = max(j, i + 1)
    return " ".join(words)


def visual_words(svg: str, rtl: bool) -> str:
    """The chart `svg` with every tspan's words in visual order, for WeasyPrint (see above)."""
    return TSPAN_TEXT.sub(lambda m: m[1] + visual_line(m[2], rtl) + m[3], svg)


def document(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """A standalone, accessible SVG: role img, a <title> naming it and a <desc> with its data."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" direction="ltr" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'font-family="{FONT}">'
        f"<title>{text(title)}</title><desc>{text(desc)}</desc>{''.join(body)}</svg>"
    )
