"""The assistance pipeline: requests grouped where countries share a gap (one questionnaire's
action), proposals made from a group and changed, each change audited, refusals beside fields."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assess.extensions import make_engine
from assess.models import Assessment, AuditEvent, Country, Plan, PlanAction, Region, User
from assess.services import assessments as lifecycle
from assess.services import assistance, plans
from assess.services.answers import save_answer
from assess.services.errors import InvalidFields, NotAllowed
from assess.services.plan_inputs import stored_regional_inputs
from assess.services.questionnaires import open_registry
from assess.words.catalogue import words_in
from tests import database

ROOT = Path(__file__).resolve().parents[2]
PLAN_TEST = ROOT / "tests" / "plans" / "data" / "plan-test" / "1.0.yaml"
OTHER = "plan-test-b"  # the same questionnaire under another id: its actions are other gaps
ACTION = "resp_ind:3"


@pytest.fixture
def sessions(
    database_url: str, test_database: database.TestDatabase, tmp_path: Path
) -> Iterator[sessionmaker[Session]]:
    """Sessions whose questionnaires are plan-test and its copy under another id."""
    folder = tmp_path / "questionnaires"
    (folder / "plan-test").mkdir(parents=True)
    (folder / OTHER).mkdir()
    shutil.copyfile(PLAN_TEST, folder / "plan-test" / "1.0.yaml")
    text = PLAN_TEST.read_text(encoding="utf-8").replace("id: plan-test\n", f"id: {OTHER}\n", 1)
    (folder / OTHER / "1.0.yaml").write_text(text, encoding="utf-8")
    engine = make_engine(database_url, **test_database.engine_options)
    yield sessionmaker(
        engine, info={"questionnaires": open_registry(folder)}, expire_on_commit=False
    )
    engine.dispose()


def _country(db: Session, code: str) -> Country:
    return db.scalars(select(Country).where(Country.code == code)).one()


def _region(db: Session, code: str) -> Region:
    return db.scalars(select(Region).where(Region.code == code)).one()


def national_plan(
    db: Session, world: dict[str, User], code: str, qid: str = "plan-test", label: str = "2026"
) -> Plan:
    """The country's round of `qid`, every question at level 1, and the plan generated from it."""
    country = _country(db, code)
    secretariat = world[f"secretariat-{country.region.code.lower()}"]
    nfp = world[f"nfp-{code.lower()}"]
    assessment = lifecycle.open_round(db, secretariat, country, qid, "1.0", label)
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        save_answer(db, nfp, assessment, question_id, "answered", 1, None, 0)
    return plans.generate_national(db, nfp, assessment).plan


def request(
    db: Session,
    world: dict[str, User],
    plan: Plan,
    action_id: str = ACTION,
    support: str = "training",
    cost: str | None = None,
    currency: str | None = None,
) -> PlanAction:
    """The NFP asks assistance on the action, saying in which form (and perhaps its cost)."""
    code = plan.assessment.country.code
    changes = {"assistance_requested": True, "support": support}
    if cost:
        changes.update(cost=cost, cost_reason="Quoted by the supplier")
    return plans.edit_action(
        db, world[f"nfp-{code.lower()}"], plan, action_id, changes, currency=currency or "EUR"
    )


@pytest.fixture
def shared(db, world) -> dict[str, Plan]:
    """XA and XB (both of SEEE) ask assistance on the same action; XA on another one too."""
    made = {code: national_plan(db, world, code) for code in ("XA", "XB")}
    request(db, world, made["XA"], cost="1,000.50")
    request(db, world, made["XB"], support="equipment", cost="2000")
    request(db, world, made["XA"], "leg_ind:2", support="legal")
    return made


