"""Declared migrations: every rule kind checked and carried, and identity carries reproduce."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.questionnaire.answers import Answer
from assess.questionnaire.carry import NotCarried, Response, carry
from assess.questionnaire.loader import check_file, load_questionnaire
from assess.questionnaire.migration import value_keys
from assess.questionnaire.model import Question, Questionnaire

FULL = Path(__file__).resolve().parents[1] / "data" / "questionnaires" / "valid" / "full.yaml"
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
  frequency:
    kind: choice
    options: [{{id: never, label: Never, score: 0}}, {{id: yearly, label: Yearly, score: 100}},
              {{id: monthly, label: Monthly, score: 100}}]
"""
OLD = """\
children:
  - id: area
    title: Area
    children:
      - {id: same, type: level, scale: capability, text: Same}
      - {id: old_name, type: number, text: Renamed}
      - {id: gone, type: text, text: Gone}
      - {id: again, type: yes_partial_no, text: Again}
      - {id: plan, type: yes_partial_no, text: Plan}
      - {id: both, type: level, scale: capability, text: Both}
      - {id: drills, type: single_choice, scale: frequency, text: Drills}
      - {id: lab_a, type: level, scale: capability, text: Lab A}
      - {id: lab_b, type: level, scale: capability, text: Lab B}
      - id: agents
        type: multiple_choice
        text: Agents
        options: [{id: chem, label: C}, {id: bio, label: B}, {id: rad, label: R}]
"""
MIGRATION = """\
migration:
  from: "1.0"
  renamed: {old_name: new_name}
  dropped: [gone]
  afresh: [again]
  mapped:
    - from: plan
      to: plan
      values: {"yes": 5, partial: 3, "no": 1}
    - from: agents
      to: agents
      values: {chem: chemical, bio: biological, rad: null}
  split:
    - from: both
      into:
        - {to: both_a}
        - to: both_b
          values: {"1": "no", "2": "no", "3": partial, "4": "yes", "5": "yes"}
  merged:
    - from: [lab_a, lab_b, drills]
      to: lab
      rule: min
      values:
        drills: {never: 1, yearly: 3, monthly: null}
"""
NEW = """\
children:
  - id: area
    title: Area
    children:
      - {id: same, type: level, scale: capability, text: Same reworded}
      - {id: fresh, type: single_choice, scale: frequency, text: New question}
      - {id: new_name, type: number, text: Renamed}
      - {id: again, type: yes_partial_no, text: Again, allow_na: false}
      - {id: plan, type: level, scale: capability, text: Plan}
      - {id: both_a, type: level, scale: capability, text: Both A}
      - {id: both_b, type: yes_partial_no, text: Both B}
      - {id: lab, type: level, scale: capability, text: Lab, allow_dont_know: false}
      - id: agents
        type: multiple_choice
        text: Agents
        options: [{id: chemical, label: C}, {id: biological, label: B}]
"""


def write(folder: Path, version: str, body: str) -> Path:
    path = folder / "demo" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD.format(version=version) + body, encoding="utf-8")
    return path


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Questionnaire, Questionnaire]:
    """demo 1.0, and 1.1 declaring one rule of every kind from it."""
    write(tmp_path, "1.0", OLD)
    new = write(tmp_path, "1.1", MIGRATION + NEW)
    return load_questionnaire(tmp_path / "demo" / "1.0.yaml"), load_questionnaire(new)


def said(qid: str, value: object = None, status: str = "answered", **extra: object) -> Response:
    return Response(Answer(qid, status, value), **extra)  # type: ignore[arg-type]


def carried(old: Questionnaire, new: Questionnaire, **given: Response) -> dict[str, object]:
    """Question id now -> (status, value) of its carried answer."""
    result = carry(old, new, given)
    return {
        qid: (c.response.answer.status, c.response.answer.value)
        for qid, c in result.carried.items()
    }


def test_a_migration_with_every_rule_kind_checks_clean(tmp_path: Path) -> None:
    write(tmp_path, "1.0", OLD)
    _, problems = check_file(write(tmp_path, "1.1", MIGRATION + NEW), root=tmp_path)
    assert problems == ()


def test_the_migration_is_parsed_into_typed_rules(versions) -> None:
    migration = versions[1].migration
    assert migration is not None and migration.from_version == "1.0"
    kinds = [(c.kind, c.sources, c.target) for c in migration.carries]
    assert kinds == [
        ("renamed", ("old_name",), "new_name"),
        ("mapped", ("plan",), "plan"),
        ("mapped", ("agents",), "agents"),
        ("split", ("both",), "both_a"),
        ("split", ("both",), "both_b"),
        ("merged", ("lab_a", "lab_b", "drills"), "lab"),
    ]
    assert [d.id for d in migration.dropped] == ["gone"] and [a.id for a in migration.afresh] == [
        "again"
    ]


