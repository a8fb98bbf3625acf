"""The national plan builder on the shipped questionnaire and on a small one it knows by heart."""

from __future__ import annotations

import pytest

from assess.plans import action_order, build_national_plan
from assess.questionnaire.loader import load_questionnaire
from tests.plans.conftest import ROOT
from tests.plans.plan_data import levels

COUNTRIES = ("XA", "XB", "XC", "XD")


@pytest.mark.parametrize("country", COUNTRIES)
def test_each_area_keeps_three_to_five_gaps_when_it_has_them(cbrn, scored, country):
    score = scored(country)
    plan = build_national_plan(cbrn, score, lang="en")
    for area in plan.areas:
        below_target = [
            node.id
            for node in cbrn.node(area.area_id).walk()
            if getattr(node, "kind", "") == "indicator" and (score.nodes[node.id].gap or 0) > 0
        ]
        assert min(3, len(below_target)) <= len(area.gaps) <= 5


@pytest.mark.parametrize("country", COUNTRIES)
def test_actions_come_in_priority_then_gap_then_id_order(cbrn, scored, country):
    actions = build_national_plan(cbrn, scored(country), lang="en").actions()
    assert list(actions) == sorted(actions, key=action_order)
    bands = [("high", "medium", "low").index(a.priority) for a in actions]
    assert bands == sorted(bands)


@pytest.mark.parametrize("country", COUNTRIES)
def test_action_ids_are_unique_and_name_node_and_step(cbrn, scored, country):
    actions = build_national_plan(cbrn, scored(country), lang="en").actions()
    ids = [a.id for a in actions]
    assert len(ids) == len(set(ids))
    assert all(a.id == f"{a.id.rsplit(':', 1)[0]}:{a.step}" for a in actions)


def test_the_same_inputs_give_the_same_plan(cbrn, scored):
    first = build_national_plan(cbrn, scored("XA"), lang="fr")
    assert build_national_plan(cbrn, scored("XA"), lang="fr") == first


def test_texts_come_in_the_plans_language(cbrn, scored):
    plan = build_national_plan(cbrn, scored("XA"), lang="fr")
    action = next(a for a in plan.actions() if a.id == "coord_mechanism:1")
    assert action.title == cbrn.node("coord").actions[0].title.get("fr")
    assert plan.areas[0].title == cbrn.node(plan.areas[0].area_id).title.get("fr")


def test_every_step_from_level_to_target_gets_an_action(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 1, "leg_inherit": 1}), lang="en")
    gap = next(g for g in plan.gaps() if g.node_id == "leg_ind")
    assert [a.id for a in gap.actions] == ["leg_ind:1", "leg_ind:2", "leg_own:1"]


def test_a_question_uses_its_own_template_before_its_ancestors(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 1, "leg_inherit": 3}), lang="en")
    actions = {a.id: a for a in plan.actions()}
    assert actions["leg_own:1"].title == "Write the first law"
    assert actions["leg_ind:2"].title == "Adopt a law"


def test_an_inherited_template_shared_by_two_questions_is_one_action(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 2, "leg_inherit": 2}), lang="en")
    action = next(a for a in plan.actions() if a.id == "leg_ind:2")
    assert [link.node_id for link in action.gaps] == ["leg_own", "leg_inherit"]
    assert action.cbrn == ("C", "B", "N")
    assert action.instruments == ("UNSCR1540 OP2",)


def test_objective_defaults_to_the_next_levels_descriptor(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 3, "leg_inherit": 1}), lang="ar")
    action = next(a for a in plan.actions() if a.id == "leg_ind:1")
    assert action.objective == "بدأ العمل."
    assert action.title == "حصر القوانين"


def test_template_fields_fill_the_action(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 3, "leg_inherit": 2}), lang="en")
    action = next(a for a in plan.actions() if a.id == "leg_ind:2")
    assert (action.objective, action.activities, action.type) == (
        "A law is adopted.",
        ("Draft the bill",),
        "legal",
    )
    assert (action.lead_agency, action.horizon, action.kpi) == (
        "Ministry of Justice",
        "medium",
        "Law in force",
    )
    assert (action.status, action.progress, action.risks) == ("planned", 0, ("spill",))


def test_the_lead_agency_is_named_in_the_plans_language(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 3, "leg_inherit": 2}), lang="ar")
    action = next(a for a in plan.actions() if a.id == "leg_ind:2")
    assert (action.title, action.lead_agency) == ("اعتماد قانون", "وزارة العدل")


@pytest.mark.parametrize(
    ("lang", "lead"),
    [
        ("fr", "Ministère de la Santé"),
        ("ar", "وزارة الصحة"),
        ("ru", "Министерство здравоохранения"),
        ("pt", "Ministério da Saúde"),
    ],
)
def test_every_language_of_the_shipped_questionnaire_names_its_lead_agencies(lang, lead):
    """cbrn-needs 1.2 names each lead agency in each of its languages, never in English."""
    folder = ROOT / "questionnaires"
    latest = load_questionnaire(folder / "cbrn-needs" / "1.2.yaml", root=folder)
    leads = [t.lead for node in latest.walk() for t in getattr(node, "actions", ()) if t.lead]
    assert leads
    assert all(t.get(lang) != t.get("en") for t in leads)
    assert lead in {t.get(lang) for t in leads}


def test_a_question_outside_any_indicator_is_a_gap_of_its_own(small):
    plan = build_national_plan(small, levels(small, {"leg_alone": 2}), lang="en")
    gap = next(g for g in plan.gaps() if g.node_id == "leg_alone")
    assert [a.id for a in gap.actions] == ["leg_alone:2", "leg_alone:3"]


def test_answers_at_target_leave_no_gap(small):
    at_target = {"leg_own": 3, "leg_inherit": 3, "leg_alone": 4, "resp_teams": 4}
    plan = build_national_plan(small, levels(small, at_target), lang="en")
    assert list(plan.gaps()) == []


def test_risks_carry_the_country_ratings_rounded_for_the_matrix(small):
    plan = build_national_plan(small, levels(small, {"leg_own": 1}), lang="en")
    assert [(r.scenario_id, r.likelihood, r.impact, r.cross_border) for r in plan.risks] == [
        ("spill", 4, 4, False),
        ("plume", 2, 5, True),
    ]


@pytest.mark.parametrize(
    ("per_area", "message"),
    [
        ((4, 2), "per_area must be (min, max) with 0 <= min <= max, not (4, 2)"),
        ((-1, 2), "per_area must be (min, max) with 0 <= min <= max, not (-1, 2)"),
    ],
)
def test_a_wrong_per_area_is_refused(small, per_area, message):
    with pytest.raises(ValueError) as error:
        build_national_plan(small, levels(small, {}), lang="en", per_area=per_area)
    assert str(error.value) == message


def test_per_area_caps_the_gaps_of_an_area(cbrn, scored):
    plan = build_national_plan(cbrn, scored("XB"), lang="en", per_area=(1, 1))
    assert max(len(area.gaps) for area in plan.areas) == 1
