"""`assess diff`: every change between two versions, checked against the files themselves."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.diff import diff_versions
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.questionnaire.yamlsafe import load_yaml

PUBLISHED = Path(__file__).resolve().parents[2] / "questionnaires"
# A file key -> the field `assess diff` reports it under, where the two differ.
REPORTED_AS = {
    "when": "condition",
    "aggregation": "scoring",
    "missing": "scoring",
    "round": "scoring",
    "bands": "scoring",
    "rank": "scoring",
}
NOT_NODE_FIELDS = ("id", "children")


def raw(version: str) -> Mapping[str, Any]:
    path = PUBLISHED / "cbrn-needs" / f"{version}.yaml"
    return load_yaml(path.read_bytes(), str(path))


def raw_nodes(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every node of a parsed file by id, walking `children` as plain data."""
    found: dict[str, Mapping[str, Any]] = {}
    stack = list(data["children"])
    while stack:
        node = stack.pop()
        found[node["id"]] = node
        stack.extend(node.get("children", ()))
    return found


def is_text(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values())
    )


def field_changes(a: Mapping[str, Any], b: Mapping[str, Any], node: str) -> Iterator[tuple]:
    """(node, field, language) for each key whose value differs, texts language by language."""
    for key in dict.fromkeys([*a, *b]):
        if key in NOT_NODE_FIELDS or a.get(key) == b.get(key):
            continue
        if key in ("title", "text", "help", "description") and is_text(a.get(key, {})):
            before, after = dict(a.get(key) or {}), dict(b.get(key) or {})
            for lang in dict.fromkeys([*before, *after]):
                if before.get(lang) != after.get(lang):
                    yield node, key, lang
        else:
            yield node, REPORTED_AS.get(key, key), None


def independent_diff(old: str, new: str) -> dict[str, Any]:
    """What differs between two shipped files, from their YAML data, not their models."""
    a, b = raw_nodes(raw(old)), raw_nodes(raw(new))
    changes = {c for node in a.keys() & b.keys() for c in field_changes(a[node], b[node], node)}
    top = {
        key
        for key in dict.fromkeys([*raw(old), *raw(new)])
        if key not in ("children", "version", "migration")
        and raw(old).get(key) != raw(new).get(key)
    }
    return {
        "added": sorted(b.keys() - a.keys()),
        "removed": sorted(a.keys() - b.keys()),
        "changes": changes,
        "top": top,
    }


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(PUBLISHED))