def test_two_countries_asking_on_the_same_gap_make_one_group(db, world, shared) -> None:
    groups = assistance.region_requests(db, _region(db, "SEEE"))
    first = groups[0]
    assert [(g.action_id, g.countries) for g in groups] == [
        (ACTION, ("XA", "XB")),
        ("leg_ind:2", ("XA",)),
    ]
    assert [(r.country, r.cost, r.currency, r.support) for r in first.requests] == [
        ("XA", Decimal("1000.5"), "EUR", "training"),
        ("XB", Decimal("2000.0"), "EUR", "equipment"),
    ]
    # Each country's level now and its target, from the gap the action closes.
    assert [(r.gaps[0].node_id, r.level_now < r.target) for r in first.requests] == [
        ("resp_teams", True),
        ("resp_teams", True),
    ]


def test_an_action_not_requested_or_no_longer_active_is_no_request(db, world, shared) -> None:
    withdrawn = {"assistance_requested": False, "support": ""}
    plans.edit_action(db, world["nfp-xb"], shared["XB"], ACTION, withdrawn)
    row = next(r for r in shared["XA"].actions if r.action_id == "leg_ind:2")
    row.active = False
    db.commit()
    groups = assistance.region_requests(db, _region(db, "SEEE"))
    assert [(g.action_id, g.countries) for g in groups] == [(ACTION, ("XA",))]


def test_different_questionnaires_are_never_grouped(db, world) -> None:
    request(db, world, national_plan(db, world, "XA"))
    request(db, world, national_plan(db, world, "XB", OTHER))
    groups = assistance.region_requests(db, _region(db, "SEEE"))
    assert sorted((g.questionnaire_id, g.action_id, g.countries) for g in groups) == [
        ("plan-test", ACTION, ("XA",)),
        (OTHER, ACTION, ("XB",)),
    ]


def test_only_the_latest_rounds_plan_counts_and_other_regions_stay_out(db, world) -> None:
    request(db, world, national_plan(db, world, "XA", label="2026"))
    newer = national_plan(db, world, "XA", label="2027")
    request(db, world, newer, "leg_ind:2")
    request(db, world, national_plan(db, world, "XC"))
    groups = assistance.region_requests(db, _region(db, "SEEE"))
    assert [(g.action_id, [r.round for r in g.requests]) for g in groups] == [
        ("leg_ind:2", ["2027"])
    ]
    assert [r.country for r in assistance.country_requests(db, _country(db, "XC"))] == ["XC"]


def _events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_proposal_from_a_group_takes_its_countries_and_actions_audited(db, world, shared) -> None:
    region = _region(db, "SEEE")
    key = assistance.group_key("plan-test", ACTION)
    made = assistance.make_proposal(
        db, world["secretariat-seee"], region, key, " Detection  training ", currency="USD"
    )
    [proposal] = assistance.region_proposals(db, region)
    assert (proposal.title, proposal.status, proposal.countries, proposal.currency) == (
        "Detection training",
        "draft",
        ("XA", "XB"),
        "EUR",  # the requests' own currency, not the default
    )
    assert (proposal.budget, proposal.total()) == (None, Decimal("3000.5"))
    [event] = _events(db, assistance.CREATE)
    assert event.new["proposal"] == made.id
    assert [a["country"] for a in event.new["actions"]] == ["XA", "XB"]
    group = assistance.group_of(db, region, key)
    assert [r.proposal.title for r in group.requests] == ["Detection training"] * 2
    with pytest.raises(InvalidFields) as refused:
        assistance.make_proposal(
            db, world["secretariat-seee"], region, key, "Again", currency="EUR"
        )
    assert list(refused.value.fields) == ["group"]


