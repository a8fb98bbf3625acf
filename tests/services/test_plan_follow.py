"""Following a plan's actions: a funding source and a form of support chosen from lists, a
computed cost overridden with a reason, KPIs, default dates, and progress recorded over time;
every change audited, every refusal said beside its field, every edit kept on regeneration."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from assess.models import ActionProgress, AuditEvent, PlanAction
from assess.plans.model import Action, Kpi
from assess.services import plan_reports, plans, progress, trends
from assess.services.errors import InvalidFields, InvalidInput, NotAllowed, NotFound
from assess.services.plan_edits import apply_edits
from assess.services.plan_inputs import national_inputs
from assess.services.plan_views import row_of
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, person, plan_of
from tests.web.test_plans import _set_level


def recorded(db, plan) -> int:
    """The progress records of `plan`'s actions (the demo's own plans have some too)."""
    return (
        db.query(ActionProgress)
        .join(PlanAction, ActionProgress.plan_action_id == PlanAction.id)
        .filter(PlanAction.plan_id == plan.id)
        .count()
    )


APP_SETTINGS = {"QUESTIONNAIRES_DIR": PLAN_QUESTIONNAIRES}
COSTED = "leg_ind:1"
# The stored proposal of a costed action, as the costing stores one (amounts as exact decimal
# text): 1,234.50 USD, all in plan year 2 of five starting in 2027.
COSTING = {
    "cost": "1234.50",
    "currency": "USD",
    "plan_year": 2,
    "year_costs": ["0.00", "1234.50", "0.00", "0.00", "0.00"],
    "cost_lines": [
        {
            "unit_cost": "meeting_small",
            "category": "workforce",
            "subcategory": "per_diems",
            "years": ["0.00", "1234.50", "0.00", "0.00", "0.00"],
            "missing": [],
        }
    ],
    "plan_start_year": 2027,
    "plan_years": 5,
}
TODAY = dt.date(2027, 6, 30)


@pytest.fixture
def plan(db, demo):
    """XA's plan with every question at level 1 (every template proposed), one action costed."""
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        _set_level(db, "XA", question_id, 1)
    made = plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA")).plan
    row = next(r for r in made.actions if r.action_id == COSTED)
    row.proposed = {**row.proposed, **COSTING}
    db.commit()
    return made


def edit(db, plan, changes, action_id=COSTED, username="nfp-xa"):
    return plans.edit_action(db, person(db, username), plan, action_id, changes)


def refused(db, plan, changes, action_id=COSTED) -> dict[str, str]:
    """The reasons of a refused edit, by field; nothing saved, nothing audited."""
    before = dict(_edits(db, plan, action_id))
    events = _events(db)
    with pytest.raises(InvalidFields) as refusal:
        edit(db, plan, changes, action_id)
    db.rollback()
    assert _edits(db, plan, action_id) == before and _events(db) == events
    return {name: str(text) for name, text in refusal.value.fields.items()}


def _events(db) -> int:
    return db.query(AuditEvent).filter(AuditEvent.action == plans.EDIT).count()


def _edits(db, plan, action_id=COSTED) -> dict:
    return next(r for r in plan_of(db, plan.assessment).actions if r.action_id == action_id).edits


# The cost override


def test_a_computed_cost_overridden_with_a_reason_is_kept_and_the_trail_shows_both(db, plan):
    edit(db, plan, {"cost": "2,000", "cost_reason": "The supplier's quote"})
    edits = _edits(db, plan)
    assert (edits["cost"], edits["currency"], edits["cost_reason"]) == (
        2000.0,
        "USD",  # the costing's currency: the override names none
        "The supplier's quote",
    )
    [event] = plans.edit_trail(db, plan, COSTED)
    assert event.old == {"plan": plan.id, "cost": 1234.5, "cost_reason": None, "currency": None}
    assert event.new == {
        "plan": plan.id,
        "cost": 2000.0,
        "cost_reason": "The supplier's quote",
        "currency": "USD",
    }
    row = row_of(plan_of(db, plan.assessment), COSTED)
    assert row["cost"] == 2000.0 and row.proposed["cost"] == "1234.50"


