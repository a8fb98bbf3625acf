"""Valid definition files load into the frozen model, with every default resolved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assess.questionnaire.loader import check_file, load_questionnaire
from assess.questionnaire.model import (
    Aggregation,
    Evidence,
    Group,
    Question,
    Questionnaire,
    Reference,
    ScorePolicy,
)

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = sorted((DATA / "questionnaires" / "valid").glob("*.yaml"))
PUBLISHED = sorted((DATA / "published").glob("*.yaml"))


@pytest.fixture(scope="module")
def full() -> Questionnaire:
    return load_questionnaire(DATA / "questionnaires" / "valid" / "full.yaml")


@pytest.mark.parametrize("path", VALID + PUBLISHED, ids=lambda p: p.name)
def test_valid_file_loads_with_zero_problems(path: Path) -> None:
    model, problems = check_file(path)
    assert problems == ()
    assert model is not None


def test_root_is_a_synthetic_group_with_the_framework_defaults(full: Questionnaire) -> None:
    root = full.root
    assert (root.id, root.path, root.kind, root.weight) == ("full", (), "group", 1.0)
    assert root.policy == full.framework.defaults
    assert [child.id for child in root.children] == ["legal", "general", "nuclear"]


def test_groups_take_the_questionnaire_defaults_unless_they_say_otherwise(
    full: Questionnaire,
) -> None:
    area = full.node("legal-framework")
    assert isinstance(area, Group)
    assert (area.policy.aggregation, area.policy.missing, area.policy.round) == (
        Aggregation("mean"),
        "zero",
        0,
    )
    general = full.node("general")
    assert general.policy == full.framework.defaults


def test_min_completeness_is_a_share_from_the_scoring_section_unless_a_group_says(
    full: Questionnaire,
) -> None:
    assert full.framework.defaults.min_completeness == 0.5
    assert full.node("general").policy.min_completeness == 0.5  # type: ignore[union-attr]
    assert full.node("legal-framework").policy.min_completeness == 0.8  # type: ignore[union-attr]


def test_complement_geometric_max_is_resolved(full: Questionnaire) -> None:
    legal = full.node("legal")
    assert legal.policy.aggregation.method == "complement_geometric"
    assert dict(legal.policy.aggregation.params) == {"max": 100}
    assert legal.policy.rank is True


def test_level_scores_default_to_their_share_of_the_scoring_scale(full: Questionnaire) -> None:
    levels = full.scales["capability"].levels
    assert [level.score for level in levels] == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert full.scales["capability"].allow_half is True


def test_yes_partial_no_options_take_their_scores(full: Questionnaire) -> None:
    question = full.node("has_nuclear_facility")
    assert [(o.id, o.score) for o in question.options] == [
        ("yes", 100.0),
        ("partial", 40.0),
        ("no", 0.0),
    ]
    assert question.options[0].label.get("fr") == "Oui"


def test_a_choice_question_on_a_scale_offers_the_scale_options(full: Questionnaire) -> None:
    question = full.node("plan_freq")
    assert question.scale is full.scales["frequency"]
    assert [o.id for o in question.options] == ["never", "yearly"]


def test_an_inline_scale_belongs_to_its_question(full: Questionnaire) -> None:
    scale = full.node("nuc_q1").scale
    assert (scale.id, scale.kind, [lvl.value for lvl in scale.levels]) == (
        "nuc_q1",
        "level",
        [0, 1],
    )


def test_evidence_accepts_true_false_or_a_mapping(full: Questionnaire) -> None:
    assert full.node("leg_q1").evidence == Evidence(allowed=True, required=True)
    assert full.node("lab_agents").evidence == Evidence(allowed=False, required=False)
    assert full.node("staff").evidence == Evidence(allowed=True, required=False)


def test_question_defaults(full: Questionnaire) -> None:
    question = full.node("plan_freq")
    assert isinstance(question, Question)
    assert (question.required, question.allow_na, question.allow_dont_know, question.comment) == (
        False,
        True,
        True,
        True,
    )
    assert (question.weight, question.choice_combine) == (1.0, "sum")


def test_checklist_attributes_are_grouped_by_level(full: Questionnaire) -> None:
    attributes = full.node("lab_q2").attributes
    assert {level: [a.id for a in attrs] for level, attrs in attributes.items()} == {
        1: ["lab_a1"],
        2: ["lab_a2", "lab_a3"],
    }


def test_number_normalisation(full: Questionnaire) -> None:
    spec = full.node("staff").number
    assert (spec.min, spec.max, spec.norm_min, spec.norm_max, spec.log, spec.invert) == (
        0,
        100000,
        0,
        500,
        True,
        False,
    )
    assert spec.unit.get("fr") == "personnes"


def test_refs_become_instrument_references(full: Questionnaire) -> None:
    assert full.node("legal-framework").refs == (
        Reference("UNSCR1540", "OP2"),
        Reference("JEE", "P.1.1"),
    )


def test_conditions_are_parsed_with_their_references(full: Questionnaire) -> None:
    when = full.node("leg_notes").when
    assert when.refs == ("has_nuclear_facility", "staff")
    assert when.source == "${has_nuclear_facility} = 'yes' and ${staff} > 10"


def test_plain_string_texts_are_the_default_language(full: Questionnaire) -> None:
    assert full.node("legal").title.resolve("ar") == ("قانوني", "ar")
    assert full.node("general").title.resolve("ar") == ("General", "en")


def test_languages_put_the_default_first(full: Questionnaire) -> None:
    assert (full.languages, full.partial_languages) == (("en", "fr"), ("ar",))


def test_nodes_know_where_they_stand(full: Questionnaire) -> None:
    node = full.node("leg_q1")
    assert (node.pos.line, node.pos.column) == (85, 17)
    assert node.pos.file.endswith("full.yaml")
    assert node.path == ("legal", "legal-framework", "leg_ind", "leg_q1")


def test_the_risk_register_is_built(full: Questionnaire) -> None:
    risk = full.risk
    assert (risk.likelihood.id, risk.dimensions, risk.combine, risk.bands) == (
        "likelihood5",
        ("human", "economic"),
        "max",
        "risk",
    )
    scenario = risk.scenarios[0]
    assert (scenario.origin, scenario.indicators, dict(scenario.impacts)) == (
        "accidental",
        ("leg_ind", "leg_q1"),
        {"human": 4, "economic": 3},
    )


def test_the_model_is_frozen(full: Questionnaire) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        full.node("leg_q1").weight = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        full.scales["new"] = full.scales["capability"]  # type: ignore[index]


def test_a_scale_of_one_level_zero_scores_the_minimum(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        """\
assess: 1
id: one
version: "1.0"
default_language: en
title: One level
children:
  - id: area
    title: Area
    children:
      - id: q1
        type: level
        text: Q
        scale: {kind: level, levels: [{value: 0, label: Nothing}]}
""",
        encoding="utf-8",
    )
    scale = load_questionnaire(path).node("q1").scale
    assert [level.score for level in scale.levels] == [0.0]


def test_without_a_scoring_section_the_defaults_apply() -> None:
    minimal = load_questionnaire(DATA / "questionnaires" / "valid" / "minimal.yaml")
    framework = minimal.framework
    assert (framework.scale_min, framework.scale_max) == (0.0, 100.0)
    assert framework.defaults == ScorePolicy(Aggregation("mean"), "exclude", None, None)
    assert (minimal.languages, minimal.partial_languages, minimal.risk) == (("fr",), (), None)
    assert minimal.node("q1").options[1].label.get() == "Partiellement"
