"""Floors, ceilings and clamps, constants, thresholds, ratios (`per`), `publish` and ranks, each
declared in a small definition and scored by hand; and each wrong use refused where it stands."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import check_data
from assess.questionnaire.model import Questionnaire
from assess.scoring import explain, score_assessment
from assess.scoring.engine import NodeScore
from assess.scoring.table import RESPONDENT, ranked_nodes
from tests.scoring.scoring_builders import answered

HEAD = """\
assess: 1
id: keys
version: "1.0"
default_language: en
title: Keys
scoring:
  scale: {min: 0, max: 10}
"""


def text_of(top: str, children: str, scoring: str = "") -> str:
    """A definition: the scoring scale 0..10 (`scoring` adds keys), `top` keys, the tree."""
    return HEAD + scoring + top + "children:\n" + children


def load(top: str, children: str, scoring: str = "") -> Questionnaire:
    questionnaire, problems = check_data(text_of(top, children, scoring).encode(), Path("k.yaml"))
    assert questionnaire is not None, [p.format() for p in problems]
    return questionnaire


def problems(top: str, children: str, scoring: str = "") -> list[str]:
    """Every problem as `LINE:COLUMN CODE`."""
    _, found = check_data(text_of(top, children, scoring).encode(), Path("k.yaml"))
    return [f"{p.line}:{p.column} {p.code}" for p in found]


def place(top: str, children: str, needle: str, scoring: str = "", skip: int = 0) -> str:
    """`LINE:COLUMN` of the first `needle` in the definition (1-based, as problems place), `skip`
    characters on."""
    before = text_of(top, children, scoring).split(needle, 1)[0]
    return f"{before.count(chr(10)) + 1}:{len(before.rsplit(chr(10), 1)[-1]) + 1 + skip}"


def scores(questionnaire: Questionnaire, **values: object) -> dict[str, NodeScore]:
    return score_assessment(questionnaire, answered(**values)).nodes


NUMBERS = """\
  - id: g
    title: G
{keys}    children:
      - {{id: a, type: number, min: 0, max: 10, text: A{qa}}}
      - {{id: b, type: number, min: 0, max: 10, text: B}}
"""


def numbers(group_keys: str = "", qa: str = "") -> str:
    """A group `g` of two numbers `a` and `b` read as scores on 0..10."""
    return NUMBERS.format(keys=group_keys, qa=qa)


# ------------------------------------------------------------------ floor, ceiling, clamp


def test_a_floor_raises_a_group_score_and_the_trace_says_so() -> None:
    q = load("", numbers("    floor: 2.5\n"))
    result = scores(q, a=1, b=2)
    # mean(1, 2) = 1.5 < 2.5: raised to 2.5; the root (mean of g alone) is 2.5 too
    assert (result["g"].score, result["keys"].score) == (2.5, 2.5)
    assert ("floor 2.5", 2.5) in result["g"].trace.steps
    assert "floor 2.5 = 2.5" in explain(result["keys"].trace)
    # above the floor, nothing changes and no step is taken
    assert scores(q, a=4, b=6)["g"].score == 5
    assert not any(name.startswith("floor") for name, _ in scores(q, a=4, b=6)["g"].trace.steps)


def test_a_ceiling_lowers_a_question_score_and_its_parent_uses_the_lowered_one() -> None:
    q = load("", numbers(qa=", ceiling: 6"))
    result = scores(q, a=9, b=2)
    # a: 9 lowered to 6; g = mean(6, 2) = 4
    assert (result["a"].score, result["g"].score) == (6, 4)
    assert result["a"].trace.steps[-1] == ("ceiling 6", 6)


def test_a_clamp_on_the_root_keeps_the_questionnaire_score_within_both() -> None:
    q = load("clamp: {min: 0.1, max: 9.9}\n", numbers())
    assert scores(q, a=0, b=0)["keys"].score == 0.1  # mean 0, raised to 0.1
    assert scores(q, a=10, b=10)["keys"].score == 9.9  # mean 10, lowered to 9.9
    assert scores(q, a=3, b=4)["keys"].score == 3.5  # within: unchanged
    assert scores(q, a=0, b=0)["g"].score == 0  # the group below has no clamp


def test_a_floor_applies_before_rounding() -> None:
    q = load("", numbers("    floor: 1.26\n    round: 1\n"))
    # mean(1, 1) = 1, raised to 1.26, rounded half up to 1.3
    assert scores(q, a=1, b=1)["g"].score == 1.3


# ------------------------------------------------------------------ constants


def test_constants_enter_the_aggregation_like_scored_children() -> None:
    keys = "    constants: [{id: base, value: 10, weight: 2}, {id: one, value: 1}]\n"
    q = load("", numbers(keys))
    result = scores(q, a=4, b=6)
    # (4 + 6 + 2 x 10 + 1 x 1) / (1 + 1 + 2 + 1) = 31 / 5 = 6.2
    assert result["g"].score == 6.2
    # they never count in completeness: 2 questions, both answered
    assert (result["g"].answered, result["g"].applicable) == (2, 2)
    inputs = {i.node_id: (i.value, i.weight, i.use) for i in result["g"].trace.inputs}
    assert inputs["base"] == (10, 2, "constant") and inputs["one"] == (1, 1, "constant")
    assert "- base: 10 x weight 2 [constant]" in explain(result["g"].trace)


def test_constants_never_score_a_group_with_nothing_scored() -> None:
    q = load("constants: [{id: c, value: 5}]\n", numbers("    constants: [{id: c, value: 5}]\n"))
    result = scores(q)
    assert (result["g"].score, result["g"].status) == (None, "missing")
    assert (result["keys"].score, result["keys"].status) == (None, "missing")
    # one answer: g = (3 + 5) / 2 = 4; the root = (4 + 5) / 2 = 4.5
    result = scores(q, a=3)
    assert (result["g"].score, result["keys"].score) == (4, 4.5)


def test_constants_enter_a_geometric_mean_with_their_weight() -> None:
    q = load("", numbers("    aggregation: geometric\n    constants: [{id: c, value: 4}]\n"))
    # (1 x 2 x 4) ^ (1/3) = 2
    assert scores(q, a=1, b=2)["g"].score == pytest.approx(2, abs=1e-12)


# ------------------------------------------------------------------ thresholds

BANDED = """\
  - id: g
    title: G
    children:
      - id: n
        type: number
        min: -100
        text: N
        thresholds: [{at_least: 0, score: 0}, {at_least: 10, score: 5}, {at_least: 50, score: 10}]