def test_the_override_applied_to_an_action_is_its_cost(db, plan):
    edit(db, plan, {"cost": "2,000.10", "cost_reason": "Quote"})
    computed = replace(_any_action(), cost=1234.5, year_costs=(Decimal("1234.50"),), currency="USD")
    action = apply_edits(computed, _edits(db, plan))
    assert (action.cost, action.cost_reason, action.currency) == (2000.1, "Quote", "USD")
    assert action.year_costs == (Decimal("1234.50"),)  # the computed costs stay to spread it


def _any_action() -> Action:
    return Action("a:1", "A", "", (), (), (), "", (), (), (), "a", "a", 1, "high", None, 1.0)


def test_a_changed_reason_alone_is_audited_as_itself(db, plan):
    edit(db, plan, {"cost": "2000", "cost_reason": "Quote"})
    edit(db, plan, {"cost": "2000", "cost_reason": "Second quote"})
    last = plans.edit_trail(db, plan, COSTED)[-1]
    assert (last.old, last.new) == (
        {"plan": plan.id, "cost_reason": "Quote"},
        {"plan": plan.id, "cost_reason": "Second quote"},
    )


def test_an_override_without_a_reason_is_refused_beside_the_reason(db, plan):
    assert refused(db, plan, {"cost": "2000"}) == {
        "cost_reason": "Give a reason for changing the computed cost."
    }


def test_an_override_in_another_currency_than_the_costings_is_refused(db, plan):
    reasons = refused(db, plan, {"cost": "EUR 2,000", "cost_reason": "Quote"})
    assert reasons == {"currency": "Currency: the plan is costed in USD; give the cost in USD."}


def test_a_cost_equal_to_the_computed_one_overrides_nothing(db, plan):
    edit(db, plan, {"cost": "1,234.50", "cost_reason": ""})
    assert "cost" not in _edits(db, plan) and plans.edit_trail(db, plan, COSTED) == []


def test_removing_the_override_gives_the_computed_cost_back_audited(db, plan):
    edit(db, plan, {"cost": "2000", "cost_reason": "Quote"})
    edit(db, plan, {"cost": "", "cost_reason": "Quote"})
    assert not {"cost", "currency", "cost_reason"} & set(_edits(db, plan))
    last = plans.edit_trail(db, plan, COSTED)[-1]
    assert (last.old["cost"], last.new["cost"]) == (2000.0, 1234.5)
    assert (last.old["cost_reason"], last.new["cost_reason"]) == ("Quote", None)


def test_without_a_computed_cost_an_estimate_needs_no_reason(db, plan):
    edit(db, plan, {"cost": "5000", "currency": "EUR"}, action_id="leg_ind:2")
    assert _edits(db, plan, "leg_ind:2") == {"cost": 5000.0, "currency": "EUR"}


# Funding and support


def test_a_funding_source_is_one_of_the_list(db, plan):
    edit(db, plan, {"funding_source": "partners"})
    assert _edits(db, plan)["funding_source"] == "partners"
    reasons = refused(db, plan, {"funding_source": "EU Instrument for Stability"})
    assert reasons == {
        "funding_source": "Funding source: choose one of national, initiative, partners, not_found."
    }


def test_a_funding_source_typed_before_the_list_stays_until_changed(db, plan):
    row = next(r for r in plan.actions if r.action_id == COSTED)
    row.edits = {"funding_source": "EU Instrument for Stability"}
    db.commit()
    assert row_of(plan, COSTED)["funding_source"] == "EU Instrument for Stability"
    # Sent back unchanged with another change, it is kept; a new free text is refused.
    edit(db, plan, {"funding_source": "EU Instrument for Stability", "status": "ongoing"})
    assert _edits(db, plan)["funding_source"] == "EU Instrument for Stability"
    with pytest.raises(InvalidFields) as refusal:
        edit(db, plan, {"funding_source": "World Bank"})
    assert set(refusal.value.fields) == {"funding_source"}
    db.rollback()
    edit(db, plan, {"funding_source": "national"})
    assert _edits(db, plan)["funding_source"] == "national"


def test_a_form_of_support_goes_with_a_request_for_assistance(db, plan):
    reasons = refused(db, plan, {"support": "training"})
    assert reasons == {
        "support": "Support requested: a form of support goes with a request for assistance; "
        "tick 'Assistance requested' or leave it blank."
    }
    assert refused(db, plan, {"support": "money", "assistance_requested": True}) == {
        "support": "Support requested: choose one of training, expertise, equipment, exercise, "
        "legal, funding."
    }
    edit(db, plan, {"support": "equipment", "assistance_requested": True})
    assert (_edits(db, plan)["support"], _edits(db, plan)["assistance_requested"]) == (
        "equipment",
        True,
    )
    # Withdrawing the request while keeping the support is refused: both go together.
    assert set(refused_after(db, plan, {"assistance_requested": False})) == {"support"}