def test_editing_title_status_and_budget_is_audited_old_and_new(db, world, shared) -> None:
    region = _region(db, "SEEE")
    made = assistance.make_proposal(
        db,
        world["secretariat-seee"],
        region,
        assistance.group_key("plan-test", ACTION),
        "Detection",
        currency="EUR",
    )
    changes = {"title": "Detection kits", "status": "submitted", "budget": "12 500,25"}
    assistance.edit_proposal(db, world["secretariat-seee"], made, changes, lang="fr")
    [proposal] = assistance.region_proposals(db, region)
    assert (proposal.title, proposal.status, proposal.budget, proposal.total()) == (
        "Detection kits",
        "submitted",
        Decimal("12500.25"),
        Decimal("12500.25"),
    )
    [event] = _events(db, assistance.EDIT)
    assert (event.old["status"], event.new["status"], event.new["budget"]) == (
        "draft",
        "submitted",
        "12500.25",
    )
    assistance.edit_proposal(db, world["secretariat-seee"], made, {"budget": ""})
    assert assistance.region_proposals(db, region)[0].budget is None
    # Saving the same values again is no change, and no event.
    assistance.edit_proposal(db, world["secretariat-seee"], made, {"status": "submitted"})
    assert len(_events(db, assistance.EDIT)) == 2


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": ""}, ["title"]),
        ({"title": "x" * 201}, ["title"]),
        ({"title": "a\x00b"}, ["title"]),
        ({"status": "dreaming"}, ["status"]),
        ({"budget": "a lot"}, ["budget"]),
        ({"budget": "-5"}, ["budget"]),
        ({"budget": "1.005"}, ["budget"]),
        ({"budget": "USD 100"}, ["budget"]),
        ({"currency": "XYZ"}, ["currency"]),
        ({"title": "", "status": "x", "budget": "?"}, ["title", "status", "budget"]),
        ({"region": "AAF"}, ["region"]),
    ],
)
def test_a_refused_value_is_named_beside_its_field_and_nothing_changes(
    db, world, shared, changes, fields
) -> None:
    made = assistance.make_proposal(
        db,
        world["secretariat-seee"],
        _region(db, "SEEE"),
        assistance.group_key("plan-test", ACTION),
        "Detection",
        currency="EUR",
    )
    with pytest.raises(InvalidFields) as refused:
        assistance.edit_proposal(db, world["secretariat-seee"], made, changes, lang="en")
    db.rollback()
    db.expire_all()
    assert sorted(refused.value.fields) == sorted(fields)
    assert (made.title, made.status, made.budget) == ("Detection", "draft", None)
    assert _events(db, assistance.EDIT) == []


@pytest.mark.parametrize("username", ["nfp-xa", "team-xa", "admin", "secretariat-aaf"])
def test_only_the_regions_secretariat_changes_its_proposals(db, world, shared, username) -> None:
    region = _region(db, "SEEE")
    key = assistance.group_key("plan-test", ACTION)
    with pytest.raises(NotAllowed):
        assistance.make_proposal(db, world[username], region, key, "Mine", currency="EUR")
    made = assistance.make_proposal(
        db, world["secretariat-seee"], region, key, "Detection", currency="EUR"
    )
    with pytest.raises(NotAllowed):
        assistance.edit_proposal(db, world[username], made, {"status": "closed"})
    with pytest.raises(NotAllowed):
        assistance.remove_action(db, world[username], made, made.actions[0].plan_action_id)


def test_actions_are_added_and_removed_one_proposal_each(db, world, shared) -> None:
    region, secretariat = _region(db, "SEEE"), world["secretariat-seee"]
    made = assistance.make_proposal(
        db, secretariat, region, assistance.group_key("plan-test", ACTION), "One", currency="EUR"
    )
    legal = next(r for r in shared["XA"].actions if r.action_id == "leg_ind:2")
    assistance.add_action(db, secretariat, made, legal.id)
    assert [a.action_id for a in assistance.region_proposals(db, region)[0].actions] == [
        ACTION,
        ACTION,
        "leg_ind:2",
    ]
    with pytest.raises(InvalidFields) as twice:
        assistance.add_action(db, secretariat, made, legal.id)
    assert "already" in str(twice.value)
    not_requested = next(r for r in shared["XB"].actions if r.action_id == "leg_ind:2")
    elsewhere = national_plan(db, world, "XC")
    request(db, world, elsewhere)
    for refused_id in (not_requested.id, elsewhere.actions[0].id, 10**6):
        with pytest.raises(InvalidFields):
            assistance.add_action(db, secretariat, made, refused_id)
    assistance.remove_action(db, secretariat, made, legal.id)
    assert [a.action_id for a in assistance.region_proposals(db, region)[0].actions] == [
        ACTION,
        ACTION,
    ]
    assert [e.new["action"] for e in _events(db, assistance.ADD)] == ["leg_ind:2"]
    assert [e.old["action"] for e in _events(db, assistance.REMOVE)] == ["leg_ind:2"]
    # Free again: a second proposal may take it up.
    second = assistance.make_proposal(
        db,
        secretariat,
        region,
        assistance.group_key("plan-test", "leg_ind:2"),
        "Two",
        currency="EUR",
    )
    assert [a.plan_action_id for a in second.actions] == [legal.id]


