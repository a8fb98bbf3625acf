"""The pure core never imports the web stack; services neither; forms never touch the database;
reports never the request. Walks every module's imports (also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assess"
WEB_STACK = ("flask", "flask_wtf", "flask_login", "flask_babel", "wtforms", "werkzeug")
DATABASE = ("sqlalchemy", "alembic", "psycopg")
RULES = {
    "questionnaire": (
        *WEB_STACK,
        *DATABASE,
        "weasyprint",
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        "assess.reports",
        "assess.scoring",
        "assess.plans",
    ),
    "scoring": (
        *WEB_STACK,
        *DATABASE,
        "weasyprint",
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        "assess.reports",
        "assess.plans",
    ),
    "plans": (
        *WEB_STACK,
        *DATABASE,
        "weasyprint",
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        "assess.reports",
    ),
    # What a person reads: used by every layer, so it may import none of them but the model.
    "words": (
        *WEB_STACK,
        *DATABASE,
        "weasyprint",
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        "assess.reports",
        "assess.scoring",
        "assess.plans",
    ),
    "forms": (*DATABASE, "assess.models", "assess.services", "assess.web"),
    # Services are used by the commands too: their refusals are translated by the web layer.
    "services": (*WEB_STACK, "assess.web"),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def forbidden_in(package: str, banned: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_imports_only_what_its_layer_allows(package: str) -> None:
    assert forbidden_in(package, RULES[package]) == []


def test_reports_never_read_the_flask_request() -> None:
    offenders = []
    for path in sorted((PACKAGE / "reports").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "flask"
                and any(a.name in ("request", "session", "g") for a in node.names)
            ):
                offenders.append(str(path))
    assert offenders == []


def test_the_layer_walker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from flask import request\n", encoding="utf-8")
    assert "flask" in imported_modules(module)