def refused_after(db, plan, changes) -> dict:
    with pytest.raises(InvalidFields) as refusal:
        edit(db, plan, changes)
    db.rollback()
    return refusal.value.fields


# KPIs


def test_the_templates_kpi_is_the_default_first_kpi(db, plan):
    with_kpi = [r for r in plan.actions if r.proposed.get("kpi")]
    assert with_kpi, "the plan test questionnaire has a template with a KPI"
    row = row_of(plan, with_kpi[0].action_id)
    assert row["kpis"] == (Kpi(with_kpi[0].proposed["kpi"]),)
    without = next(r for r in plan.actions if not r.proposed.get("kpi"))
    assert row_of(plan, without.action_id)["kpis"] == ()


def test_kpis_are_edited_and_kept(db, plan):
    kpis = [
        {"name": "Laws reviewed", "baseline": "0", "target": "4", "date": "2028-12-31"},
        {"name": "", "baseline": "", "target": "", "date": ""},  # a blank row is dropped
        {"name": "Staff trained", "baseline": "", "target": "30", "date": ""},
    ]
    edit(db, plan, {"kpis": kpis})
    assert _edits(db, plan)["kpis"] == [kpis[0], kpis[2]]
    assert row_of(plan_of(db, plan.assessment), COSTED)["kpis"] == (
        Kpi("Laws reviewed", "0", "4", "2028-12-31"),
        Kpi("Staff trained", "", "30", ""),
    )
    # People may remove every KPI, the template's default included.
    edit(db, plan, {"kpis": []})
    assert row_of(plan_of(db, plan.assessment), COSTED)["kpis"] == ()


@pytest.mark.parametrize(
    ("kpis", "reason"),
    [
        ([{"name": f"K{i}"} for i in range(11)], "KPIs: at most 10."),
        ([{"baseline": "3"}], "KPI 1: give it a name."),
        ([{"name": "A"}, {"name": "x" * 201}], "KPI 2: at most 200 characters."),
        ([{"name": "A", "date": "2028-02-30"}], "KPI 1: '2028-02-30' is not a date (YYYY-MM-DD)."),
        ([{"name": "Staff"}, {"name": "staff"}], "KPI 2: another KPI has the name 'staff'."),
        (
            [{"name": "A", "owner": "me"}],
            "KPIs: each KPI has a name, a baseline, a target and a date.",
        ),
        ("Staff trained", "KPIs: give a list of KPIs."),
        (
            [{"name": "A\x00"}],
            "KPI 1 contains a control character (such as NUL) that cannot be stored: remove it.",
        ),
    ],
)
def test_wrong_kpis_are_refused_with_their_reason(db, plan, kpis, reason):
    assert refused(db, plan, {"kpis": kpis}) == {"kpis": reason}


# Dates


def test_an_actions_dates_default_from_its_plan_year_and_horizon(db, plan):
    row = row_of(plan, COSTED)
    assert row.proposed["horizon"] == "short"  # the legal area's first step
    assert (row["start"], row["end"]) == ("2028-01-01", "2028-12-31")  # plan year 2
    edit(db, plan, {"horizon": "long"})
    assert row_of(plan_of(db, plan.assessment), COSTED)["end"] == "2031-12-31"  # clipped
    edit(db, plan, {"start": "2027-04-01", "horizon": "medium"})
    row = row_of(plan_of(db, plan.assessment), COSTED)
    assert (row["start"], row["end"]) == ("2027-04-01", "2030-03-31")
    assert "end" not in _edits(db, plan)  # a default is never stored as a person's


def test_an_end_before_the_default_start_is_refused(db, plan):
    assert refused(db, plan, {"end": "2027-06-30"}) == {
        "end": "The end (2027-06-30) is before the start (2028-01-01)."
    }