def test_a_kept_question_carries_its_answer_comment_and_evidence(versions) -> None:
    result = carry(*versions, {"same": said("same", 3, comment="Law of 2019", evidence=("a.pdf",))})
    assert result.carried["same"].response == said(
        "same", 3, comment="Law of 2019", evidence=("a.pdf",)
    )
    assert result.carried["same"].kind == "kept"


def test_a_renamed_question_carries_under_its_new_id(versions) -> None:
    assert carried(*versions, old_name=said("old_name", 12.0)) == {"new_name": ("answered", 12.0)}


def test_a_dropped_question_is_listed_as_not_carried(versions) -> None:
    result = carry(*versions, {"gone": said("gone", "notes")})
    assert result.carried == {} and result.not_carried == (NotCarried("gone", "dropped"),)


def test_an_afresh_question_is_not_carried(versions) -> None:
    result = carry(*versions, {"again": said("again", "yes")})
    assert result.carried == {} and result.not_carried == (NotCarried("again", "afresh"),)


@pytest.mark.parametrize(("before", "after"), [("yes", 5), ("partial", 3), ("no", 1)])
def test_a_value_map_turns_yes_partial_no_into_levels(versions, before: str, after: int) -> None:
    assert carried(*versions, plan=said("plan", before)) == {"plan": ("answered", after)}


def test_a_value_map_renames_options_of_a_set_and_null_leaves_one_out(versions) -> None:
    given = said("agents", frozenset({"chem", "rad"}))
    assert carried(*versions, agents=given) == {"agents": ("answered", frozenset({"chemical"}))}


def test_a_split_question_carries_into_each_part_through_its_own_map(versions) -> None:
    assert carried(*versions, both=said("both", 3)) == {
        "both_a": ("answered", 3),
        "both_b": ("answered", "partial"),
    }


def test_merged_questions_keep_the_lowest_mapped_answer_and_every_comment(versions) -> None:
    result = carry(
        *versions,
        {
            "lab_a": said("lab_a", 4, comment="A"),
            "lab_b": said("lab_b", 5, comment="B", evidence=("b.pdf",)),
            "drills": said("drills", "yearly"),
        },
    )
    assert result.carried["lab"].response == said("lab", 3, comment="A\n\nB", evidence=("b.pdf",))


def test_a_value_mapped_to_null_is_not_carried(versions) -> None:
    result = carry(*versions, {"drills": said("drills", "monthly")})
    assert result.carried == {}
    assert result.not_carried == (NotCarried("drills", "no_value", "lab"),)


def test_a_state_the_new_question_does_not_offer_is_not_carried(versions) -> None:
    result = carry(*versions, {"lab_a": said("lab_a", status="dont_know")})
    assert result.not_carried == (NotCarried("lab_a", "not_offered", "lab"),)
    assert carried(*versions, same=said("same", status="na")) == {"same": ("na", None)}


def test_carrying_from_a_version_the_migration_does_not_name_is_refused(tmp_path, versions) -> None:
    other = load_questionnaire(write(tmp_path, "0.9", OLD))
    with pytest.raises(ValueError, match=r"declares a migration from 1\.0, not from 0\.9"):
        carry(other, versions[1], {})


@pytest.mark.parametrize(
    ("rule", "code", "message"),
    [
        (
            "  mapped: [{from: plan, to: plan, values: {'yes': 5, partial: 3, 'no': 1}}]\n"
            "  merged: [{from: [lab_a, lab_b], to: again, rule: max}]\n",
            "M111",
            "rule 'max' needs a level or number question; 'again' is a yes_partial_no question: "
            "use rule 'first'",
        ),
        (
            "  mapped: [{from: agents, to: plan, values: {chem: 1, bio: 2, rad: 3}}]\n",
            "M107",
            "'agents' (a multiple_choice question) cannot be mapped onto 'plan' (a level "
            "question): a set of ids maps only onto checklist or multiple_choice",
        ),
        (
            "  mapped: [{from: plan, to: plan}]\n",
            "M108",
            "answers of 'plan' (a yes_partial_no question) do not fit 'plan' (a level question) "
            "as they are: give `values` mapping each earlier value",
        ),
        (
            "  renamed: {lab_a: lab, lab_b: lab}\n",
            "M105",
            "'lab' receives the answers of 'lab_a', 'lab_b': declare one `merged` rule for them",
        ),
    ],
)
def test_a_broken_rule_is_reported_with_its_fix(
    tmp_path: Path, rule: str, code: str, message: str
) -> None:
    write(tmp_path, "1.0", OLD)
    head = 'migration:\n  from: "1.0"\n  dropped: [gone, old_name, both, drills, agents]\n'
    _, problems = check_file(write(tmp_path, "1.1", head + rule + NEW), root=tmp_path)
    assert (code, message) in [(p.code, p.message) for p in problems]


