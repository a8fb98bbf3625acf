"""XLSForm expressions (XPath with ${name} references) rewritten in the syntax of conditions.

Only what means the same in both is rewritten: ${name} references, and, or, not(), = != < <= >
>=, + - * div, numbers, texts, true(), false(), selected(), count-selected(), date(), and a
comparison with '' (empty) as answered(). Everything else (other functions, `.`, paths, mod,
texts with both quotes) is refused with the reason, and the caller names it as not carried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assess.questionnaire.expression_syntax import ExprError, parse, unparse

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{[^}]*\})
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
    | (?P<name>[A-Za-z_][A-Za-z0-9_:.-]*)
    | (?P<op><=|>=|!=|[=<>+\-*(),]|\.\.|\.|/|\[|\]|\||@)
    )""",
    re.VERBOSE,
)
_FUNCTIONS = {"selected": "selected", "count-selected": "count_selected", "date": "date"}
_CONSTANTS = {"true": "true", "false": "false"}


class Untranslatable(Exception):
    """The expression has no counterpart in conditions: the message says which part."""


class UnknownReference(Exception):
    """${name} names nothing in the form."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str


def _tokens(source: str) -> list[_Tok]:
    out, pos = [], 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            raise Untranslatable(f"cannot read the expression from {source[pos:].strip()[:20]!r}")
        kind = match.lastgroup or ""
        out.append(_Tok(kind, match.group(kind)))
        pos = match.end()
    return out


def references(source: str) -> list[str]:
    """The names ${name} of an expression, in order (for checking they exist)."""
    return re.findall(r"\$\{\s*([^}]*?)\s*\}", source)


def translate(source: str, resolve: Callable[[str], str]) -> str:
    """The condition meaning `source`; `resolve(name)` gives a reference's question id or raises
    Untranslatable (a name that is no carried question) or UnknownReference."""
    tokens = _tokens(source)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "ref":
            ref = "${" + resolve(tok.text[2:-1].strip()) + "}"
            after = tokens[i + 1 : i + 3]
            if len(after) == 2 and after[0].text in ("=", "!=") and after[1].text in ("''", '""'):
                out.append(
                    f"answered({ref})" if after[0].text == "!=" else f"(not answered({ref}))"
                )
                i += 3
                continue
            out.append(ref)
        elif tok.kind == "str":
            before = out[-2:] if len(out) >= 2 else []
            empty = tok.text in ("''", '""')
            if empty and (
                (before and before[-1] in ("=", "!=")) or (nxt and nxt.text in ("=", "!="))
            ):
                raise Untranslatable("a comparison with '' other than ${name} = ''")
            out.append(_text(tok.text[1:-1]))
        elif tok.kind == "num":
            out.append(tok.text if not tok.text.startswith(".") else "0" + tok.text)
        elif tok.kind == "name":
            name = tok.text
            is_call = nxt is not None and nxt.text == "("
            if name in ("and", "or") and not is_call:
                out.append(name)
            elif name == "div" and not is_call:
                out.append("/")
            elif name == "not" and is_call:
                out.append("not")
            elif name in _CONSTANTS and is_call:
                close = tokens[i + 2] if i + 2 < len(tokens) else None
                if close is None or close.text != ")":
                    raise Untranslatable(f"{name}() takes no arguments")
                out.append(_CONSTANTS[name])
                i += 3
                continue
            elif name in _FUNCTIONS and is_call:
                out.append(_FUNCTIONS[name])
            elif is_call:
                raise Untranslatable(f"the function {name}() has no counterpart in conditions")
            else:
                raise Untranslatable(f"{name!r} has no counterpart in conditions")
        elif tok.text in ("=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "(", ")", ","):
            out.append(tok.text)
        else:
            what = "the current answer '.'" if tok.text == "." else repr(tok.text)
            raise Untranslatable(f"{what} has no counterpart in conditions")
        i += 1
    text = " ".join(out).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    try:
        return unparse(parse(text))
    except ExprError as error:
        raise Untranslatable(f"{error.code} {error.message}") from None


def _text(value: str) -> str:
    """An XPath text (no escapes) as a text literal of conditions."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


_BOUND = re.compile(
    r"^\s*(\.|[0-9]+(?:\.[0-9]+)?|-[0-9]+(?:\.[0-9]+)?)\s*(<=|>=|<|>)\s*(\.|-?[0-9]+(?:\.[0-9]+)?)\s*$"
)
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def number_bounds(source: str, *, whole: bool) -> dict[str, float | int]:
    """`min` and `max` of a constraint such as `. >= 0 and . <= 120`; Untranslatable otherwise.

    A strict bound (`. > 0`) is carried on whole numbers only (as `min: 1`)."""
    out: dict[str, float | int] = {}
    for part in re.split(r"\s+and\s+", source.strip()):
        match = _BOUND.match(part)
        if match is None or (match.group(1) == ".") == (match.group(3) == "."):
            raise Untranslatable(f"{part.strip()!r} is no bound of the form . >= number")
        left, op, right = match.groups()
        if left != ".":
            op, right = _FLIP[op], left
        number = float(right)
        value: float | int = int(number) if number.is_integer() else number
        if op in ("<", ">"):
            if not (whole and isinstance(value, int)):
                raise Untranslatable(f"the strict bound {part.strip()!r} on a decimal number")
            value = value + 1 if op == ">" else value - 1
        key = "min" if op in (">", ">=") else "max"
        if key in out:
            raise Untranslatable(f"two {key} bounds")
        out[key] = value
    if "min" in out and "max" in out and out["min"] >= out["max"]:
        raise Untranslatable("the bounds leave no range")
    return out