def test_the_edited_plan_is_dated_a_persons_dates_winning(db, plan, monkeypatch):
    """edited_national dates every action from its plan year (here: its step) and horizon."""
    real = plans.national_plan

    def costed(inputs, lang):
        built = real(inputs, lang)
        areas = tuple(
            replace(
                area,
                gaps=tuple(
                    replace(gap, actions=tuple(replace(a, plan_year=a.step) for a in gap.actions))
                    for gap in area.gaps
                ),
            )
            for area in built.areas
        )
        return replace(built, areas=areas, start_year=2027, years=5)

    monkeypatch.setattr(plans, "national_plan", costed)
    edit(db, plan, {"start": "2027-03-01", "horizon": "short"}, action_id="leg_ind:2")
    a = assessment_of(db, "XA")
    dated = {
        x.id: x
        for x in plans.edited_national(national_inputs(db, a), plan_of(db, a), "en").actions()
    }
    assert (dated["leg_ind:2"].start, dated["leg_ind:2"].end) == ("2027-03-01", "2028-02-29")
    step3 = dated["leg_alone:3"]
    assert step3.start == "2029-01-01" and step3.end
    assert all(x.start for x in dated.values())


# Surviving regeneration


def test_every_follow_up_edit_survives_regeneration(db, plan):
    changes = {
        "cost": "2000",
        "cost_reason": "Quote",
        "funding_source": "initiative",
        "assistance_requested": True,
        "support": "training",
        "kpis": [{"name": "Laws reviewed", "baseline": "0", "target": "4", "date": "2028-12-31"}],
    }
    edit(db, plan, changes)
    kept = dict(_edits(db, plan))
    _set_level(db, "XA", "resp_teams", 3)
    again = plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA"))
    assert COSTED not in again.removed
    assert _edits(db, plan) == kept
    assert kept["cost"] == 2000.0 and kept["cost_reason"] == "Quote"


# Progress over time


def record(db, plan, username="nfp-xa", action_id=COSTED, today=TODAY, **fields):
    given = {"kpi": "Laws reviewed", "value": "1", "refers_to": "2027-03-31", "note": "", **fields}
    return progress.record_progress(db, person(db, username), plan, action_id, given, today=today)


@pytest.fixture
def followed(db, plan):
    kpis = [
        {"name": "Laws reviewed", "baseline": "0", "target": "4", "date": "2028-12-31"},
        {"name": "Staff trained", "baseline": "0", "target": "30", "date": ""},
    ]
    edit(db, plan, {"kpis": kpis})
    return plan


def test_progress_is_recorded_and_audited(db, followed):
    made = record(db, followed, value="2 of 4", note="Two laws reviewed by the ministry")
    db.expire_all()
    stored = db.get(ActionProgress, made.id)
    assert (stored.kpi, stored.value, stored.refers_to, stored.by.username) == (
        "Laws reviewed",
        "2 of 4",
        dt.date(2027, 3, 31),
        "nfp-xa",
    )
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == progress.PROGRESS,
            AuditEvent.assessment_id == followed.assessment_id,
        )
    ).one()
    assert (event.user.username, event.question_id, event.assessment_id) == (
        "nfp-xa",
        COSTED,
        followed.assessment_id,
    )
    assert event.new == {
        "plan": followed.id,
        "kpi": "Laws reviewed",
        "value": "2 of 4",
        "refers_to": "2027-03-31",
        "note": "Two laws reviewed by the ministry",
    }


def test_progress_is_listed_newest_first_and_the_last_value_is_each_kpis_newest(db, followed):
    record(db, followed, value="1", refers_to="2027-03-31")
    record(db, followed, value="3", refers_to="2027-06-30")
    record(db, followed, value="2", refers_to="2027-05-01")
    record(db, followed, kpi="Staff trained", value="12", refers_to="2027-02-01")
    listed = [(p.kpi, p.value) for p in progress.progress_of(db, followed, COSTED)]
    assert listed == [
        ("Laws reviewed", "3"),
        ("Laws reviewed", "2"),
        ("Laws reviewed", "1"),
        ("Staff trained", "12"),
    ]
    assert progress.last_values(db, followed) == {
        (COSTED, "Laws reviewed"): progress.LastValue("3", dt.date(2027, 6, 30)),
        (COSTED, "Staff trained"): progress.LastValue("12", dt.date(2027, 2, 1)),
    }


