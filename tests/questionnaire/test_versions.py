"""Versions side by side: the registry, file places, ids across versions, shipped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.questionnaire.history import earlier_versions
from assess.questionnaire.loader import check_file, check_paths
from assess.questionnaire.problems import DefinitionError
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.words.catalogue import COMPLETE_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questionnaires"


def definition(qid: str, version: str, questions: str) -> str:
    return f"""\
assess: 1
id: {qid}
version: "{version}"
default_language: en
title: Demo {version}
children:
  - id: area
    title: Area
    children:
{questions}"""


YES = "      - {id: q1, type: yes_partial_no, text: Q}\n"
TEXT = "      - {id: q1, type: text, text: Q}\n"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A questionnaires folder: demo 1.2, 1.9 and 1.10 (all valid), and a broken one."""
    for version in ("1.2", "1.9", "1.10"):
        path = tmp_path / "demo" / f"{version}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(definition("demo", version, YES), encoding="utf-8")
    broken = tmp_path / "broken" / "1.0.yaml"
    broken.parent.mkdir()
    broken.write_text(definition("broken", "1.0", "      - {id: q1, type: nope, text: Q}\n"))
    (tmp_path / "empty-folder").mkdir()
    return tmp_path


def test_registry_lists_ids_with_versions(store: Path) -> None:
    assert QuestionnaireRegistry(store).ids() == ["broken", "demo"]


def test_versions_sort_by_number(store: Path) -> None:
    assert QuestionnaireRegistry(store).versions("demo") == ["1.2", "1.9", "1.10"]


def test_latest_is_the_highest_version(store: Path) -> None:
    assert QuestionnaireRegistry(store).latest("demo").version == "1.10"


def test_loaded_models_are_cached(store: Path) -> None:
    registry = QuestionnaireRegistry(store)
    assert registry.get("demo", "1.9") is registry.get("demo", "1.9")


@pytest.mark.parametrize(("qid", "version"), [("demo", "3.0"), ("absent", "1.0")])
def test_unknown_version_is_a_key_error(store: Path, qid: str, version: str) -> None:
    with pytest.raises(KeyError):
        QuestionnaireRegistry(store).get(qid, version)


def test_broken_version_raises_its_problems(store: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        QuestionnaireRegistry(store).get("broken", "1.0")
    assert [p.code for p in caught.value.problems] == ["S104"]


def test_earlier_versions_are_those_below_in_number_order(store: Path) -> None:
    found = earlier_versions(store / "demo" / "1.10.yaml")
    assert [p.name for p in found] == ["1.2.yaml", "1.9.yaml"]


def test_an_id_kept_for_the_same_thing_is_fine(store: Path) -> None:
    _, problems = check_file(store / "demo" / "1.10.yaml", root=store)
    assert problems == ()


def test_an_id_reused_for_another_answer_type_names_the_version(store: Path) -> None:
    (store / "demo" / "2.0.yaml").write_text(definition("demo", "2.0", TEXT), encoding="utf-8")
    _, problems = check_file(store / "demo" / "2.0.yaml", root=store)
    assert [(p.code, p.line, p.message) for p in problems] == [
        (
            "H101",
            10,
            "id 'q1' was a yes_partial_no question in version 1.10; now it is a text question: "
            "give it a new id",
        )
    ]


def test_a_broken_earlier_version_is_a_warning(store: Path) -> None:
    later = store / "broken" / "1.1.yaml"
    later.write_text(definition("broken", "1.1", YES), encoding="utf-8")
    model, problems = check_file(later, root=store)
    assert model is not None
    assert [(p.code, p.severity) for p in problems] == [("H102", "warning")]


def test_without_a_root_the_place_is_not_checked(store: Path) -> None:
    moved = store / "demo" / "9.9.yaml"
    (store / "demo" / "1.2.yaml").rename(moved)
    assert check_file(moved)[1] == ()
    assert [p.code for p in check_file(moved, root=store)[1]] == ["F102"]


def test_every_shipped_questionnaire_loads_without_errors() -> None:
    problems = check_paths([SHIPPED], root=SHIPPED)
    assert [p.format() for p in problems if p.severity == "error"] == []


def test_the_newest_cbrn_needs_is_complete_in_every_language_the_interface_is() -> None:
    """Issue #13: the newest version declares complete every language the interface offers as
    complete; the validator then refuses any of its texts missing in one (the test above)."""
    newest = QuestionnaireRegistry(SHIPPED).latest("cbrn-needs")
    expected = {newest.default_language, *COMPLETE_LANGUAGES}
    assert (set(newest.languages), newest.partial_languages) == (expected, ())
    assert {"en", "fr", "ar", "ru", "pt"} <= expected
