"""Every refusal a service raises is words to translate: its message is a `refusal_text(...)` with
a literal template (so `pybabel extract` finds it), never a plain or formatted string. Walks the
source of assess/services."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import assess.services
from assess.services.errors import ServiceError
from assess.words.texts import Text, either, refusal_text

SERVICES = Path(assess.services.__file__).resolve().parent
MARKER = "refusal_text"


def refusal_classes() -> set[str]:
    """The names of the refusals whose first argument is their message (all but MissingAnswers,
    which words itself)."""
    for module in pkgutil.iter_modules([str(SERVICES)]):
        importlib.import_module(f"assess.services.{module.name}")
    found, todo = set(), [ServiceError]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__init__ is ServiceError.__init__:
            found.add(cls.__name__)
    return found


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _is_plain_text(node: ast.expr) -> bool:
    """A string as it is, an f-string, or one built with .format, % or +."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    return False


def untranslatable(source: str, refusals: set[str]) -> list[str]:
    """Where `source` raises a refusal with plain text, or marks a template that is no literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in refusals and node.args and _is_plain_text(node.args[0]):
            found.append(f"line {node.lineno}: {name} with plain text")
        if name == MARKER:
            template = node.args[0] if node.args else None
            if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
                found.append(f"line {node.lineno}: {MARKER} without a literal template")
    return found


def test_the_services_have_refusals_to_check() -> None:
    assert {"Locked", "InvalidInput", "RateLimited", "FileRefused", "FileTooLarge"} <= (
        refusal_classes()
    )


@pytest.mark.parametrize("path", sorted(SERVICES.rglob("*.py")), ids=lambda p: p.name)
def test_every_refusal_of_the_services_is_marked_for_translation(path: Path) -> None:
    assert untranslatable(path.read_text(encoding="utf-8"), refusal_classes()) == []


@pytest.mark.parametrize(
    "source",
    [
        'raise Locked("The assessment is locked.")',
        'raise Locked(f"{name} is locked.")',
        'raise errors.Locked("{} is locked.".format(name))',
        'raise Locked("%s is locked." % name)',
        'raise Locked("Locked: " + name)',
        "problem = refusal_text(TEMPLATE)",
        'problem = refusal_text(f"{name} is empty.")',
    ],
)
def test_the_walker_sees_an_untranslatable_refusal(source: str) -> None:
    assert len(untranslatable(source, {"Locked"})) == 1


def test_the_walker_takes_a_marked_refusal() -> None:
    source = 'raise Locked(refusal_text("%(name)s is locked.", name=name))\nraise Locked(problem)'
    assert untranslatable(source, {"Locked"}) == []


def test_a_refusal_says_its_english_text_as_its_message() -> None:
    size = refusal_text("%(size)s KB", size=1.5)
    refusal = ServiceError(refusal_text("'%(file)s' is over %(limit)s.", file="a.pdf", limit=size))
    assert (refusal.message, str(refusal), refusal.text.params["limit"]) == (
        "'a.pdf' is over 1.5 KB.",
        "'a.pdf' is over 1.5 KB.",
        size,
    )


def test_a_plain_message_has_no_text_to_translate() -> None:
    assert ServiceError("Déjà traduit.").text is None


@pytest.mark.parametrize(
    ("words", "said"), [(["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a or b or c")]
)
def test_either_says_the_alternatives(words: list[str], said: str) -> None:
    assert str(either([Text(word) for word in words])) == said