@pytest.mark.parametrize(
    ("fields", "reasons"),
    [
        ({"kpi": "Budget spent"}, {"kpi": "KPI: choose one of the action's KPIs."}),
        ({"value": "  "}, {"value": "Value: give the value recorded."}),
        ({"value": "9" * 201}, {"value": "Value: at most 200 characters."}),
        ({"note": "n" * 1001}, {"note": "Note: at most 1000 characters."}),
        (
            {"refers_to": "31/03/2027"},
            {"refers_to": "Date of the value: '31/03/2027' is not a date (YYYY-MM-DD)."},
        ),
        (
            {"refers_to": "2027-07-02"},
            {
                "refers_to": "Date of the value: 2027-07-02 is in the future; record a value "
                "once it is measured."
            },
        ),
        (
            {"kpi": "", "value": ""},
            {
                "kpi": "KPI: choose one of the action's KPIs.",
                "value": "Value: give the value recorded.",
            },
        ),
    ],
)
def test_wrong_progress_is_refused_field_by_field_and_nothing_is_recorded(
    db, followed, fields, reasons
):
    with pytest.raises(InvalidFields) as refusal:
        record(db, followed, **fields)
    db.rollback()
    assert {name: str(text) for name, text in refusal.value.fields.items()} == reasons
    assert not recorded(db, followed)
    assert (
        not db.query(AuditEvent)
        .filter(
            AuditEvent.action == progress.PROGRESS,
            AuditEvent.assessment_id == followed.assessment_id,
        )
        .count()
    )


def test_tomorrow_is_allowed_for_time_zones_ahead_of_utc(db, followed):
    assert record(db, followed, refers_to="2027-07-01").refers_to == dt.date(2027, 7, 1)


def test_an_action_without_kpis_takes_no_progress(db, followed):
    edit(db, followed, {"kpis": []})
    with pytest.raises(InvalidFields) as refusal:
        record(db, followed)
    assert str(refusal.value.fields["kpi"]) == "The action has no KPI yet: add one to it first."


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee", "nfp-xb", "admin"])
def test_progress_is_recorded_by_whoever_edits_the_plans_actions(db, followed, username):
    with pytest.raises(NotAllowed):
        record(db, followed, username=username)
    assert not recorded(db, followed)


def test_progress_on_an_action_the_plan_no_longer_has_is_refused(db, followed):
    with pytest.raises(NotFound):
        record(db, followed, action_id="leg_ind:9")


# Feeding the next round's trends


def test_the_plans_outcome_gives_each_kpi_its_target_and_last_value(db, followed):
    record(db, followed, value="1", refers_to="2027-03-31")
    record(db, followed, value="3", refers_to="2027-06-30")
    outcome = trends.outcome_of(db, assessment_of(db, "XA"))
    assert outcome is not None
    [costed] = [a for a in outcome.actions if a.action_id == COSTED]
    assert [(k.name, k.target, k.date, k.last, k.last_date) for k in costed.kpis] == [
        ("Laws reviewed", "4", "2028-12-31", "3", "2027-06-30"),
        ("Staff trained", "30", "", "", ""),
    ]


def test_wrong_edits_raise_invalid_input_for_the_pages(db, plan):
    """Every refusal above is an InvalidInput: the pages answer 422 or 400, never 500."""
    with pytest.raises(InvalidInput):
        edit(db, plan, {"kpis": [{"name": "x" * 201}]})


def _monitoring(report):
    section = next(s for s in report.document.sections if s.heading == "Monitoring")
    return section.blocks[0]


def test_the_plan_report_prints_each_kpis_last_value_and_its_stamp_follows_them(db, followed):
    before = plan_reports.national_report(db, followed, lang="en", marking="R", when=None)
    assert "Last recorded" not in _monitoring(before).columns  # nothing recorded yet
    record(db, followed, value="1", refers_to="2027-03-31")
    record(db, followed, value="3", refers_to="2027-06-30")
    after = plan_reports.national_report(db, followed, lang="en", marking="R", when=None)
    table = _monitoring(after)
    column, kpi = table.columns.index("Last recorded"), table.columns.index("Indicator")
    number = table.columns.index("No.")
    ours = [row for row in table.rows if row[kpi] in ("Laws reviewed", "Staff trained")]
    assert sorted((row[kpi], row[column]) for row in ours) == [
        ("Laws reviewed", "3 (June 30, 2027)"),  # with the day it refers to
        ("Staff trained", ""),
    ]
    assert len({row[number] for row in ours}) == 1  # both the costed action's
    assert after.stamp.data_sha256 != before.stamp.data_sha256
    assert after.stamp.generated_at > before.stamp.generated_at
