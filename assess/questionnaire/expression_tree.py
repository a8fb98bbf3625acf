"""The tree of a condition: its nodes, their operands, and their printing back as source text."""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


class _Node:
    """What every node of a syntax tree shares: it prints back as source text."""

    __slots__ = ()

    def __str__(self) -> str:
        return unparse(t.cast("Node", self))


@dataclass(frozen=True, slots=True)
class Ref(_Node):
    """A reference to a question's answer: ${id}."""

    id: str
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Literal(_Node):
    """A number (always a float), a text, true or false, or a date."""

    value: float | str | bool | dt.date
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary(_Node):
    """`not x` or `-x`."""

    op: str
    operand: Node
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary(_Node):
    """`left op right`; offset is the operator's."""

    op: str
    left: Node
    right: Node
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call(_Node):
    """A function call such as selected(${q}, 'opt')."""

    name: str
    args: tuple[Node, ...]
    offset: int = field(default=0, compare=False)


Node = Ref | Literal | Unary | Binary | Call


def children(node: Node) -> tuple[Node, ...]:
    """The operands of a node, left to right."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


# ---------------------------------------------------------------- printing

_PRECEDENCE = {"or": 1, "and": 2, **dict.fromkeys(COMPARISONS, 4), "+": 5, "-": 5, "*": 6, "/": 6}


def _precedence(node: Node) -> int:
    if isinstance(node, Binary):
        return _PRECEDENCE[node.op]
    if isinstance(node, Unary):
        return 3 if node.op == "not" else 7
    return 8


def unparse(node: Node) -> str:
    """The source text of a tree, with only the parentheses it needs."""
    if isinstance(node, Ref):
        return f"${{{node.id}}}"
    if isinstance(node, Literal):
        return _literal_source(node.value)
    if isinstance(node, Call):
        return f"{node.name}({', '.join(unparse(arg) for arg in node.args)})"
    if isinstance(node, Unary):
        prefix = "not " if node.op == "not" else "-"
        return prefix + _wrapped(node.operand, _precedence(node))
    level = _precedence(node)
    left_min = level + 1 if node.op in COMPARISONS else level  # comparisons do not chain
    return f"{_wrapped(node.left, left_min)} {node.op} {_wrapped(node.right, level + 1)}"


def _wrapped(node: Node, minimum: int) -> str:
    text = unparse(node)
    return f"({text})" if _precedence(node) < minimum else text


def _literal_source(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # The grammar has no exponents, so print every float in plain decimal notation.
        text = format(Decimal(repr(value)), "f")
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    escaped = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"
