"""Right-to-left chart text as WeasyPrint needs it in an SVG.

WeasyPrint (70) lays an SVG <tspan> out one character at a time, each on its own, from left to
right: it neither orders right-to-left text nor joins Arabic letters there (browsers do both).
For the PDF, `visual_words` therefore gives every tspan its text as it is to be seen: Arabic
letters in the contextual forms of the Arabic Presentation Forms blocks (lam-alef as its
ligature), right-to-left runs reversed with their brackets mirrored, and the words in the order a
Unicode bidi algorithm run on words gives. Vowel marks (harakat) are left out: set on their own
they would each show on a dotted circle, and Arabic reads the same without them.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from itertools import chain

from assess.reports.svg import text

TSPAN_TEXT = re.compile(r"(<tspan[^>]*>)([^<]*)(</tspan>)")
MIRROR_PAIRS = "()[]{}<>«»"
MIRRORED = str.maketrans(MIRROR_PAIRS, ")(][}{><»«")
TATWEEL = "\u0640"
LAM, ALEFS = "\u0644", "\u0622\u0623\u0625\u0627"
# Inside a right-to-left word, runs of these keep their left-to-right order (digits, Latin).
LTR_KINDS = frozenset(("L", "EN", "AN"))
# Marks that only steer the bidi algorithm (LRM, RLM, ALM, embeddings, isolates): left out.
BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
SPACES = re.compile("([ \xa0])")  # kept as they are: a no-break space stays one


def _forms() -> dict[str, dict[str, str]]:
    """For each Arabic letter (and lam-alef), its presentation forms by position, from Unicode's
    own decompositions of the Presentation Forms-B block, then -A."""
    forms: dict[str, dict[str, str]] = {}
    for code in chain(range(0xFE70, 0xFEFF), range(0xFB50, 0xFDFF)):
        tag, *parts = (unicodedata.decomposition(chr(code)) or "-").split()
        if tag in ("<isolated>", "<final>", "<initial>", "<medial>") and len(parts) <= 2:
            base = "".join(chr(int(part, 16)) for part in parts)
            forms.setdefault(base, {}).setdefault(tag[1:-1], chr(code))
    return forms


FORMS = _forms()


def _joins_on(char: str) -> bool:
    """Whether `char` joins the letter after it (a dual-joining letter or the tatweel)."""
    return char == TATWEEL or "initial" in FORMS.get(char, {})


def _joins_back(char: str) -> bool:
    """Whether `char` joins the letter before it."""
    return char == TATWEEL or "final" in FORMS.get(char, {})


def shaped(word: str) -> str:
    """`word` with its Arabic letters in their contextual presentation forms, marks left out."""
    chars = [c for c in word if unicodedata.category(c) != "Mn"]
    out, i = [], 0
    while i < len(chars):
        char = chars[i]
        after = chars[i + 1] if i + 1 < len(chars) else ""
        joined = i > 0 and _joins_on(chars[i - 1])
        if char == LAM and after and after in ALEFS:
            ligature = FORMS.get(LAM + after, {})
            out.append(ligature.get("final" if joined else "isolated", LAM + after))
            i += 2
            continue
        forms = FORMS.get(char, {})
        onward = bool(after) and _joins_back(after) and "initial" in forms
        position = ("medial" if onward else "final") if joined else "initial" if onward else ""
        out.append(forms.get(position) or forms.get("isolated") or char)
        i += 1
    return "".join(out)


def _rtl_word(word: str) -> str:
    """A right-to-left word as WeasyPrint must get it: shaped, then reversed with its brackets
    mirrored, except runs of digits or Latin letters, which keep their order."""
    runs: list[str] = []
    for char in shaped(word):
        ltr = unicodedata.bidirectional(char) in LTR_KINDS
        if runs and (unicodedata.bidirectional(runs[-1][-1]) in LTR_KINDS) == ltr:
            runs[-1] += char
        else:
            runs.append(char)
    return "".join(
        run if unicodedata.bidirectional(run[0]) in LTR_KINDS else run[::-1].translate(MIRRORED)
        for run in reversed(runs)
    )


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


def _directions(kinds: list[str], rtl: bool) -> list[str]:
    """Each word's direction as it acts on the spaces beside it: a number after left-to-right
    text (or at the start of a left-to-right line) is left-to-right, any other number acts as
    right-to-left (rules W7 and N1 of the bidi algorithm); "" for signs."""
    out: list[str] = []
    strong = "LR"[rtl]
    for kind in kinds:
        if kind in ("L", "R"):
            strong = kind
            out.append(kind)
        elif kind == "N":
            out.append("L" if strong == "L" else "R")
        else:
            out.append("")
    return out


def _gap_levels(kinds: list[str], rtl: bool) -> list[int]:
    """The level of the space after each word but the last: that of the directions on both
    sides when they agree, else the line's own."""
    base = 1 if rtl else 0
    directions = _directions(kinds, rtl)
    levels = []
    for i in range(len(kinds) - 1):
        before = next((d for d in reversed(directions[: i + 1]) if d), "LR"[base])
        after = next((d for d in directions[i + 1 :] if d), "LR"[base])
        levels.append(base if before != after else 1 if before == "R" else 2 * base)
    return levels


