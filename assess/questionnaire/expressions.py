"""Applicability conditions: parse, type-check against the questions, and evaluate without eval."""

from __future__ import annotations

import operator
import typing as t
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assess.questionnaire.expression_syntax import (
    ARITHMETIC,
    FUNCTIONS,
    MAX_HEIGHT,
    MAX_LENGTH,
    MAX_NESTING,
    OPERATORS,
    Binary,
    Call,
    ExprError,
    Literal,
    Node,
    Ref,
    Unary,
    children,
    did_you_mean,
    parse,
    unparse,
)
from assess.questionnaire.suggest import Names
from assess.questionnaire.vocabulary import YES_PARTIAL_NO

if t.TYPE_CHECKING:
    from assess.questionnaire.model import Question

__all__ = [
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
    "RefType",
    "Unary",
    "evaluate",
    "parse",
    "ref_type_for",
    "references",
    "typecheck",
    "unparse",
]

Kind = t.Literal["number", "text", "date", "set", "bool"]


@dataclass(frozen=True, slots=True)
class RefType:
    """The type of a value in a condition; choice texts and sets carry their option ids."""

    kind: Kind
    options: frozenset[str] | None = None


_NUMBER, _TEXT, _DATE, _BOOL = RefType("number"), RefType("text"), RefType("date"), RefType("bool")
_PLAIN_TYPES = {"level": _NUMBER, "checklist": _NUMBER, "number": _NUMBER, "text": _TEXT}
_PLAIN_TYPES["date"] = _DATE
_KIND_WORDS = {"number": "a number", "text": "text", "date": "a date", "set": "a set"}
_KIND_WORDS["bool"] = "true or false"
_USAGE = {  # function -> (number of arguments, how to write it)
    "selected": (2, "selected(${question}, 'option')"),
    "count_selected": (1, "count_selected(${question})"),
    "answered": (1, "answered(${question})"),
}


def option_ids(question: Question) -> tuple[str, ...]:
    """The option ids of a choice or yes/partial/no question, in their order."""
    options = question.options or (question.scale.options if question.scale else ())
    if options:
        return tuple(option.id for option in options)
    return YES_PARTIAL_NO if question.type == "yes_partial_no" else ()


def ref_type_for(question: Question) -> RefType | None:
    """What a reference to this question gives in a condition; None for unknown answer types."""
    if question.type in _PLAIN_TYPES:
        return _PLAIN_TYPES[question.type]
    if question.type in ("yes_partial_no", "single_choice"):
        return RefType("text", frozenset(option_ids(question)))
    if question.type == "multiple_choice":
        return RefType("set", frozenset(option_ids(question)))
    return None


def references(tree: Node) -> tuple[str, ...]:
    """The question ids a condition reads, in reading order, each once."""
    found: dict[str, None] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            found.setdefault(node.id)
        stack.extend(reversed(children(node)))
    return tuple(found)


# ---------------------------------------------------------------- type checking


def typecheck(
    tree: Node, refs: Mapping[str, RefType], names: Names | None = None
) -> list[ExprError]:
    """Every type problem of a condition, given the type of each question it may name.

    `names`: `Names(refs)`, when many conditions are checked against the same questions (their
    index for 'did you mean' is then built once)."""
    checker = _Checker(refs, refs if names is None else names)
    result = checker.type_of(tree)
    if result is not None and result.kind != "bool":
        message = f"a condition must be true or false, but this gives {_KIND_WORDS[result.kind]}"
        checker.fail("X015", message, tree)
    return checker.errors