"""


@pytest.mark.parametrize(
    ("value", "expected", "rule"),
    [(-3, 0, "-3 is below the first threshold (0): the scale minimum"),
     (0, 0, "0 meets the threshold at_least 0: 0"),
     (9.99, 0, "9.99 meets the threshold at_least 0: 0"),
     (10, 5, "10 meets the threshold at_least 10: 5"),
     (49, 5, "49 meets the threshold at_least 10: 5"),
     (50, 10, "50 meets the threshold at_least 50: 10"),
     (1e6, 10, "1e+06 meets the threshold at_least 50: 10")],
)  # fmt: skip
def test_a_number_scores_the_last_threshold_it_meets(
    value: float, expected: float, rule: str
) -> None:
    result = scores(load("", BANDED), n=value)["n"]
    assert (result.score, result.trace.rule) == (expected, rule)


def test_a_threshold_below_everything_scores_the_scale_minimum_not_zero() -> None:
    text = BANDED.replace("at_least: 0, score: 0", "at_least: 0, score: 3")
    q = load("", text)
    assert scores(q, n=-1)["n"].score == 0  # below the first: the scale's minimum
    assert scores(q, n=0)["n"].score == 3


# ------------------------------------------------------------------ per (ratios)

RATIO = """\
  - id: g
    title: G
    children:
      - {{id: pop, type: number, min: 0, text: Population, scored: false{pop}}}
      - {{id: cases, type: number, min: 0, text: Cases, per: pop{keys}}}
      - {{id: other, type: number, min: 0, max: 10, text: Other}}
