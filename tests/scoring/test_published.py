"""Published indices reproduced from their inputs, each expressed as a definition under
tests/data/published/ (no code for any one index): WHO SPAR 2nd ed., INFORM Risk 2016, JEE 1st ed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.answers import Answer, AnswerError, coerce
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Group, Node, Question, Questionnaire
from assess.scoring import score_assessment
from assess.scoring.table import ranked_nodes

pytestmark = pytest.mark.published

PUBLISHED = Path(__file__).resolve().parent.parent / "data" / "published"
SPAR_FILE = "who_spar2_scores_by_capacity_20230505.tsv"
INFORM_FILE = "inform_risk_2016.csv"
JEE_FILE = "jee1_indicator_scores_82countries_2016_2018.json"


def definition(name: str) -> Questionnaire:
    return load_questionnaire(PUBLISHED / name)


def title(node: Node) -> str:
    """The published column a node stands for: INFORM definitions title nodes with it."""
    return (node.title if isinstance(node, Group) else node.text).get()  # type: ignore[attr-defined]


def answers_from(
    questionnaire: Questionnaire, row: Mapping[str, Any], column: Callable[[Question], str]
) -> dict[str, Answer]:
    """Answers from a published row: `x` or absent is missing, N/A not applicable."""
    answers = {}
    for question in questionnaire.questions():
        raw = row.get(column(question))
        if raw is None or str(raw).strip() in ("", "x"):
            continue
        if raw == "N/A":
            answers[question.id] = Answer(question.id, "na")
        else:
            answers[question.id] = Answer(question.id, "answered", coerce(question, str(raw)))
    return answers


@pytest.fixture(scope="module")
def spar_rows(external_data: Path) -> list[dict[str, str]]:
    """Countries with data; indicator columns hold 20 x level."""
    with open(external_data / SPAR_FILE, newline="", encoding="ascii") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    return [r for r in rows if r["total_average"].strip() != "no data"]


@pytest.fixture(scope="module")
def inform_rows(external_data: Path) -> list[dict[str, str]]:
    with open(external_data / INFORM_FILE, newline="", encoding="utf-8") as stream:
        return [r for r in csv.DictReader(stream) if r["COUNTRY"]]


@pytest.fixture(scope="module")
def jee_records(external_data: Path) -> list[dict[str, Any]]:
    return json.loads((external_data / JEE_FILE).read_text(encoding="utf-8"))


def spar_level(row: Mapping[str, str]) -> dict[str, str]:
    """The level behind each indicator percentage (level = value / 20)."""
    return {
        k: str(int(v) // 20) for k, v in row.items() if k.startswith("C.") and k.count(".") == 2
    }


def test_spar_capacities_and_totals_are_reproduced_exactly(
    spar_rows: list[dict[str, str]], published_counts: list[str]
) -> None:
    spar = definition("spar2.yaml")
    exact = []
    for row in spar_rows:
        result = score_assessment(spar, answers_from(spar, spar_level(row), lambda q: q.id))
        expected = {g.id: float(row[g.id]) for g in spar.root.children}
        expected[spar.id] = float(row["total_average"])
        if {k: result[k].score for k in expected} == expected:
            exact.append(row["Country"].strip())
    published_counts.append(f"SPAR: {len(exact)}/{len(spar_rows)} countries exact")
    assert (len(exact), len(spar_rows)) == (185, 185)


def test_inform_every_node_is_within_0_15_of_the_published_value(
    inform_rows: list[dict[str, str]], published_counts: list[str]
) -> None:
    inform = definition("inform2016.yaml")
    groups = [n for n in inform.walk() if isinstance(n, Group)]
    within, worst = 0, 0.0
    for row in inform_rows:
        result = score_assessment(inform, answers_from(inform, row, title))
        off = max(abs(result[g.id].score - float(row[title(g)])) for g in groups)
        within += off <= 0.15
        worst = max(worst, off)
    published_counts.append(
        f"INFORM: {within}/{len(inform_rows)} countries within 0.15 at all {len(groups)} "
        f"computed nodes (largest difference {worst:.2f})"
    )
    assert (within, len(inform_rows)) == (191, 191)


def one_level(questionnaire: Questionnaire, group: Group) -> Questionnaire:
    """The group alone, its child groups become number questions: its own arithmetic, fed with
    the published values of its children instead of the engine's."""
    template = next(q for q in questionnaire.questions() if q.type == "number")
    kids = tuple(
        kid
        if isinstance(kid, Question)
        else replace(template, id=kid.id, path=kid.path, text=kid.title, weight=kid.weight)
        for kid in group.children
    )
    return replace(questionnaire, id=group.id, root=replace(group, path=(), children=kids))