def run(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def test_diff_of_cbrn_needs_lists_every_change_between_the_files(published: None) -> None:
    result = run("cbrn-needs", "1.0", "1.1", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    expected = independent_diff("1.0", "1.1")
    assert sorted(shown["added"]) == expected["added"]
    assert sorted(shown["removed"]) == expected["removed"]
    assert {(c["node"], c["field"], c["language"]) for c in shown["changes"]} == expected["changes"]
    assert set(shown["questionnaire_changes"]) == expected["top"]
    assert (shown["renamed"], shown["retyped"], shown["rescaled"]) == ([], [], [])
    assert len(expected["changes"]) == 7  # the test itself sees the edits 1.1 made


def test_diff_says_what_the_migration_does_with_each_earlier_question(published: None) -> None:
    shown = json.loads(run("cbrn-needs", "1.0", "1.1", "--format", "json").stdout)
    old_questions = [
        q.id for q in load_questionnaire(PUBLISHED / "cbrn-needs" / "1.0.yaml").questions()
    ]
    fates = {m["question"]: (m["fate"], m["targets"]) for m in shown["migration"]}
    assert list(fates) == old_questions
    assert fates["plan_review_freq"] == ("dropped", [])
    assert all(fates[q] == ("kept", [q]) for q in old_questions if q != "plan_review_freq")
    assert shown["migration_declared"] is True


def test_diff_text_names_each_change_with_both_texts(published: None) -> None:
    result = run("cbrn-needs", "1.0", "1.1")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert lines[0] == "cbrn-needs 1.0 -> 1.1 (migration declared in 1.1)"
    assert "  first_coverage target: 3 -> 4" in lines
    assert "  aware_rumours (a level question in aware_riskcomm)" in lines
    assert "  plan_review_freq (a single_choice question in plan_national)" in lines
    assert "  plan_review_freq: dropped" in lines
    new_text = load_questionnaire(PUBLISHED / "cbrn-needs" / "1.1.yaml").node("surv_ebs").text
    assert f"    + {new_text.get('fr')}" in lines


# Every version shipped, oldest first, as the error names them.
SHIPPED = ", ".join(QuestionnaireRegistry(PUBLISHED).versions("cbrn-needs"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cbrn", "1.0", "1.1"), "no questionnaire 'cbrn' (known: cbrn-needs)"),
        (("cbrn-needs", "1.0", "9.3"), f"cbrn-needs has no version '9.3' (versions: {SHIPPED})"),
    ],
)
def test_unknown_id_or_version_is_a_clear_error_with_exit_2(
    published: None, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


SCALES = """\
scales:
  three: {kind: level, levels: [{value: 1, label: A}, {value: 2, label: B}, {value: 3, label: C}]}
  two: {kind: level, levels: [{value: 1, label: A}, {value: 2, label: B}]}
children:
  - id: g
    title: G
    children:
"""


def write(folder: Path, version: str, questions: list[str], migration: str = "") -> None:
    path = folder / "demo" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f'assess: 1\nid: demo\nversion: "{version}"\ndefault_language: en\ntitle: Demo\n'
    body = "".join(f"      - {{{q}}}\n" for q in questions)
    path.write_text(head + migration + SCALES + body, encoding="utf-8")


def test_renamed_retyped_and_rescaled_questions_are_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "1.0",
        [
            "id: a, type: level, scale: three, text: A",
            "id: b, type: yes_partial_no, text: B",
            "id: c, type: level, scale: three, text: C, when: '${a} > 1'",
        ],
    )
    migration = 'migration:\n  from: "1.0"\n  renamed: {a: a2}\n  mapped:\n'
    migration += "    - {from: b, to: b, values: {'yes': 3, partial: 2, 'no': 1}}\n"
    migration += "    - {from: c, to: c, values: {'1': 1, '2': 2, '3': 2}}\n"
    now = [
        "id: a2, type: level, scale: three, text: A, weight: 2",
        "id: b, type: level, scale: three, text: B",
        "id: c, type: level, scale: two, text: C, when: '${a2} > 1'",
    ]
    write(tmp_path, "1.1", now, migration)
    old = load_questionnaire(tmp_path / "demo" / "1.0.yaml")
    result = diff_versions(old, load_questionnaire(tmp_path / "demo" / "1.1.yaml"))
    assert result.renamed == (("a", "a2"),)
    assert result.retyped == (("b", "yes_partial_no", "level"),)
    assert result.rescaled == ("c",)
    assert (result.added, result.removed) == ((), ())
    assert [(c.node, c.field) for c in result.changes] == [
        ("a2", "weight"),
        ("b", "scale"),
        ("b", "options"),
        ("c", "condition"),
        ("c", "scale"),
    ]
    assert [(m.question, m.fate, m.targets) for m in result.migration] == [
        ("a", "renamed", ("a2",)),
        ("b", "mapped", ("b",)),
        ("c", "mapped", ("c",)),
    ]


def test_a_diff_without_a_migration_from_the_older_version_says_so(published: None) -> None:
    result = run("cbrn-needs", "1.1", "1.0", "--format", "json")
    shown = json.loads(result.stdout)
    assert (result.exit_code, shown["migration_declared"]) == (0, False)
    assert (shown["added"], shown["removed"]) == (
        ["plan_review_freq"],
        ["aware_rumours", "surv_wastewater"],
    )
