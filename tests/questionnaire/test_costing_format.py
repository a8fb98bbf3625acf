"""The costing format: unit costs and line items load exactly, and every broken costing is
reported with its code at its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.answers import Answer
from assess.questionnaire.build_costing import exact
from assess.questionnaire.loader import check_file, load_questionnaire
from assess.questionnaire.problems import CATALOGUE
from assess.questionnaire.yamlsafe import load_yaml
from assess.scoring.assessment import score_assessment
from assess.scoring.methods import exact as scoring_exact

COSTED = Path(__file__).resolve().parents[1] / "data" / "costing" / "costed" / "1.0.yaml"
TEXT = COSTED.read_text(encoding="utf-8")


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the `nth` line holding `fragment`."""
    found = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found[nth - 1]


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    path = tmp_path / "costed.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_the_costing_loads_with_exact_decimals() -> None:
    costing = load_questionnaire(COSTED).costing
    assert (costing.currency, costing.year, costing.years) == ("USD", 2024, 5)
    assert costing.unit_costs["kit"].value == Decimal("0.083")
    assert costing.unit_costs["salary"].value == Decimal("41520.5")
    assert list(costing.categories["workforce"].subcategories) == ["per_diems", "salaries"]


def test_line_items_keep_their_multipliers_and_kind() -> None:
    step1, step2, step3, _ = load_questionnaire(COSTED).node("lab_capacity").actions
    assert step1.costs[1].times == (Decimal("0.25"),) and step1.costs[1].recurring
    assert step2.costs[1].per == ("regions", "labs") and not step2.costs[0].recurring
    assert step3.costs[0].title.get("fr") == "Exercices"


def test_years_default_to_five(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "  years: 5\n", "")
    assert load_questionnaire(path).costing.years == 5


# (text replaced, its replacement, the code, the text of the line the problem is reported at);
# a duplicate id is reported at its second use, and what then names it is unknown
BROKEN = [
    ("unit_cost: kit,", "unit_cost: kits,", "C101", "unit_cost: kits,"),
    ("per: [regions]", "per: [districts]", "C102", "per: [districts]"),
    ("per: [labs]}", "per: [has_plan]}", "C103", "per: [has_plan]}"),
    ("  currency: USD\n", "", "C104", "costing:"),
    ("currency: USD", "currency: USX", "C104", "currency: USX"),
    ("category: equipment", "category: equipement", "C105", "category: equipement"),
    ("subcategory: lab\n", "subcategory: labs\n", "C106", "subcategory: labs"),
    ("value: 0.083", "value: -0.083", "C110", "value: -0.083"),
    ("times: [0.25]", "times: [-0.25]", "C110", "times: [-0.25]"),
    ("years: 5", "years: 11", "C111", "years: 11"),
    ("years: 5", "years: 0", "C111", "years: 0"),
]


@pytest.mark.parametrize(("old", "new", "code", "at"), BROKEN)
def test_a_broken_costing_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, code: str, at: str
) -> None:
    path, text = broken(tmp_path, old, new)
    questionnaire, problems = check_file(path)
    assert questionnaire is None
    assert [(p.code, p.line) for p in problems] == [(code, line_of(text, at))]


@pytest.mark.parametrize(
    ("old", "new", "problems"),
    [
        (
            "- id: salary",
            "- id: meeting",
            [("C107", "- id: meeting", 2), ("C101", "unit_cost: salary", 1)],
        ),
        (
            "- id: equipment",
            "- id: workforce",
            [("C108", "- id: workforce", 2), ("C105", "category: equipment", 1)],
        ),
        (
            "{id: salaries,",
            "{id: per_diems,",
            [("C108", "{id: per_diems,", 2), ("C106", "subcategory: salaries", 1)],
        ),
    ],
)
def test_a_duplicate_id_is_reported_at_its_second_use(
    tmp_path: Path, old: str, new: str, problems: list
) -> None:
    path, text = broken(tmp_path, old, new)
    found = [(p.code, p.line) for p in check_file(path)[1]]
    assert found == [(code, line_of(text, at, nth)) for code, at, nth in problems]