"""


def ratio(keys: str, pop: str = "") -> str:
    return RATIO.format(keys=keys, pop=pop)


def test_a_ratio_is_normalised_from_value_over_divisor_times_per_unit() -> None:
    q = load("", ratio(", per_unit: 1000, normalise: {min: 0, max: 20}"))
    result = scores(q, pop=4000, cases=30, other=6)
    # 30 / 4000 x 1000 = 7.5 per thousand; on 0..20 onto 0..10: 3.75; g = mean(3.75, 6) = 4.875
    assert result["cases"].score == 3.75
    assert result["g"].score == 4.875
    assert result["cases"].trace.steps[0] == ("ratio", 7.5)
    assert result["cases"].trace.rule.startswith("30 / 4000 x 1000 = 7.5; ")


def test_the_divisor_scored_false_is_answered_but_carries_no_score() -> None:
    result = scores(load("", ratio("")), pop=4000, cases=30, other=6)
    # pop counts as answered (3 of 3) and enters no score: cases 30 / 4000 = 0.0075, read as a
    # score; g = mean(0.0075, 6) = 3.00375
    pop = result["pop"]
    assert (pop.score, pop.status, pop.answered, pop.applicable) == (None, "unscored", 1, 1)
    assert (result["g"].score, result["g"].answered) == (3.00375, 3)


def test_a_ratio_is_exact_in_decimal() -> None:
    q = load("", ratio(", per_unit: 100"))
    # 0.7 / 0.2 x 100 = 350 exactly (in binary floats 0.7 / 0.2 is 3.4999999999999996), read as a
    # score without a range: kept within 0..10, so 10; without per_unit: 3.5
    assert scores(q, pop=0.2, cases=0.7)["cases"].score == 10
    assert scores(load("", ratio("")), pop=0.2, cases=0.7)["cases"].score == 3.5


def test_a_ratio_may_be_banded_by_thresholds() -> None:
    bands = ", per_unit: 100000, thresholds: [{at_least: 0, score: 0}, {at_least: 1, score: 5}]"
    q = load("", ratio(bands))
    # 120 / 4,000,000 x 100,000 = 3 per 100,000: meets at_least 1, scores 5
    assert scores(q, pop=4_000_000, cases=120)["cases"].score == 5
    assert scores(q, pop=4_000_000, cases=39)["cases"].score == 0  # 0.975


def test_a_ratio_without_its_divisor_is_missing_and_says_why() -> None:
    q = load("", ratio("", pop=", when: '${other} > 1'"))
    cases = {
        "unanswered": ({"cases": 3, "other": 5}, "missing: the divisor pop is not answered"),
        "zero": ({"cases": 3, "pop": 0, "other": 5}, "missing: the divisor pop is 0"),
        "condition": (
            {"cases": 3, "pop": 5, "other": 1},
            "missing: the divisor pop is not applicable",
        ),
    }
    for values, why in cases.values():
        result = scores(q, **values)
        assert (result["cases"].score, result["cases"].status) == (None, "missing")
        assert result["cases"].trace.rule == why
        # counts as not answered: g has cases and other applicable (pop is not scored but counts)
        assert result["cases"].answered == 0 and result["cases"].applicable == 1
        assert result["g"].score == values["other"]  # mean of other alone


def test_a_ratio_whose_divisor_is_answered_not_applicable_is_missing() -> None:
    q = load("", ratio(""))
    answers = {**answered(cases=3, other=5), "pop": Answer("pop", "na")}
    result = score_assessment(q, answers)["cases"]
    assert (result.status, result.trace.rule) == (
        "missing",
        "missing: the divisor pop is not applicable",
    )


# ------------------------------------------------------------------ publish and round

TWO = """\
  - id: g1
    title: G1
{keys}    children:
      - {{id: a, type: number, min: 0, max: 10, text: A}}
      - {{id: b, type: number, min: 0, max: 10, text: B}}
      - {{id: c, type: number, min: 0, max: 10, text: C}}
  - id: g2
    title: G2
    children:
      - {{id: d, type: number, min: 0, max: 10, text: D}}
