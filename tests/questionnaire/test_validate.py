"""Every broken file in tests/data/questionnaires/invalid reports exactly its expected problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.questionnaire.build import language_name
from assess.questionnaire.loader import check_file, load_questionnaire
from assess.questionnaire.problems import CATALOGUE, DefinitionError
from assess.questionnaire.yamlsafe import MAX_BYTES

INVALID = Path(__file__).resolve().parents[1] / "data" / "questionnaires" / "invalid"
LAYOUT = INVALID / "layout"  # files checked against their place: root = this folder
FILES = sorted(INVALID.rglob("*.yaml"))


def root_of(path: Path) -> Path | None:
    return LAYOUT if LAYOUT in path.parents else None


def expected(path: Path) -> list[str]:
    """The sidecar NAME.expected: one `LINE:COLUMN CODE` per problem, in report order."""
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def test_there_are_at_least_45_broken_files() -> None:
    broken = [path for path in FILES if expected(path)]
    assert len(broken) >= 45


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(INVALID)))
def test_file_reports_exactly_its_expected_problems(path: Path) -> None:
    _, problems = check_file(path, root=root_of(path))
    assert [f"{p.line}:{p.column} {p.code}" for p in problems] == expected(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(INVALID)))
def test_file_with_an_error_is_refused_with_every_problem(path: Path) -> None:
    codes = [line.split()[1] for line in expected(path)]
    if not any(CATALOGUE[code][0] == "error" for code in codes):
        assert load_questionnaire(path, root=root_of(path)) is not None
        return
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(path, root=root_of(path))
    assert [p.code for p in caught.value.problems] == codes


def test_a_hundred_problems_are_all_reported_in_one_run() -> None:
    _, problems = check_file(INVALID / "hundred_problems.yaml")
    assert len(problems) == 100
    assert sorted({p.code for p in problems}) == ["R101", "S101", "S106", "T101"]
    assert all(sum(p.code == code for p in problems) == 25 for code in ("R101", "S101"))


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    filler = "# " + "x" * 97 + "\n"
    big.write_text("assess: 1\n" + filler * (MAX_BYTES // len(filler) + 1), encoding="utf-8")
    _, problems = check_file(big)
    assert [(p.code, p.line, p.column) for p in problems] == [("Y005", 1, 1)]


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    _, problems = check_file(tmp_path / "absent.yaml")
    assert [p.code for p in problems] == ["Y016"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("misspelt_key.yaml", "unknown key 'titel' in the questionnaire; did you mean 'title'?"),
        (
            "misspelt_nested_key.yaml",
            "unknown key 'agregation' in scoring; did you mean 'aggregation'?",
        ),
        (
            "unknown_answer_type.yaml",
            "type 'levle' is not one of level, checklist, yes_partial_no, single_choice, "
            "multiple_choice, number, text or date; did you mean 'level'?",
        ),
        (
            "unknown_scale.yaml",
            "scale 'capabilty' is not declared under 'scales'; did you mean 'capability'?",
        ),
        (
            "float_version.yaml",
            'version must be a string, not the number 1.1; quote it: version: "1.10" '
            "(unquoted, 1.10 is the number 1.1)",
        ),
        ("duplicate_id.yaml", "id 'q1' is already used at line 17 (area/q1)"),
        ("condition_cycle.yaml", "condition depends on itself: q1 -> q2 -> q1"),
        ("condition_on_own_subtree.yaml", "condition depends on itself: area -> q1 -> area"),
        ("bad_weight.yaml", "weight must be greater than 0, not 0"),
        ("target_outside_scale.yaml", "target 7 of 'q1' is outside its levels 1 to 3"),
        ("missing_translation.yaml", "text has no French ('fr') version"),
        (
            "unknown_impact_dimension.yaml",
            "impact dimension 'ecomonic' is not in risk.dimensions; did you mean 'economic'?",
        ),
        (
            "unknown_instrument.yaml",
            "unknown instrument 'JEEE' in reference 'JEEE:P.1.1'; did you mean 'JEE'?",
        ),
        (
            "expression_unknown_reference.yaml",
            "unknown question ${q}: did you mean ${q2}?",
        ),
        (
            "when_reads_group.yaml",
            "condition reads 'area', a group: conditions may read questions only",
        ),
        (
            "unknown_aggregation.yaml",
            "'max' does not apply to aggregation mean (it takes no parameters)",
        ),
        ("wrong_scale_kind.yaml", "scale 'freq' is a choice scale; a level scale is needed here"),
        ("format_version_2.yaml", "assess must be 1, not the number 2"),
        (
            "unquoted_yes_no.yaml",
            "id must be a string, not the boolean false; "
            "quote it: unquoted, yes, no, on and off are true or false in YAML",
        ),
        (
            "evidence_wrong_type.yaml",
            "evidence must be a boolean (true or false) or evidence settings (a mapping), "
            "not the string 'sometimes'",
        ),
        ("condition_reads_itself.yaml", "condition depends on itself: q1 -> q1"),
        ("duplicate_scenario_id.yaml", "scenario id 's1' is used twice (first at line 25)"),
        (
            "layout/changed/1.10.yaml",
            "id 'q2' was a level question in version 1.9; now it is a group: give it a new id",
        ),
    ],
)
def test_problem_message_says_what_and_how_to_fix(name: str, message: str) -> None:
    path = INVALID / name
    _, problems = check_file(path, root=root_of(path))
    assert message in [p.message for p in problems]


def test_warnings_alone_let_the_file_load() -> None:
    model, problems = check_file(INVALID / "unused_scale.yaml")
    assert model is not None
    assert [(p.code, p.severity) for p in problems] == [("W101", "warning")]


def test_problems_name_the_place_in_the_tree() -> None:
    _, problems = check_file(INVALID / "wrong_type_weight.yaml")
    assert [p.path for p in problems] == ["children[0].children[0].weight"]


def chained(tmp_path: Path, length: int, closed: bool) -> Path:
    """A questionnaire whose question n is shown only after question n - 1 (a long chain)."""
    rows = [
        "      - {id: q0, type: number, text: Q"
        + (f", when: '${{q{length - 1}}} > 1'" if closed else "")
        + "}"
    ]
    rows += [
        f"      - {{id: q{n}, type: number, text: Q, when: '${{q{n - 1}}} > 1'}}"
        for n in range(1, length)
    ]
    path = tmp_path / "chain.yaml"
    head = 'assess: 1\nid: chain\nversion: "1.0"\ndefault_language: en\ntitle: Chain\n'
    body = "children:\n  - id: area\n    title: Area\n    children:\n" + "\n".join(rows) + "\n"
    path.write_text(head + body, encoding="utf-8")
    return path


def test_a_long_chain_of_conditions_is_fine(tmp_path: Path) -> None:
    assert check_file(chained(tmp_path, 3000, closed=False))[1] == ()


def test_a_long_cycle_is_reported_once(tmp_path: Path) -> None:
    _, problems = check_file(chained(tmp_path, 3000, closed=True))
    assert [(p.code, p.line) for p in problems] == [("X101", 10)]


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("pt", "Portuguese ('pt')"),
        ("es", "Spanish ('es')"),
        ("ar", "Arabic ('ar')"),
        ("xx", "'xx'"),
    ],
)
def test_a_problem_names_every_language_cldr_knows(code: str, named: str) -> None:
    assert language_name(code) == named