def test_line_items_without_a_costing_are_reported_at_the_first(tmp_path: Path) -> None:
    start, end = TEXT.index("costing:"), TEXT.index("children:")
    text = TEXT[:start] + TEXT[end:]
    path = tmp_path / "costed.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_file(path)
    assert [(p.code, p.line) for p in problems] == [("C109", line_of(text, "{unit_cost: meeting"))]
    message = "5 line item(s) under 'costs', but the questionnaire has no 'costing'"
    assert problems[0].message == message


def test_the_multiplier_column_points_at_the_item_in_the_list(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "per: [regions, labs]", "per: [regions, lab]")
    (problem,) = check_file(path)[1]
    assert (problem.code, problem.line) == ("C102", line_of(text, "per: [regions, lab]"))
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("lab]")
    message = "'per' names 'lab', which is no question of this questionnaire; did you mean 'labs'?"
    assert problem.message == message


def test_assess_check_prints_the_costing_problem_with_its_place(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "unit_cost: kit,", "unit_cost: kits,")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    line = line_of(text, "unit_cost: kits,")
    assert f":{line}:" in result.stdout and "C101 unit cost 'kits' is not declared" in result.stdout
    assert "did you mean 'kit'?" in result.stdout


def test_every_costing_code_is_catalogued_with_a_fix() -> None:
    codes = sorted(code for code in CATALOGUE if code.startswith("C1"))
    assert codes == [f"C1{n:02d}" for n in range(1, 12)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.083", "0.083"),
        ("0.0830", "0.0830"),
        ("1_000.5", "1000.5"),
        ("1.0e+3", "1.0E+3"),
        ("7", "7"),
    ],
)
def test_a_yaml_number_is_read_as_the_decimal_written(text: str, value: str) -> None:
    read = load_yaml(f"a: {text}\n".encode(), "x.yaml")["a"]
    assert exact(read) == Decimal(value) and str(exact(read)) == value


def test_scoring_reads_a_yaml_float_as_written_too() -> None:
    """A YAML float is a float subclass (it keeps its text): scoring's exact() treats it as
    the decimal written, never as its binary expansion."""
    read = load_yaml(b"a: 0.1\n", "x.yaml")["a"]
    assert scoring_exact(read) == Decimal("0.1")


def test_a_number_marked_not_scored_is_left_out_of_every_score(tmp_path: Path) -> None:
    """The profile's figures (what costs multiply by) count in scores unless `scored: false`."""
    labs = "{id: labs, type: number, text: {en: Laboratories, fr: Laboratoires}, min: 0}"
    ranged = labs.replace("min: 0}", "min: 0, max: 10}")
    counted_path, _ = broken(tmp_path, labs, ranged)
    counted = load_questionnaire(counted_path)
    (tmp_path / "out").mkdir()
    left_out_path, _ = broken(
        tmp_path / "out", labs, ranged.replace("max: 10}", "max: 10, scored: false}")
    )
    left_out = load_questionnaire(left_out_path)
    assert counted.node("labs").scored and not left_out.node("labs").scored
    answers = {
        "labs": Answer("labs", "answered", 2.0),
        "has_plan": Answer("has_plan", "answered", "yes"),
    }
    area = counted.node("labs").path[-2]
    with_labs = score_assessment(counted, answers).nodes
    without = score_assessment(left_out, answers).nodes
    assert with_labs["labs"].score is not None
    assert without[area].score == with_labs["has_plan"].score != with_labs[area].score


def test_scored_is_a_key_of_number_questions_only(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        "{id: has_plan, type: yes_partial_no, text: {en: A plan?, fr: Un plan ?}}",
        "{id: has_plan, type: yes_partial_no, text: {en: A plan?, fr: Un plan ?}, scored: false}",
    )
    model, problems = check_file(path)
    assert model is None
    assert [p.line for p in problems if p.severity == "error"] == [line_of(text, "scored: false")]
