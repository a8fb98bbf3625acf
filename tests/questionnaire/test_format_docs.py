"""questionnaires/README.md documents every registry entry, and its node examples are valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.questionnaire import schema as sc
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.expressions import FUNCTIONS, OPERATORS
from assess.questionnaire.loader import check_file
from assess.questionnaire.problems import CATALOGUE
from assess.questionnaire.yamlsafe import load_yaml

README = Path(__file__).resolve().parents[2] / "questionnaires" / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = [
    (TEXT[: m.start()].count("\n") + 2, m.group(1))
    for m in re.finditer(r"```yaml\n(.*?)```", TEXT, re.S)
]
# A questionnaire around an example node, declaring what the examples name.
WRAPPER = """\
assess: 1
id: example
version: "1.0"
default_language: en
partial_languages: [fr, ar, ru]
title: Example
scales:
  capability:
    kind: level
    levels: [{value: 1, label: A}, {value: 2, label: B}, {value: 3, label: C},
             {value: 4, label: D}, {value: 5, label: E}]
  frequency:
    kind: choice
    options: [{id: never, label: Never, score: 0}]
bands:
  five: [{id: all, label: All, min: 0, max: 100}]
children:
  - id: example-group
    title: Example
    children:
"""


def is_node(data: object) -> bool:
    return isinstance(data, dict) and "id" in data and ("type" in data or "children" in data)


def node_examples() -> list[tuple[int, str]]:
    """The examples that are whole nodes: a list of nodes, or `children:` of nodes."""
    found = []
    for line, block in BLOCKS:
        data = load_yaml(block.encode("utf-8"), f"README.md:{line}")
        nodes = data.get("children") if isinstance(data, dict) else data
        if isinstance(nodes, list) and nodes and all(is_node(n) for n in nodes):
            body = block.split("children:\n", 1)[1] if isinstance(data, dict) else block
            found.append((line, body))
    return found


@pytest.mark.parametrize("name", list(reg.QUESTION_TYPES))
def test_every_answer_type_has_a_section(name: str) -> None:
    assert f"### `{name}`" in TEXT


@pytest.mark.parametrize("name", list(reg.AGGREGATIONS))
def test_every_aggregation_method_has_a_section(name: str) -> None:
    assert f"### `{name}`" in TEXT


@pytest.mark.parametrize("symbol", list(OPERATORS))
def test_every_operator_has_a_row(symbol: str) -> None:
    assert f"| `{symbol}` |" in TEXT


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_every_function_has_a_row(name: str) -> None:
    assert f"| `{name}(" in TEXT


@pytest.mark.parametrize("name", [*reg.THEMES, *reg.INSTRUMENTS])
def test_every_theme_and_instrument_is_listed(name: str) -> None:
    assert f"`{name}`" in TEXT


@pytest.mark.parametrize("name", list(reg.ACTION_TYPES))
def test_every_action_type_is_listed(name: str) -> None:
    listed = re.search(r"type: legal +#(.*?)\n *lead:", TEXT, re.S)
    assert listed and re.search(rf"\b{name}\b", listed.group(1))


def test_every_answer_type_has_a_node_example() -> None:
    types = set()
    for _, body in node_examples():
        types.update(re.findall(r"type: (\w+)", body))
    assert set(reg.QUESTION_TYPES) <= types


@pytest.mark.parametrize(("line", "body"), node_examples(), ids=lambda v: str(v)[:4])
def test_node_example_is_structurally_valid(tmp_path: Path, line: int, body: str) -> None:
    indented = "".join(" " * 6 + row + "\n" for row in body.strip("\n").split("\n"))
    path = tmp_path / "example.yaml"
    path.write_text(WRAPPER + indented, encoding="utf-8")
    _, problems = check_file(path)
    structural = [p.format() for p in problems if p.code[0] in "YS"]
    assert structural == [], f"README.md example at line {line}"


MIGRATION_OBJECTS = ("migration", "mapped", "split", "split_part", "merged")
MIGRATIONS = TEXT[TEXT.index("## Migrations") : TEXT.index("## Problems")]


@pytest.mark.parametrize(
    "key", sorted({key for name in MIGRATION_OBJECTS for key in sc.OBJECTS[name].fields})
)
def test_every_migration_key_is_in_the_example(key: str) -> None:
    example = re.search(r"```yaml\n(.*?)```", MIGRATIONS, re.S)
    assert example and re.search(rf"[\s{{]{key}:", example.group(1))


@pytest.mark.parametrize("code", [c for c in CATALOGUE if c.startswith("M")])
def test_every_migration_problem_has_a_row(code: str) -> None:
    assert f"| `{code}` |" in MIGRATIONS


def test_the_migration_example_is_structurally_valid(tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(.*?)```", MIGRATIONS, re.S)
    assert example
    path = tmp_path / "example.yaml"
    node = "      - {id: q, type: text, text: Q}\n"
    path.write_text(example.group(1) + WRAPPER + node, encoding="utf-8")
    _, problems = check_file(path)
    assert [p.format() for p in problems if p.code[0] in "YS"] == []


COSTING_OBJECTS = ("costing", "cost_category", "cost_subcategory", "unit_cost", "line_item")
COSTING = TEXT[TEXT.index("## Costing") : TEXT.index("## The risk register")]


@pytest.mark.parametrize(
    "key", sorted({key for name in COSTING_OBJECTS for key in sc.OBJECTS[name].fields})
)
def test_every_costing_key_is_in_an_example(key: str) -> None:
    examples = "".join(re.findall(r"```yaml\n(.*?)```", COSTING, re.S))
    assert re.search(rf"[\s{{]{key}:", examples)


@pytest.mark.parametrize("code", [c for c in CATALOGUE if c.startswith("C")])
def test_every_costing_problem_has_a_row(code: str) -> None:
    assert f"| `{code}` |" in COSTING


@pytest.mark.parametrize(
    "key", sorted({*sc.OBJECTS["scoring"].fields, *sc.GROUP_FIELDS} - {"children", "id"})
)
def test_every_scoring_and_group_key_is_documented(key: str) -> None:
    assert re.search(rf"^\s+{key}:", TEXT, re.M), f"`{key}:` is in no example of the README"


TEXTS = TEXT[TEXT.index("## Texts and languages") : TEXT.index("## Scales")]


@pytest.mark.parametrize("code", [c for c in CATALOGUE if c.startswith(("T2", "L"))])
def test_every_translation_problem_is_documented(code: str) -> None:
    assert f"| `{code}` |" in TEXTS or f"(`{code}`" in TEXTS


PROBLEMS = TEXT[TEXT.index("## Problems") :]
# The refusals of what cannot score (assess.questionnaire.numbers and ranges).
SCORING_REFUSALS = [c for c in CATALOGUE if c == "Y017" or "V110" <= c <= "V199"]


@pytest.mark.parametrize("code", SCORING_REFUSALS)
def test_every_scoring_refusal_has_a_row(code: str) -> None:
    assert f"| `{code}` |" in PROBLEMS
