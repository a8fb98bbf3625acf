"""Every audit action the application can write is worded where people read it: an action on an
assessment has a label in its history (review/_status.html `action_label`), any other a sentence
in the events log of people and places (assess.words.people). The actions are read from the code
that writes them, so the next one cannot be forgotten."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from assess.services import audit
from assess.words.people import worded_events

PACKAGE = Path(audit.__file__).resolve().parents[1]
WRITERS = {"record", "append", "append_many"}  # assess.services.audit's writing functions


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


class _Writes(ast.NodeVisitor):
    """Every (action, on an assessment?, where) of one module's calls to the audit writers."""

    def __init__(self, path: Path, tree: ast.Module) -> None:
        self.path, self.tree = path, tree
        self.module = importlib.import_module(_module_name(path))
        self.function: ast.FunctionDef | None = None
        self.found: list[tuple[str, bool, str]] = []
        self.unresolved: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.function = self.function, node
        self.generic_visit(node)
        self.function = outer

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        named = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
        if not (named and func.value.id == "audit" and func.attr in WRITERS):
            return
        where = f"{self.path.relative_to(PACKAGE.parent)}:{node.lineno}"
        on_assessment = len(node.args) > 3 or any(k.arg == "assessment" for k in node.keywords)
        actions = self.resolve(node.args[2])
        if not actions:
            self.unresolved.append(where)
        self.found += [(action, on_assessment, where) for action in actions]

    def resolve(self, arg: ast.expr) -> set[str]:
        """The strings an action argument can hold."""
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return {arg.value}
        if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
            value = getattr(importlib.import_module("assess.services.audit"), arg.attr, None)
            return {value} if arg.value.id == "audit" and isinstance(value, str) else set()
        if not isinstance(arg, ast.Name):
            return set()
        if isinstance(getattr(self.module, arg.id, None), str):
            return {getattr(self.module, arg.id)}
        if self.function is None:
            return set()
        assigned = set()
        for node in ast.walk(self.function):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == arg.id for t in node.targets
            ):
                assigned |= _strings(node.value)
        params = [a.arg for a in self.function.args.args]
        if arg.id in params:
            assigned |= self.passed(self.function.name, params.index(arg.id))
        return assigned

    def passed(self, function: str, index: int) -> set[str]:
        """The strings given at position `index` to calls of `function` in this module."""
        given = set()
        for node in ast.walk(self.tree):
            calls = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            if calls and node.func.id == function and len(node.args) > index:
                given |= _strings(node.args[index])
        return given


def written_actions() -> tuple[list[tuple[str, bool, str]], list[str]]:
    found, unresolved = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(n, ast.Name) and n.id == "audit" for n in ast.walk(tree)):
            continue
        writes = _Writes(path, tree)
        writes.visit(tree)
        found += writes.found
        unresolved += writes.unresolved
    return found, unresolved


WRITTEN, UNRESOLVED = written_actions()
ON_ASSESSMENTS = sorted({action for action, on, _ in WRITTEN if on})
ELSEWHERE = sorted({action for action, on, _ in WRITTEN if not on})


def test_every_audit_write_names_its_action_where_it_can_be_read():
    # A write whose action this test cannot read would escape it: name the action plainly.
    assert UNRESOLVED == []
    # The reading finds what is known to be written, parameters and conditions included.
    assert {"answer", "plan-generate", "confirm"} <= set(ON_ASSESSMENTS)
    assert {"ministry-created", "user-reactivated", "draft-uploaded"} <= set(ELSEWHERE)


@pytest.mark.parametrize("action", ON_ASSESSMENTS)
def test_every_action_on_an_assessment_has_a_label_in_its_history(app, action):
    with app.test_request_context():
        label = app.jinja_env.get_template("review/_status.html").module.action_label(action)
    assert str(label).strip() not in ("", action)


@pytest.mark.parametrize("action", ELSEWHERE)
def test_every_other_action_has_a_sentence_in_the_events_log(action):
    assert action in worded_events()
