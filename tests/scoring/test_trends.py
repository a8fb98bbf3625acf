"""Trends across rounds: per area and indicator, each round's figures and the change between them,
compared only where the migration between versions says the answers compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import score_assessment
from assess.scoring.trends import (
    Point,
    ScoredRound,
    Trends,
    country_trends,
    region_trends,
)

HEAD = """\
assess: 1
id: trend
version: "{version}"
default_language: en
title: Trend
scales:
  capability:
    kind: level
    levels: [{{value: 1, label: A}}, {{value: 2, label: B}}, {{value: 3, label: C}},
             {{value: 4, label: D}}, {{value: 5, label: E}}]
"""
BODY = """\
children:
  - id: gov
    kind: area
    title: Governance
    children:
      - id: law
        kind: indicator
        title: Law
        target: 4
        children:
          - {{id: law_a, type: level, scale: capability, text: A}}
          - {{id: law_b, type: level, scale: capability, text: B}}
      - id: plan
        kind: indicator
        title: Plan
        children:
          - {{id: {plan_q}, type: level, scale: capability, text: P}}
  - id: resp
    kind: area
    title: Response
    children:
      - id: teams
        kind: indicator
        title: Teams
        children:
          - {{id: teams_a, type: level, scale: capability, text: T}}
{extra}"""
FRESH = "          - {id: teams_new, type: level, scale: capability, text: New}\n"
OLD = BODY.format(plan_q="plan_old", extra="")
NEW = 'migration:\n  from: "1.0"\n  renamed: {plan_old: plan_new}\n' + BODY.format(
    plan_q="plan_new", extra=FRESH
)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Questionnaire, Questionnaire]:
    folder = tmp_path_factory.mktemp("trend") / "trend"
    folder.mkdir()
    found = []
    for version, body in (("1.0", OLD), ("1.1", NEW)):
        path = folder / f"{version}.yaml"
        path.write_text(HEAD.format(version=version) + body, encoding="utf-8")
        found.append(load_questionnaire(path))
    return found[0], found[1]


def scored(label: str, q: Questionnaire, **levels: int) -> ScoredRound:
    answers = {qid: Answer(qid, "answered", v) for qid, v in levels.items()}
    return ScoredRound(label, q, answers, score_assessment(q, answers))


def node(trends: Trends, node_id: str):  # type: ignore[no-untyped-def]
    return next(n for a in trends.areas for n in (a.area, *a.indicators) if n.node_id == node_id)


def test_each_round_has_its_score_level_gap_and_completeness(versions) -> None:
    old, _ = versions
    trends = country_trends([scored("2025", old, law_a=2, law_b=4, teams_a=3)])
    # plan is unanswered: no score, nothing complete; its area scores with what it has.
    assert node(trends, "plan").points == (Point(None, None, None, 0.0),)
    assert node(trends, "gov").points[0].completeness == 2 / 3
    assert trends.rounds == ("2025",)
    # law: levels 2 and 4 score 40 and 80 (0-100 scale); mean level 3, target 4: gap 1.
    assert node(trends, "law").points == (Point(60.0, 3.0, 1.0, 1.0),)
    assert node(trends, "law").changes == (None,)


def test_rounds_under_one_version_improve_regress_or_stay(versions) -> None:
    old, _ = versions
    trends = country_trends(
        [
            scored("2025", old, law_a=2, law_b=2, plan_old=4, teams_a=3),
            scored("2026", old, law_a=3, law_b=2, plan_old=2, teams_a=3),
        ]
    )
    assert node(trends, "law").changes == (None, "improved")
    assert node(trends, "plan").changes == (None, "regressed")
    assert node(trends, "teams").changes == (None, "unchanged")
    assert [n.node_id for n in trends.moved("improved")] == ["law"]
    assert [n.node_id for n in trends.moved("regressed")] == ["gov", "plan"]


def test_a_change_within_the_tolerance_reads_as_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "trend" / "1.0.yaml"
    path.parent.mkdir()
    body = OLD.replace("law_b, type: level, scale: capability", "law_b, type: number")
    body = body.replace("text: B}", "text: B, min: 0, max: 1000, normalise: {min: 0, max: 1000}}")
    path.write_text(HEAD.format(version="1.0") + body, encoding="utf-8")
    q = load_questionnaire(path)
    # law_b (law's only answer) moves 0.1 point of 100: under 1 point (TOLERANCE of 0-100).
    trends = country_trends([scored("2025", q, law_b=500), scored("2026", q, law_b=501)])
    before, after = node(trends, "law").points
    assert after.score - before.score == pytest.approx(0.1)
    assert node(trends, "law").changes == (None, "unchanged")


def test_across_a_migration_renamed_compare_and_new_questions_do_not(versions) -> None:
    old, new = versions
    trends = country_trends(
        [
            scored("2025", old, law_a=2, law_b=2, plan_old=2, teams_a=2),
            scored("2026", new, law_a=4, law_b=4, plan_new=1, teams_a=5, teams_new=5),
        ]
    )
    assert trends.questionnaire is new
    # law kept its questions; plan's question was renamed (its answer carries); teams holds a
    # question new in 1.1, so neither it nor its area compares with 2025.
    assert node(trends, "law").changes == (None, "improved")
    assert node(trends, "plan").changes == (None, "regressed")
    assert node(trends, "teams").changes == (None, "not_comparable")
    assert node(trends, "resp").changes == (None, "not_comparable")
    # Each round's own figures stay those of the version it was answered under.
    assert node(trends, "teams").points[0].score == 40.0
    # plan_new did not exist in 1.0, but the indicator `plan` did: its 2025 score is 40.
    assert node(trends, "plan").points == (Point(40.0, 2.0, None, 1.0), Point(20.0, 1.0, None, 1.0))


def test_a_round_under_another_questionnaire_compares_with_nothing(versions, build) -> None:
    old, _ = versions
    law = build.group("law", [build.question("law_a")], kind="indicator")
    other = build.questionnaire([build.group("gov", [law], kind="area")])
    first = ScoredRound("2025", other, {}, score_assessment(other, {}))
    trends = country_trends([first, scored("2026", old, law_a=3)])
    assert node(trends, "law").changes == (None, "not_comparable")


def test_areas_without_a_score_in_any_round_are_left_out(versions) -> None:
    old, _ = versions
    trends = country_trends([scored("2025", old, law_a=2)])
    assert [a.area.node_id for a in trends.areas] == ["gov"]
    assert [n.node_id for n in trends.areas[0].indicators] == ["law", "plan"]


def test_no_round_is_refused() -> None:
    with pytest.raises(ValueError, match="no round"):
        country_trends([])


def test_a_region_means_its_countries_per_label_with_their_count(versions) -> None:
    old, new = versions
    region = region_trends(
        {
            "XA": [scored("2025", old, law_a=2, law_b=2), scored("2026", new, law_a=4, law_b=4)],
            "XB": [scored("2025", old, law_a=4, law_b=4), scored("2026", new, law_a=3, law_b=3)],
            "XC": [scored("2026", new, teams_a=5)],
        },
        ["2025", "2026"],
    )
    assert region is not None
    assert region.countries == ("XA", "XB", "XC")
    assert region.rounds == ("2025", "2026")
    law = node(region, "law")
    # 2025: XA 40, XB 80 -> 60 over 2; 2026: XA 80, XB 60 (XC has no law score) -> 70 over 2.
    assert [(p.score, p.count) for p in law.points] == [(60.0, 2), (70.0, 2)]
    assert [p.gap for p in law.points] == [1.0, 0.5]
    assert law.tallies[1] == {"improved": 1, "regressed": 1, "unchanged": 0, "not_comparable": 0}
    assert law.tallies[0] == {"improved": 0, "regressed": 0, "unchanged": 0, "not_comparable": 0}
    assert [(p.score, p.count) for p in node(region, "teams").points if p] == [(100.0, 1)]


def test_a_label_with_mixed_versions_is_combined_under_the_newest(versions) -> None:
    old, new = versions
    region = region_trends(
        {
            "XA": [scored("2026", old, law_a=2, law_b=2, teams_a=1)],
            "XB": [scored("2026", new, law_a=4, law_b=4, teams_a=3, teams_new=3)],
        },
        ["2026"],
    )
    assert region is not None and region.questionnaire is new
    assert (node(region, "law").points[0].score, node(region, "law").points[0].count) == (60.0, 2)
    # XA answered teams under 1.0, where it holds no question new in 1.1: not combined.
    assert (node(region, "teams").points[0].score, node(region, "teams").points[0].count) == (
        60.0,
        1,
    )


def test_a_region_without_rounds_has_no_trends() -> None:
    assert region_trends({"XA": []}, []) is None


def test_an_area_without_indicator_groups_follows_its_scored_questions(tmp_path: Path) -> None:
    path = tmp_path / "flat" / "1.0.yaml"
    path.parent.mkdir()
    body = """\
children:
  - id: gov
    kind: area
    title: Governance
    children:
      - {id: law_a, type: level, scale: capability, text: A}
      - {id: note, type: text, text: Note}
"""
    path.write_text(HEAD.format(version="1.0").replace("trend", "flat") + body, encoding="utf-8")
    q = load_questionnaire(path)
    trends = country_trends([scored("2025", q, law_a=2), scored("2026", q, law_a=4)])
    assert [n.node_id for n in trends.areas[0].indicators] == ["law_a"]
    assert node(trends, "law_a").changes == (None, "improved")