HALF_STEP = Decimal("0.05")  # the table publishes every value rounded to 0.1


def shifted(row: Mapping[str, str], group: Group, by: Decimal) -> dict[str, str]:
    """The row with the group's published inputs moved by `by`, kept on the 0..10 scale."""
    moved = dict(row)
    for kid in group.children:
        raw = row[title(kid)]
        if raw.strip() not in ("", "x"):
            moved[title(kid)] = str(min(max(Decimal(raw) + by, Decimal(0)), Decimal(10)))
    return moved


# Exact, and off but within what the rounding of the published inputs allows, per node.
# Means and INFORM's max(0.7 a, b) are exact everywhere. Geometric nodes are not always: the
# table computes them from unrounded inputs, and reaches the published value from inputs within
# half a step (0.05) of the rounded ones it publishes.
INFORM_NODES = {
    "hazard_exposure": (179, 12),
    "natural": (157, 34),
    "human": (191, 0),
    "vulnerability": (186, 5),
    "socio_economic": (191, 0),
    "vulnerable_groups": (178, 13),
    "other_vulnerable": (183, 8),
    "lack_of_coping": (185, 6),
    "institutional": (191, 0),
    "infrastructure": (191, 0),
}


def within_rounding(alone: Questionnaire, group: Group, row: Mapping[str, str]) -> bool:
    """Whether inputs within half a step of the published ones reach the published value (every
    method is monotonic in each input, so the lowest and highest inputs bound the result)."""
    low, high = (alone_score(alone, shifted(row, group, by)) for by in (-HALF_STEP, HALF_STEP))
    return low is not None and high is not None and low <= float(row[title(group)]) <= high


def alone_score(alone: Questionnaire, row: Mapping[str, str]) -> float | None:
    return score_assessment(alone, answers_from(alone, row, title)).root.score


def test_inform_every_node_from_its_published_inputs_is_exact_where_rounding_allows(
    inform_rows: list[dict[str, str]], published_counts: list[str]
) -> None:
    inform = definition("inform2016.yaml")
    counts = {}
    for group in (n for n in inform.walk() if isinstance(n, Group)):
        alone = one_level(inform, group)
        off = [r for r in inform_rows if alone_score(alone, r) != float(r[title(group)])]
        exact = len(inform_rows) - len(off)
        explained = sum(within_rounding(alone, group, r) for r in off)
        counts[group.id] = (exact, explained)
        line = f"INFORM: node {group.id} ({group.policy.aggregation.method}): "
        line += f"{exact}/{len(inform_rows)} exact"
        if explained:
            line += f", {explained} within the rounding of its published inputs"
        published_counts.append(line)
    assert counts == INFORM_NODES


def inform_risks(rows: list[dict[str, str]]) -> dict[str, float | None]:
    """RISK per country, from its published dimensions."""
    risk = definition("inform2016-risk.yaml")
    return {
        row["COUNTRY"]: score_assessment(risk, answers_from(risk, row, title)).root.score
        for row in rows
    }


def test_inform_risk_is_exact_to_0_1_from_its_published_dimensions(
    inform_rows: list[dict[str, str]], published_counts: list[str]
) -> None:
    risks = inform_risks(inform_rows)
    exact = sum(risks[r["COUNTRY"]] == float(r["INFORM RISK"]) for r in inform_rows)
    published_counts.append(f"INFORM: RISK exact to 0.1 for {exact}/{len(inform_rows)} countries")
    assert (exact, len(inform_rows)) == (191, 191)


