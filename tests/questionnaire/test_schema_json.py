"""questionnaires/schema.json: generated from the loader's declarations, committed, and agreeing
with the loader on valid and invalid files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assess.questionnaire import schema as sc
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.json_schema import build_schema, schema_text
from assess.questionnaire.yamlsafe import load_yaml_file

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "questionnaires" / "schema.json"
DATA = ROOT / "tests" / "data"
ACCEPTED = sorted(
    [
        *(DATA / "questionnaires" / "valid").glob("*.yaml"),
        *(DATA / "published").glob("*.yaml"),
        *(DATA / "costing").glob("*/*.yaml"),
        *(ROOT / "questionnaires").glob("*/*.yaml"),
    ]
)
REFUSED = [
    "misspelt_key.yaml",
    "misspelt_nested_key.yaml",
    "wrong_type_weight.yaml",
    "float_version.yaml",
    "unknown_answer_type.yaml",
    "bad_weight.yaml",
    "key_not_for_type.yaml",
    "bad_group_kind.yaml",
    "empty_options.yaml",
    "missing_required.yaml",
    "text_of_wrong_type.yaml",
    "unknown_aggregation.yaml",
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def as_json(path: Path) -> object:
    """The file's data as an editor's YAML extension sees it: JSON types, text keys."""
    return json.loads(json.dumps(load_yaml_file(path)))


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "run: assess schema -o " + str(
        COMMITTED.relative_to(ROOT)
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(build_schema())


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.name)
def test_schema_accepts_every_valid_definition(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(as_json(path))]
    assert errors == []


@pytest.mark.parametrize("name", REFUSED)
def test_schema_refuses_structurally_broken_files(
    validator: jsonschema.Draft202012Validator, name: str
) -> None:
    data = as_json(DATA / "questionnaires" / "invalid" / name)
    assert not validator.is_valid(data)


def test_every_answer_type_has_its_own_closed_definition() -> None:
    defs = build_schema()["$defs"]
    level = defs["question_level"]
    assert level["additionalProperties"] is False
    assert "options" not in level["properties"]
    assert "options" in defs["question_single_choice"]["properties"]


def test_every_key_an_answer_type_takes_is_declared() -> None:
    for name, keys in reg.QUESTION_TYPES.items():
        assert set(keys) <= set(sc.question_fields(name)), name


def test_every_aggregation_parameter_is_declared() -> None:
    declared = set(sc.OBJECTS["aggregation"].fields)
    assert {p for params in reg.AGGREGATIONS.values() for p in params} <= declared


def test_every_declared_key_is_described() -> None:
    objects = [*sc.OBJECTS.values(), sc.Obj("group", sc.GROUP_FIELDS)]
    undescribed = [
        f"{obj.title}.{key}"
        for obj in objects
        for key, declared in obj.fields.items()
        if not declared.description.strip()
    ]
    assert undescribed == []
