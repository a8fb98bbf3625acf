"""Across versions: rounds carried onto the target version, compared where the migration says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.plans import RegionCoverage, build_regional_plan
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import rollup, score_assessment
from assess.scoring.versions import NotComparable, named, newest, not_comparable, onto

HEAD = """\
assess: 1
id: demo
version: "{version}"
default_language: en
title: Demo
scales:
  capability:
    kind: level
    levels: [{{value: 1, label: A}}, {{value: 2, label: B}}, {{value: 3, label: C}},
             {{value: 4, label: D}}, {{value: 5, label: E}}]
"""
OLD = """\
children:
  - id: area
    title: Area
    children:
      - {id: same, type: level, scale: capability, text: Same}
      - {id: old_name, type: level, scale: capability, text: Renamed}
      - {id: plan, type: yes_partial_no, text: Plan}
      - {id: both, type: level, scale: capability, text: Both}
      - {id: again, type: level, scale: capability, text: Again}
      - {id: gone, type: level, scale: capability, text: Gone}
"""
NEW = """\
migration:
  from: "1.0"
  renamed: {old_name: new_name}
  dropped: [gone]
  afresh: [again]
  mapped:
    - {from: plan, to: plan, values: {"yes": 5, partial: 3, "no": 1}}
  split:
    - from: both
      into: [{to: both_a}, {to: both_b}]
children:
  - id: area
    title: Area
    children:
      - {id: same, type: level, scale: capability, text: Same reworded}
      - {id: new_name, type: level, scale: capability, text: Renamed}
      - {id: plan, type: level, scale: capability, text: Plan}
      - {id: both_a, type: level, scale: capability, text: Both A}
      - {id: both_b, type: level, scale: capability, text: Both B}
      - {id: again, type: level, scale: capability, text: Again}
      - {id: fresh, type: level, scale: capability, text: New}
"""
SIMPLE = """\
children:
  - id: area
    title: Area
    children: [{id: same, type: level, scale: capability, text: Same}]
"""


def write(folder: Path, version: str, body: str) -> Questionnaire:
    path = folder / "demo" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD.format(version=version) + body, encoding="utf-8")
    return load_questionnaire(path)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Questionnaire, Questionnaire]:
    folder = tmp_path_factory.mktemp("versions")
    return write(folder, "1.0", OLD), write(folder, "1.1", NEW)


def given(**values: object) -> dict[str, Answer]:
    return {qid: Answer(qid, "answered", value) for qid, value in values.items()}


# X answered 1.0; Y and Z answered 1.1. Levels 1..5 score 20, 40, 60, 80, 100.
X = given(same=1, old_name=1, plan="partial", both=4, again=5, gone=2)
Y = given(same=3, new_name=1, plan=2, both_a=2, both_b=2, again=1, fresh=5)
Z = given(same=5, new_name=4, plan=1, both_a=3, both_b=3, again=1, fresh=1)


def combined(versions: tuple[Questionnaire, Questionnaire]):  # type: ignore[no-untyped-def]
    old, new = versions
    x = onto(old, new, X, {"plan": "Drafted in 2025"})
    scores = {"X": x.score, "Y": score_assessment(new, Y), "Z": score_assessment(new, Z)}
    return x, scores


def test_the_newest_version_is_the_target() -> None:
    assert newest(["1.9", "1.10", "1.2"]) == "1.10"


def test_kept_renamed_and_mapped_compare_the_rest_is_named_with_why(versions) -> None:
    assert not_comparable(*versions) == {
        "both_a": "split",
        "both_b": "split",
        "again": "afresh",
        "fresh": "new",
    }


def test_a_round_on_its_own_version_is_comparable_everywhere(versions) -> None:
    new = versions[1]
    assert not_comparable(new, new) == {}
    assert onto(new, new, Y, {}).score == score_assessment(new, Y)


def test_a_round_is_carried_through_the_migration_and_scored_under_the_target(versions) -> None:
    x, _ = combined(versions)
    values = {qid: a.value for qid, a in x.answers.items()}
    assert values == {"same": 1, "new_name": 1, "plan": 3, "both_a": 4, "both_b": 4}
    assert (x.version, x.score.version, dict(x.comments)) == (
        "1.0",
        "1.1",
        {"plan": "Drafted in 2025"},
    )
    assert [(n.question_id, n.reason) for n in x.not_carried] == [
        ("again", "afresh"),
        ("gone", "dropped"),
    ]


def test_a_combined_rollup_leaves_out_only_what_does_not_compare(versions) -> None:
    x, scores = combined(versions)
    excluded = {"X": set(x.not_comparable)}
    nodes = rollup(versions[1], scores, excluded).nodes
    # same: 20, 60, 100; new_name: 20, 20, 80; plan (X's partial -> 3): 60, 40, 20;
    # both_a: 40, 60 (X's split answer, 4, is not combined); fresh: 100, 20 (new in 1.1).
    figures = {
        q: (nodes[q].count, nodes[q].mean, nodes[q].median, nodes[q].min, nodes[q].max)
        for q in ("same", "new_name", "plan", "both_a", "fresh")
    }
    assert figures == {
        "same": (3, 60.0, 60.0, 20.0, 100.0),
        "new_name": (3, 40.0, 20.0, 20.0, 80.0),
        "plan": (3, 40.0, 40.0, 20.0, 60.0),
        "both_a": (2, 50.0, 50.0, 40.0, 60.0),
        "fresh": (2, 60.0, 60.0, 20.0, 100.0),
    }
    assert nodes["both_a"].coverage == "2 of 3 countries"


def test_the_regional_plan_names_each_country_indicator_that_does_not_compare(versions) -> None:
    x, scores = combined(versions)
    coverage = RegionCoverage(("X", "Y", "Z"), ("W",), ("V",))
    plan = build_regional_plan(
        versions[1], scores, lang="en", coverage=coverage, not_comparable=named("X", x, "1.1")
    )
    assert plan.countries == ("X", "Y", "Z")
    assert plan.not_comparable == (
        NotComparable("X", "both_a", "split", "1.0", "1.1"),
        NotComparable("X", "both_b", "split", "1.0", "1.1"),
        NotComparable("X", "again", "afresh", "1.0", "1.1"),
        NotComparable("X", "fresh", "new", "1.0", "1.1"),
    )
    assert (plan.coverage, plan.coverage.total) == (coverage, 5)


def test_a_plan_without_coverage_covers_the_countries_given(versions) -> None:
    _, scores = combined(versions)
    plan = build_regional_plan(versions[1], scores, lang="en")
    assert plan.coverage == RegionCoverage(("X", "Y", "Z"))


def test_a_migration_from_another_version_cannot_be_compared(versions, tmp_path: Path) -> None:
    first = write(tmp_path, "1.0", SIMPLE)
    write(tmp_path, "1.1", 'migration: {from: "1.0"}\n' + SIMPLE)
    later = write(tmp_path, "1.2", 'migration: {from: "1.1"}\n' + SIMPLE)
    with pytest.raises(ValueError, match=r"declares a migration from 1\.1, not from 1\.0"):
        onto(first, later, given(same=2), {})