"""


def test_publish_rounds_what_is_shown_while_the_parent_uses_full_precision() -> None:
    published = load("publish: 2\n", TWO.format(keys="    publish: 1\n"))
    rounded = load("publish: 2\n", TWO.format(keys="    round: 1\n"))
    values = {"a": 1, "b": 2, "c": 2, "d": 2}
    # g1 = 5 / 3 = 1.666..., shown 1.7 either way
    # publish: the root = (5/3 + 2) / 2 = 1.8333..., published to 2 decimals: 1.83
    # round: the root = (1.7 + 2) / 2 = 1.85
    p, r = scores(published, **values), scores(rounded, **values)
    assert (p["g1"].score, r["g1"].score) == (1.7, 1.7)
    assert p["g1"].full == pytest.approx(5 / 3, abs=1e-15) and r["g1"].full == 1.7
    assert (p["keys"].score, r["keys"].score) == (1.83, 1.85)
    assert p["keys"].full == pytest.approx(11 / 6, abs=1e-15)
    assert p["g1"].trace.steps[-1] == ("published to 1 decimals", 1.7)
    assert [i.value for i in p["keys"].trace.inputs] == [p["g1"].full, 2]


def test_publish_under_scoring_is_every_groups_default_and_a_group_may_round_instead() -> None:
    q = load("", TWO.format(keys="    round: 1\n"), scoring="  publish: 1\n")
    result = scores(q, a=1, b=2, c=2, d=2)
    # g1 rounds (its own key replaces the default publish): 1.7; the root publishes:
    # (1.7 + 2) / 2 = 1.85 shown 1.9
    assert (result["g1"].score, result["g1"].full) == (1.7, 1.7)
    assert (result["keys"].score, result["keys"].full) == (1.9, 1.85)


def test_publish_on_a_question_rounds_its_shown_score_only() -> None:
    q = load("", numbers(qa=", publish: 0"))
    result = scores(q, a=2.5, b=3)
    # a shows 3 (half up); g = (2.5 + 3) / 2 = 2.75
    assert (result["a"].score, result["a"].full, result["g"].score) == (3, 2.5, 2.75)


# ------------------------------------------------------------------ rank


def test_ranked_nodes_are_the_root_groups_and_questions_asked_in_document_order() -> None:
    q = load("rank: true\n", numbers("    rank: true\n", qa=", rank: true"))
    assert ranked_nodes(q) == ["keys", "g", "a"]
    assert ranked_nodes(load("", numbers())) == []


def test_the_score_table_has_a_rank_column_for_the_root_and_a_question(tmp_path: Path) -> None:
    definition = tmp_path / "keys.yaml"
    definition.write_text(text_of("rank: true\n", numbers(qa=", rank: true")), encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,a,b\nx,9,1\ny,2,2\nz,1,9\nw,,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(definition), str(answers)])
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    # root: x 5, y 2, z 5, w none: x and z share rank 1, y is 3; a: x 9, y 2, z 1
    got = {row[RESPONDENT]: (row["rank:keys"], row["rank:a"]) for row in table}
    assert got == {"x": ("1", "1"), "y": ("3", "2"), "z": ("1", "3"), "w": ("", "")}


# ------------------------------------------------------------------ refused


def test_clamp_with_floor_is_refused_at_the_floor() -> None:
    children = numbers("    floor: 1\n    clamp: {min: 1, max: 2}\n")
    assert problems("", children) == [f"{place('', children, 'floor')} S109"]


def test_round_with_publish_is_refused_on_a_node_and_under_scoring() -> None:
    children = numbers("    round: 1\n    publish: 1\n")
    assert problems("", children) == [f"{place('', children, 'publish')} S109"]
    scoring = "  round: 1\n  publish: 2\n"
    assert problems("", numbers(), scoring) == [f"{place('', numbers(), 'publish', scoring)} S109"]


def test_thresholds_with_normalise_are_refused() -> None:
    children = BANDED.replace("        min: -100\n", "        normalise: {min: 0, max: 5}\n")
    assert problems("", children) == [f"{place('', children, 'thresholds')} S109"]


def test_a_floor_above_the_ceiling_is_refused() -> None:
    children = numbers("    clamp: {min: 6, max: 4}\n")
    assert problems("", children) == [f"{place('', children, '6, max')} V115"]
    children = numbers("    floor: 6\n    ceiling: 4\n")
    assert problems("", children) == [f"{place('', children, '6')} V115"]


@pytest.mark.parametrize(
    ("top", "keys", "needle"),
    [("", "    floor: -1\n", "-1"),
     ("", "    ceiling: 11\n", "11"),
     ("floor: 12\n", "", "12"),
     ("", "    constants: [{id: c, value: 10.5}]\n", "10.5")],
)  # fmt: skip
def test_a_limit_or_constant_off_the_scale_is_refused(top: str, keys: str, needle: str) -> None:
    children = numbers(keys)
    assert problems(top, children) == [f"{place(top, children, needle)} V116"]


def test_a_threshold_score_off_the_scale_and_thresholds_out_of_order_are_refused() -> None:
    off = BANDED.replace("score: 10}", "score: 11}")
    assert problems("", off) == [f"{place('', off, '11')} V116"]
    disorder = BANDED.replace("at_least: 50", "at_least: 10")
    assert problems("", disorder) == [f"{place('', disorder, '{at_least: 10, score: 10}')} V117"]


def test_two_constants_with_one_id_or_a_childs_id_are_refused() -> None:
    children = numbers("    constants: [{id: c, value: 1}, {id: c, value: 2}]\n")
    assert problems("", children) == [f"{place('', children, '{id: c, value: 2}')} T105"]
    children = numbers("    constants: [{id: b, value: 1}]\n")
    assert problems("", children) == [f"{place('', children, '{id: b, value: 1}')} T105"]


@pytest.mark.parametrize(
    ("per", "fix"),
    [("cases", "itself"), ("popul", "no question"), ("g", "not a number question")],
)
def test_per_must_name_another_number_question(per: str, fix: str) -> None:
    children = RATIO.format(keys="", pop="").replace("per: pop", f"per: {per}")
    _, found = check_data(text_of("", children).encode(), Path("k.yaml"))
    at = place("", children, f"per: {per}", skip=len("per: "))  # the value
    assert [f"{p.line}:{p.column} {p.code}" for p in found] == [f"{at} R108"]
    assert fix in found[0].message