def _trailing_signs(word: str) -> int:
    """How many of the word's last characters are signs that stop at a number (". , : ; ! ?"),
    not brackets (they would need mirroring on their own) nor "%" (it stays with its number)."""
    count = 0
    for char in reversed(word):
        if char in MIRROR_PAIRS or unicodedata.bidirectional(char) not in ("CS", "ON"):
            break
        count += 1
    return count


def _numbers_apart(words: list[str], gaps: list[str], rtl: bool) -> tuple[list[str], list[str]]:
    """A number acting right to left has the signs after it set apart ("13." is "13" then "."),
    as the bidi algorithm sets them: they then take the direction around them, so "13." opening
    an Arabic line reads "13" then "." from the right, not "." then "13"."""
    directions = _directions([_strong(word) for word in words], rtl)
    out_words: list[str] = []
    out_gaps: list[str] = []
    for i, (word, way) in enumerate(zip(words, directions, strict=True)):
        signs = _trailing_signs(word) if way == "R" and _strong(word) == "N" else 0
        if 0 < signs < len(word) and word[-signs - 1].isdigit():
            out_words += [word[:-signs], word[-signs:]]
            out_gaps.append("")
        else:
            out_words.append(word)
        if i < len(gaps):
            out_gaps.append(gaps[i])
    return out_words, out_gaps


def visual_line(line: str, rtl: bool) -> str:
    """`line` with its words in the order they are seen in a paragraph of direction `rtl`: from
    the highest level down to 1, every run of words (and the spaces between them) at that level
    or higher is reversed (the last step of the Unicode bidi algorithm, on words rather than
    characters). Bidi marks are left out: WeasyPrint would set each one on its own."""
    parts = SPACES.split(line.translate(BIDI_MARKS))
    words, gaps = _numbers_apart(parts[0::2], parts[1::2], rtl)
    parts = [t for pair in zip(words, [*gaps, ""], strict=True) for t in pair][:-1]
    kinds = [_strong(word) for word in words]
    if "R" not in kinds and not rtl:
        return "".join(parts)
    word_levels, gap_levels = _levels(kinds, rtl), _gap_levels(kinds, rtl)
    tokens = [_rtl_word(w) if k == "R" else w for w, k in zip(words, kinds, strict=True)]
    tokens = [t for pair in zip(tokens, [*gaps, ""], strict=True) for t in pair][:-1]
    levels = [v for pair in zip(word_levels, [*gap_levels, 0], strict=True) for v in pair][:-1]
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and levels[j] >= level:
                j += 1
            if j > i:
                tokens[i:j], levels[i:j] = tokens[i:j][::-1], levels[i:j][::-1]
            i = max(j, i + 1)
    return "".join(tokens)


def visual_words(svg: str, rtl: bool) -> str:
    """The chart `svg` with every tspan's text as it is to be seen, for WeasyPrint (see above);
    the text is unescaped first and escaped again, so an entity is never turned round."""
    return TSPAN_TEXT.sub(lambda m: m[1] + text(visual_line(unescape(m[2]), rtl)) + m[3], svg)