def test_an_id_retyped_through_its_own_map_is_not_an_id_reuse(tmp_path: Path) -> None:
    """`plan` turns from yes/partial/no into a level through its map: no H101; `same` turning
    into a number without a rule is both unaccounted and an id reuse."""
    write(tmp_path, "1.0", OLD)
    _, problems = check_file(write(tmp_path, "1.1", MIGRATION + NEW), root=tmp_path)
    assert "H101" not in {p.code for p in problems}
    retyped = NEW.replace("{id: same, type: level", "{id: same, type: number").replace(
        ", scale: capability, text: Same reworded", ", text: Same"
    )
    _, problems = check_file(write(tmp_path, "1.2", MIGRATION + retyped), root=tmp_path)
    assert [p.code for p in problems if p.code in ("H101", "M102")] == ["M102", "H101"]


# ---------------------------------------------------------------- identity, as a property


def value_strategy(question: Question) -> st.SearchStrategy[object]:
    """Any valid value of the question, from its own model."""
    keys = value_keys(question)
    if question.type == "level":
        return st.sampled_from([float(k) if "." in k else int(k) for k in keys or ()])
    if question.type in ("checklist", "multiple_choice"):
        return st.frozensets(st.sampled_from(keys or ()))
    if keys is not None:
        return st.sampled_from(keys)
    if question.type == "number":
        spec = question.number
        low, high = (spec.min, spec.max) if spec else (None, None)
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if question.type == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))
    return st.text(max_size=30)


def response_strategy(question: Question) -> st.SearchStrategy[Response]:
    states = ["answered"] + ["na"] * question.allow_na + ["dont_know"] * question.allow_dont_know
    answer = st.sampled_from(states).flatmap(
        lambda s: (
            value_strategy(question).map(lambda v: Answer(question.id, s, v))
            if s == "answered"
            else st.just(Answer(question.id, s))
        )
    )
    extras = st.tuples(
        st.text(max_size=20), st.lists(st.text(max_size=10), max_size=3, unique=True)
    )
    return st.tuples(answer, extras).map(lambda a: Response(a[0], a[1][0], tuple(a[1][1])))


FULL_MODEL = load_questionnaire(FULL)


@st.composite
def round_of(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Response]:
    """Some of the questionnaire's questions, each with a response."""
    chosen = draw(
        st.lists(st.sampled_from(list(questionnaire.questions())), unique_by=lambda q: q.id)
    )
    return {q.id: draw(response_strategy(q)) for q in chosen}


@settings(max_examples=60, deadline=None)
@given(round_of(FULL_MODEL))
def test_carrying_through_an_identity_migration_reproduces_the_round(given: dict) -> None:
    result = carry(FULL_MODEL, FULL_MODEL, given)
    assert result.responses() == given and result.not_carried == ()


def test_each_migration_problem_names_its_place_in_the_tree() -> None:
    broken = FULL.parents[1] / "invalid" / "migration" / "broken" / "1.1.yaml"
    _, problems = check_file(broken)
    assert [(p.code, p.path) for p in problems if p.code in ("M103", "M109", "M107")] == [
        ("M103", "migration.dropped[0]"),
        ("M109", "migration.mapped[0].values.partail"),
        ("M107", "migration.mapped[1].values.yearly"),
    ]


def test_a_merged_map_for_a_question_outside_the_rule_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "1.0", OLD)
    body = MIGRATION.replace("        drills: {never", "        drils: {never")
    _, problems = check_file(write(tmp_path, "1.1", body + NEW), root=tmp_path)
    message = "values are given for 'drils', which is not among this rule's `from`; "
    assert ("M103", message + "did you mean 'drills'?") in [(p.code, p.message) for p in problems]


def test_an_unquoted_yes_in_a_value_map_is_explained(tmp_path: Path) -> None:
    write(tmp_path, "1.0", OLD)
    body = MIGRATION.replace('{"yes": 5, partial: 3, "no": 1}', '{"yes": 5, partial: 3, "no": no}')
    _, problems = check_file(write(tmp_path, "1.1", body + NEW), root=tmp_path)
    assert [p.message for p in problems if p.code == "S102"] == [
        "values.no must be a string, a number or null, not the boolean "
        "false; quote it: unquoted, yes, no, on and off are true or false in YAML"
    ]
