"""The syntax of conditions: tokens and the recursive descent parser that builds the tree."""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from assess.questionnaire.expression_tree import (
    COMPARISONS,
    Binary,
    Call,
    Literal,
    Node,
    Ref,
    Unary,
    children,
    unparse,
)
from assess.questionnaire.suggest import Names, closest

# The tree's names are imported from here too: this module is the syntax's one way in.
__all__ = [
    "ARITHMETIC",
    "COMPARISONS",
    "FUNCTIONS",
    "MAX_HEIGHT",
    "MAX_LENGTH",
    "MAX_NESTING",
    "OPERATORS",
    "Binary",
    "Call",
    "ExprError",
    "Literal",
    "Node",
    "Ref",
    "Unary",
    "children",
    "did_you_mean",
    "parse",
    "unparse",
]

MAX_LENGTH = 2000  # characters of a condition: longer ones are unreadable for reviewers anyway
MAX_NESTING = 40  # parentheses and prefix operators inside each other: a small parser stack
MAX_HEIGHT = 100  # depth of the tree; keeps checking and evaluating far from Python's stack limit

OPERATORS: dict[str, str] = {
    "or": "either is true",
    "and": "both are true",
    "not": "negation",
    "=": "equal",
    "!=": "not equal",
    "<": "less than",
    "<=": "less than or equal",
    ">": "greater than",
    ">=": "greater than or equal",
    "+": "addition",
    "-": "subtraction (or a negative number)",
    "*": "multiplication",
    "/": "division (by zero: unknown, so the condition is false)",
}

FUNCTIONS: dict[str, str] = {
    "selected": "selected(Q, 'option'): the option is chosen",
    "count_selected": "count_selected(Q): how many options are chosen",
    "answered": "answered(Q): answered (not unanswered, not applicable, not don't know)",
    "date": "date('YYYY-MM-DD'): a date literal",
}

ARITHMETIC = ("+", "-", "*", "/")
_HINTS = {"==": "use '=' to compare", "&&": "use 'and'", "||": "use 'or'", "!": "use 'not'"}


class ExprError(Exception):
    """A problem in a condition, at a 0-based character offset of its source."""

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(f"{code} {message} (column {offset + 1})")
        self.code = code
        self.message = message
        self.offset = offset


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # ref, num, str, name, op, eof
    text: str  # the source text
    offset: int
    value: object = None

    def is_(self, *texts: str) -> bool:
        return self.kind in ("op", "name") and self.text in texts

    def describe(self) -> str:
        return "the end of the condition" if self.kind == "eof" else _quoted(self.text)


def _quoted(text: str) -> str:
    """A piece of source quoted for a message, unless it already is quoted or a reference."""
    return text if text[:1] in ("'", '"', "$") else f"'{text}'"


_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REF_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # node ids, as the format allows them
_OPERATOR = re.compile(r"==|&&|\|\||<=|>=|!=|[=<>+\-*/(),!]")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"'}


def _tokens(source: str) -> Iterator[_Token]:
    pos = 0
    while pos < len(source):
        if space := _SPACE.match(source, pos):
            pos = space.end()
            continue
        token = _token_at(source, pos)
        yield token
        pos = token.offset + len(token.text)
    yield _Token("eof", "", len(source))


def _token_at(source: str, pos: int) -> _Token:
    char = source[pos]
    if char in "'\"":
        return _string_at(source, pos)
    if char == "$":
        return _ref_at(source, pos)
    if number := _NUMBER.match(source, pos):
        value = float(number.group())
        if not math.isfinite(value):
            raise ExprError("X020", f"the number {number.group()[:20]}... is too large", pos)
        return _Token("num", number.group(), pos, value)
    if name := _NAME.match(source, pos):
        return _Token("name", name.group(), pos)
    if op := _OPERATOR.match(source, pos):
        if op.group() in _HINTS:
            raise ExprError("X003", f"unexpected '{op.group()}': {_HINTS[op.group()]}", pos)
        return _Token("op", op.group(), pos)
    raise ExprError("X001", f"unexpected character {char!r}", pos)


def _string_at(source: str, start: int) -> _Token:
    quote, chars, pos = source[start], [], start + 1
    while pos < len(source) and source[pos] != quote:
        if source[pos] == "\\" and pos + 1 < len(source):
            escaped = source[pos + 1 : pos + 2]
            if escaped not in _ESCAPES:
                raise ExprError("X019", f"unknown escape '\\{escaped}' in text", pos)
            chars.append(_ESCAPES[escaped])
            pos += 2
        else:
            chars.append(source[pos])
            pos += 1
    if pos >= len(source):
        raise ExprError("X002", f"unterminated text: add the closing {quote}", start)
    return _Token("str", source[start : pos + 1], start, "".join(chars))


def _ref_at(source: str, start: int) -> _Token:
    if not source.startswith("${", start):
        raise ExprError("X017", "a reference is written ${question_id}", start)
    end = source.find("}", start)
    if end < 0:
        raise ExprError("X017", "unterminated reference: add the closing '}'", start)
    ref_id = source[start + 2 : end].strip()
    if not _REF_ID.fullmatch(ref_id):
        raise ExprError("X017", f"{source[start : end + 1]!r} is not a question id", start)
    return _Token("ref", source[start : end + 1], start, ref_id)


# ---------------------------------------------------------------- parser