class _Checker:
    """Works out each node's type, collecting problems; None stands for 'already reported'."""

    def __init__(self, refs: Mapping[str, RefType], names: Mapping[str, RefType] | Names) -> None:
        self.refs = refs
        self.names = names
        self.errors: list[ExprError] = []

    def fail(self, code: str, message: str, node: Node) -> None:
        self.errors.append(ExprError(code, message, node.offset))

    def type_of(self, node: Node) -> RefType | None:
        if isinstance(node, Ref):
            return self.value_ref(node)
        if isinstance(node, Literal):
            return _literal_type(node.value)
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def ref(self, node: Ref) -> RefType | None:
        if node.id in self.refs:
            return self.refs[node.id]
        hint = did_you_mean(node.id, self.names, "${{{}}}")
        self.fail("X010", f"unknown question ${{{node.id}}}{hint}", node)
        return None

    def value_ref(self, node: Ref) -> RefType | None:
        found = self.ref(node)
        if found is not None and found.kind == "set":
            message = (
                f"${{{node.id}}} is a multiple choice: use selected(${{{node.id}}}, 'option')"
                f" or count_selected(${{{node.id}}})"
            )
            self.fail("X013", message, node)
            return None
        return found

    def unary(self, node: Unary) -> RefType | None:
        operand = self.type_of(node.operand)
        wanted = _BOOL if node.op == "not" else _NUMBER
        if operand is not None and operand.kind != wanted.kind:
            code = "X015" if node.op == "not" else "X014"
            need = "true or false" if node.op == "not" else "a number"
            self.fail(code, f"'{node.op}' needs {need}, not {_KIND_WORDS[operand.kind]}", node)
        return wanted

    def binary(self, node: Binary) -> RefType | None:
        left, right = self.type_of(node.left), self.type_of(node.right)
        if node.op in ("and", "or"):
            for side in (left, right):
                if side is not None and side.kind != "bool":
                    message = f"'{node.op}' joins conditions, not {_KIND_WORDS[side.kind]}"
                    self.fail("X015", message, node)
            return _BOOL
        if node.op in ARITHMETIC:
            for side in (left, right):
                if side is not None and side.kind != "number":
                    message = f"'{node.op}' needs numbers, not {_KIND_WORDS[side.kind]}"
                    self.fail("X014", message, node)
            return _NUMBER
        if left is not None and right is not None:
            self.comparison(node, left, right)
        return _BOOL

    def comparison(self, node: Binary, left: RefType, right: RefType) -> None:
        if left.kind != right.kind:
            words = _KIND_WORDS[left.kind], _KIND_WORDS[right.kind]
            self.fail("X011", f"cannot compare {words[0]} with {words[1]}", node)
        elif node.op not in ("=", "!=") and left.kind not in ("number", "date"):
            message = f"'{node.op}' compares numbers or dates, not {_KIND_WORDS[left.kind]}"
            self.fail("X011", message, node)
        else:
            self.option_literal(node.left, node.right)
            self.option_literal(node.right, node.left)

    def option_literal(self, ref: Node, literal: Node) -> None:
        if not isinstance(ref, Ref) or not isinstance(literal, Literal):
            return
        options = self.refs[ref.id].options
        if options is not None and literal.value not in options:
            self.not_an_option(ref, literal, options)

    def not_an_option(self, ref: Ref, literal: Literal, options: frozenset[str]) -> None:
        hint = did_you_mean(str(literal.value), options, "'{}'")
        valid = ", ".join(sorted(options))
        message = f"{unparse(literal)} is not an option of ${{{ref.id}}}{hint} (options: {valid})"
        self.fail("X012", message, literal)

    def call(self, node: Call) -> RefType | None:
        arity, usage = _USAGE[node.name]
        if len(node.args) != arity or not isinstance(node.args[0], Ref):
            self.fail("X009", f"wrong arguments to {node.name}(): write {usage}", node)
            return _NUMBER if node.name == "count_selected" else _BOOL
        found = self.ref(node.args[0])
        if node.name == "answered":
            return _BOOL
        if node.name == "count_selected":
            if found is not None and found.kind != "set":
                self.fail("X009", "count_selected() needs a multiple choice question", node)
            return _NUMBER
        self.selected(node, found)
        return _BOOL

    def selected(self, node: Call, found: RefType | None) -> None:
        ref, option = t.cast(Ref, node.args[0]), node.args[1]
        if not isinstance(option, Literal) or not isinstance(option.value, str):
            self.fail(
                "X009", "selected() needs an option id in quotes as its second argument", node
            )
        elif found is not None and found.options is None:
            message = (
                f"selected() needs a choice question; ${{{ref.id}}} gives {_KIND_WORDS[found.kind]}"
            )
            self.fail("X009", message, node)
        elif found is not None and option.value not in t.cast(frozenset[str], found.options):
            self.not_an_option(ref, option, t.cast(frozenset[str], found.options))


def _literal_type(value: object) -> RefType:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, float):
        return _NUMBER
    return _TEXT if isinstance(value, str) else _DATE


# ---------------------------------------------------------------- evaluation

_COMPARE: dict[str, Callable[[t.Any, t.Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITHMETIC: dict[str, Callable[[t.Any, t.Any], t.Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def evaluate(tree: Node, values: Mapping[str, object]) -> bool:
    """Whether a type-checked condition holds; unknown (an unanswered reference) counts as false."""
    return _value(tree, values) is True


def _value(node: Node, values: Mapping[str, object]) -> object:
    # None is "unknown": it spreads through arithmetic and comparisons, and `and`/`or` follow
    # Kleene's three-valued logic, so `unknown or true` is still true.
    if isinstance(node, Ref):
        return values.get(node.id)
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Unary):
        operand = _value(node.operand, values)
        if operand is None:
            return None
        return not operand if node.op == "not" else -t.cast(float, operand)
    if isinstance(node, Binary):
        return _binary_value(node, values)
    return _call_value(node, values)


def _binary_value(node: Binary, values: Mapping[str, object]) -> object:
    if node.op in ("and", "or"):
        decisive = node.op == "or"  # the value that settles it whatever the other side is
        left = _value(node.left, values)
        if left is decisive:
            return decisive
        right = _value(node.right, values)
        if right is decisive:
            return decisive
        return None if left is None or right is None else not decisive
    left, right = _value(node.left, values), _value(node.right, values)
    if left is None or right is None:
        return None
    if node.op in _COMPARE:
        return _COMPARE[node.op](left, right)
    if node.op == "/":
        return None if right == 0 else t.cast(float, left) / t.cast(float, right)
    return _ARITHMETIC[node.op](left, right)


def _call_value(node: Call, values: Mapping[str, object]) -> object:
    value = values.get(t.cast(Ref, node.args[0]).id)
    if node.name == "answered":
        return value is not None
    if value is None:
        return None
    if node.name == "count_selected":
        return float(len(t.cast(frozenset[str], value)))
    option = t.cast(Literal, node.args[1]).value
    return option in value if isinstance(value, frozenset) else value == option