def test_inform_risk_and_ranks_through_the_command_are_exact(
    external_data: Path, tmp_path: Path, published_counts: list[str]
) -> None:
    # The definition ranks its root: `assess score` writes the rank column, and compares RISK and
    # Rank with the published table's own columns (mapped by columns/inform2016-risk.yaml).
    risk = definition("inform2016-risk.yaml")
    assert ranked_nodes(risk) == [risk.id]
    published, output = external_data / INFORM_FILE, tmp_path / "risk.csv"
    args = ["--id", "COUNTRY", "--map", PUBLISHED / "columns" / "inform2016-risk.yaml"]
    args += ["--compare", published, "--tolerance", "0", "-o", output]
    command = ["score", PUBLISHED / "inform2016-risk.yaml", published, *args]
    result = CliRunner().invoke(main, [str(a) for a in command])
    assert result.exit_code == 0, result.stderr
    with open(output, newline="", encoding="utf-8") as stream:
        ranks = {row["COUNTRY"]: row[f"rank:{risk.id}"] for row in csv.DictReader(stream)}
    with open(published, newline="", encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if r["COUNTRY"]]
    exact = sum(ranks[r["COUNTRY"]] == str(int(r["Rank"])) for r in rows)
    compared = [line for line in result.stderr.splitlines() if risk.id + ": " in line]
    published_counts.append(f"INFORM: rank exact for {exact}/{len(rows)} countries")
    published_counts.extend(f"INFORM through `assess score --compare`: {line}" for line in compared)
    assert (exact, len(rows)) == (191, 191)
    assert [line.split(";")[0] for line in compared] == [
        f"{risk.id}: 191/191 rows within 0",
        f"rank:{risk.id}: 191/191 rows within 0",
    ]


def jee_by_country(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Country -> indicator code -> published score (1-5, 2.5 or "N/A")."""
    found: dict[str, dict[str, Any]] = {}
    for record in records:
        code = record["indicator"].split(" ")[0]
        found.setdefault(record["country"], {})[code] = record["score"]
    return found


def capacity_by_hand(scores: Mapping[str, Any], capacity: Group) -> float | None:
    """The mean of a capacity's published scores, "N/A" left out: computed without the engine,
    in fractions, then the float nearest to it."""
    values = [Fraction(str(scores[q.id])) for q in capacity.children if scores[q.id] != "N/A"]
    return float(sum(values) / len(values)) if values else None


def test_jee_capacities_are_the_means_of_their_indicators_without_n_a(
    jee_records: list[dict[str, Any]], published_counts: list[str]
) -> None:
    jee = definition("jee1-half.yaml")
    countries = jee_by_country(jee_records)
    equal = 0
    for scores in countries.values():
        result = score_assessment(jee, answers_from(jee, scores, lambda q: q.id))
        capacities = [c for c in jee.root.children if isinstance(c, Group)]
        equal += all(result[c.id].score == capacity_by_hand(scores, c) for c in capacities)
    published_counts.append(f"JEE: {equal}/{len(countries)} countries, every capacity mean exact")
    assert (equal, len(countries)) == (82, 82)


@pytest.mark.parametrize(
    ("country", "capacity", "expected"),
    [("Liechtenstein", "P.6", None), ("Liechtenstein", "RE", None), ("Zanzibar", "D.3", None),
     ("Turkmenistan", "P.4", float(Fraction(19, 6))), ("Afghanistan", "P.1", 1)],
)  # fmt: skip
def test_jee_capacity_means_of_chosen_countries(
    jee_records: list[dict[str, Any]], country: str, capacity: str, expected: float | None
) -> None:
    jee = definition("jee1-half.yaml")
    scores = jee_by_country(jee_records)[country]
    by_hand = capacity_by_hand(scores, jee.node(capacity))  # type: ignore[arg-type]
    result = score_assessment(jee, answers_from(jee, scores, lambda q: q.id))[capacity]
    assert (result.score, by_hand) == (expected, expected)


def test_jee_n_a_capacities_are_not_applicable(jee_records: list[dict[str, Any]]) -> None:
    jee = definition("jee1.yaml")
    scores = jee_by_country(jee_records)["Liechtenstein"]
    result = score_assessment(jee, answers_from(jee, scores, lambda q: q.id))
    assert (result["P.6"].status, result["P.6"].applicable) == ("not_applicable", 0)


def test_jee_half_level_is_refused_on_a_whole_level_scale(
    jee_records: list[dict[str, Any]],
) -> None:
    jee = definition("jee1.yaml")
    published = jee_by_country(jee_records)["Turkmenistan"]["P.4.2"]
    with pytest.raises(AnswerError) as error:
        coerce(jee.node("P.4.2"), str(published))  # type: ignore[arg-type]
    assert error.value.message == "P.4.2: 2.5 is not a level of scale 'jee' (1 to 5)"


def test_jee_half_level_is_accepted_where_half_levels_are_allowed(
    jee_records: list[dict[str, Any]],
) -> None:
    jee = definition("jee1-half.yaml")
    published = jee_by_country(jee_records)["Turkmenistan"]["P.4.2"]
    value = coerce(jee.node("P.4.2"), str(published))  # type: ignore[arg-type]
    answers = {"P.4.2": Answer("P.4.2", "answered", value)}
    assert score_assessment(jee, answers)["P.4.2"].score == 2.5