def parse(source: str) -> Node:
    """The syntax tree of a condition; raises ExprError at the first syntax problem."""
    if len(source) > MAX_LENGTH:
        raise ExprError("X005", f"the condition is longer than {MAX_LENGTH} characters", 0)
    tree = _Parser(source).parse()
    _check_height(tree)
    return tree


class _Parser:
    """Recursive descent, one method per precedence level, lowest first."""

    def __init__(self, source: str) -> None:
        self.tokens = list(_tokens(source))
        self.index = 0
        self.nesting = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    @contextmanager
    def nested(self, token: _Token) -> Iterator[None]:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExprError("X006", f"nested more than {MAX_NESTING} levels deep", token.offset)
        yield
        self.nesting -= 1

    def parse(self) -> Node:
        if self.peek().kind == "eof":
            raise ExprError("X018", "the condition is empty", 0)
        tree = self.or_()
        if (token := self.peek()).kind != "eof":
            raise ExprError(
                "X003", f"expected an operator or the end, found {token.describe()}", token.offset
            )
        return tree

    def or_(self) -> Node:
        return self._left_assoc(("or",), self.and_)

    def and_(self) -> Node:
        return self._left_assoc(("and",), self.not_)

    def _left_assoc(self, ops: tuple[str, ...], operand: Callable[[], Node]) -> Node:
        left = operand()
        while self.peek().is_(*ops):
            op = self.take()
            left = Binary(op.text, left, operand(), op.offset)
        return left

    def not_(self) -> Node:
        if not self.peek().is_("not"):
            return self.comparison()
        op = self.take()
        with self.nested(op):
            return Unary("not", self.not_(), op.offset)

    def comparison(self) -> Node:
        left = self.additive()
        if not self.peek().is_(*COMPARISONS):
            return left
        op = self.take()
        node = Binary(op.text, left, self.additive(), op.offset)
        if (extra := self.peek()).is_(*COMPARISONS):
            message = f"comparisons cannot be chained: join them with 'and' before '{extra.text}'"
            raise ExprError("X016", message, extra.offset)
        return node

    def additive(self) -> Node:
        return self._left_assoc(("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self._left_assoc(("*", "/"), self.unary)

    def unary(self) -> Node:
        if not self.peek().is_("-"):
            return self.primary()
        op = self.take()
        with self.nested(op):
            return Unary("-", self.unary(), op.offset)

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "ref":
            return Ref(t.cast(str, token.value), token.offset)
        if token.kind in ("num", "str"):
            return Literal(t.cast("float | str", token.value), token.offset)
        if token.is_("true", "false"):
            return Literal(token.text == "true", token.offset)
        if token.is_("("):
            with self.nested(token):
                inner = self.or_()
            self._close(token, "'('")
            return inner
        if token.kind == "name" and token.text not in OPERATORS and self.peek().is_("("):
            return self.call(token)
        raise ExprError("X003", _unexpected(token), token.offset)

    def call(self, name: _Token) -> Node:
        if name.text not in FUNCTIONS:
            hint = did_you_mean(name.text, FUNCTIONS, "'{}'")
            raise ExprError("X008", f"unknown function '{name.text}'{hint}", name.offset)
        opening = self.take()
        args: list[Node] = []
        with self.nested(opening):
            while not (args == [] and self.peek().is_(")")):
                args.append(self.or_())
                if not self.peek().is_(","):
                    break
                self.take()
        self._close(opening, f"'{name.text}('")
        if name.text == "date":
            return _date_literal(name, args)
        return Call(name.text, tuple(args), name.offset)

    def _close(self, opening: _Token, what: str) -> None:
        token = self.take()
        if not token.is_(")"):
            column = opening.offset + 1
            message = f"expected ')' to close {what} at column {column}, found {token.describe()}"
            raise ExprError("X004", message, token.offset)


def _unexpected(token: _Token) -> str:
    if token.kind == "eof":
        return "the condition ends too early: expected a value, a reference or '('"
    if token.kind == "name" and token.text in FUNCTIONS:
        return f"'{token.text}' is a function: write {FUNCTIONS[token.text].split(':')[0]}"
    if token.kind == "name" and token.text not in OPERATORS:
        return (
            f"unexpected word '{token.text}': write text in quotes ('{token.text}')"
            f" and references as ${{{token.text}}}"
        )
    return f"expected a value, a reference or '(', found {token.describe()}"


def _date_literal(name: _Token, args: list[Node]) -> Literal:
    if len(args) != 1 or not isinstance(args[0], Literal) or not isinstance(args[0].value, str):
        raise ExprError("X007", "date() takes one date in quotes: date('2020-01-31')", name.offset)
    text = args[0].value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return Literal(dt.date.fromisoformat(text), name.offset)
    except ValueError:
        message = f"'{text}' is not a valid date: write date('YYYY-MM-DD')"
        raise ExprError("X007", message, args[0].offset) from None


def _check_height(tree: Node) -> None:
    # Iterative: long chains like `1+1+1+...` are built by loops, not recursion, so the parser
    # cannot see their depth; the recursive checker and evaluator would.
    stack = [(tree, 1)]
    while stack:
        node, height = stack.pop()
        if height > MAX_HEIGHT:
            message = f"the condition has more than {MAX_HEIGHT} nested operations: simplify it"
            raise ExprError("X006", message, node.offset)
        stack.extend((child, height + 1) for child in children(node))


def did_you_mean(name: str, candidates: t.Iterable[str] | Names, form: str) -> str:
    """': did you mean X?' for the closest candidate, or nothing when none is close."""
    close = closest(name, candidates)
    return f": did you mean {form.format(close)}?" if close else ""