def test_a_country_sees_its_own_actions_of_a_proposal_only(db, world, shared) -> None:
    region, secretariat = _region(db, "SEEE"), world["secretariat-seee"]
    assistance.make_proposal(
        db, secretariat, region, assistance.group_key("plan-test", ACTION), "Kits", currency="EUR"
    )
    seen = assistance.country_proposals(db, _country(db, "XB"))
    assert [(p.title, p.status, [(a.country, a.support) for a in p.actions]) for p in seen] == [
        ("Kits", "draft", [("XB", "equipment")])
    ]
    assert assistance.country_proposals(db, _country(db, "XC")) == []


def test_a_cost_in_another_currency_is_not_added_to_the_budget(db, world) -> None:
    xa, xb = national_plan(db, world, "XA"), national_plan(db, world, "XB")
    request(db, world, xa, cost="100", currency="EUR")
    request(db, world, xb, cost="USD 70")
    made = assistance.make_proposal(
        db,
        world["secretariat-seee"],
        _region(db, "SEEE"),
        assistance.group_key("plan-test", ACTION),
        "Mixed",
        currency="EUR",
    )
    proposal = assistance.as_plan_proposal(made)
    assert [(a.country, a.cost) for a in proposal.actions] == [
        ("XA", Decimal("100.0")),
        ("XB", None),
    ]
    assert (proposal.currency, proposal.total()) == ("EUR", Decimal("100.0"))


def test_the_edited_regional_plan_carries_the_proposals(db, world, shared) -> None:
    region, secretariat = _region(db, "SEEE"), world["secretariat-seee"]
    for plan in shared.values():
        assessment = db.get(Assessment, plan.assessment_id)
        lifecycle.submit(db, world[f"nfp-{assessment.country.code.lower()}"], assessment)
        lifecycle.accept(db, secretariat, assessment)
    stored = plans.generate_regional(db, secretariat, region).plan
    assistance.make_proposal(
        db, secretariat, region, assistance.group_key("plan-test", ACTION), "Kits", currency="EUR"
    )
    built = plans.edited_regional(stored_regional_inputs(db, stored), stored, "en")
    assert [(p.title, p.countries) for p in built.proposals] == [("Kits", ("XA", "XB"))]


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
def test_regional_actions_are_led_by_the_secretariat_named_in_the_plans_language(
    db, world, shared, lang
) -> None:
    region, secretariat = _region(db, "SEEE"), world["secretariat-seee"]
    for plan in shared.values():
        assessment = db.get(Assessment, plan.assessment_id)
        lifecycle.submit(db, world[f"nfp-{assessment.country.code.lower()}"], assessment)
        lifecycle.accept(db, secretariat, assessment)
    stored = plans.generate_regional(db, secretariat, region).plan
    built = plans.edited_regional(stored_regional_inputs(db, stored), stored, lang)
    leads = {shared_action.action.lead_agency for shared_action in built.shared}
    assert leads == {words_in(lang).gettext("Regional Secretariat")}
