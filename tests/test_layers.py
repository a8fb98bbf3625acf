"""The pure core never imports the web stack; services neither; forms never touch the database;
reports and jobs never the services or the request; packages import one another in one
direction. Walks every module's imports (also those inside functions)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assess"
WEB_STACK = ("flask", "flask_wtf", "flask_login", "flask_babel", "wtforms", "werkzeug")
DATABASE = ("sqlalchemy", "alembic", "psycopg")
# Start-up and the environment: the pure core and the reports are handed what they need.
EDGE_MODULES = ("assess.config", "assess.extensions", "assess.jobs")
# The edges speak HTTP and the terminal; they may import every layer below them.
EDGES = ("web", "commands")
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
        *EDGE_MODULES,
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
        *EDGE_MODULES,
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
        *EDGE_MODULES,
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
        "assess.jobs",
        "assess.scoring",
        "assess.plans",
        *EDGE_MODULES,
    ),
    "forms": (*DATABASE, "assess.models", "assess.services", "assess.web"),
    # Reports turn a plan into HTML and PDF: the CLI, the pages and the worker call them, never
    # the other way round.
    "reports": (
        *WEB_STACK,
        *DATABASE,
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        *EDGE_MODULES,
    ),
    # Jobs run a task named by the services; they know no report, plan or answer.
    "jobs": (
        *WEB_STACK,
        *DATABASE,
        "weasyprint",
        "assess.web",
        "assess.models",
        "assess.services",
        "assess.forms",
        "assess.reports",
        "assess.plans",
        "assess.scoring",
        "assess.questionnaire",
    ),
    # Services are used by the commands too: their refusals are translated by the web layer.
    "services": (*WEB_STACK, "assess.web"),
    # Exports read through the services; the pages, the API and the bench stream them.
    "exports": (*WEB_STACK, "assess.web", "assess.jobs"),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def forbidden_in(package: str, banned: tuple[str, ...], root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                found.append(f"{path.relative_to(root.parent)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_imports_only_what_its_layer_allows(package: str) -> None:
    assert forbidden_in(package, RULES[package]) == []


def test_every_package_has_a_layer_rule() -> None:
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages - set(EDGES) == set(RULES)


def test_a_report_importing_a_service_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "assess"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "x.py").write_text("from assess.services import plans\n")
    assert forbidden_in("reports", RULES["reports"], root=root) == [
        "assess/reports/x.py imports assess.services"
    ]


def package_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Which top-level packages and modules of `root` each one imports."""
    units = {path.stem if path.is_file() else path.name for path in root.iterdir()}
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts == ("__init__",):
            continue  # the package's own face (create_app) imports the web edge
        source = graph.setdefault(parts[0], set())
        for name in imported_modules(path):
            target = name.split(".")[1] if name.startswith(root.name + ".") else None
            if target in units and target != parts[0]:
                source.add(target)
    return graph


def test_packages_import_one_another_in_one_direction() -> None:
    try:
        order = list(TopologicalSorter(package_graph()).static_order())
    except CycleError as cycle:
        pytest.fail(f"import cycle between packages: {' -> '.join(cycle.args[1])}")
    assert order.index("questionnaire") < order.index("services") < order.index("web")


def test_a_cycle_between_packages_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "assess"
    for package, imports in (("reports", "assess.services"), ("services", "assess.reports")):
        (root / package).mkdir(parents=True)
        (root / package / "m.py").write_text(f"import {imports}\n")
    with pytest.raises(CycleError):
        list(TopologicalSorter(package_graph(root)).static_order())


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


def test_the_tests_mirror_the_packages() -> None:
    tests = PACKAGE.parent / "tests"
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert {name for name in packages if not (tests / name / "__init__.py").is_file()} == set()
