"""Stored plans: generation, edits audited and kept across regeneration, and who may do what."""

from __future__ import annotations

import pytest

from assess.models import AuditEvent
from assess.services import plan_reports, plans
from assess.services.answers import save_answer
from assess.services.errors import InvalidInput, NotAllowed
from assess.services.plan_views import action_rows
from tests.web.plan_support import (
    PLAN_QUESTIONNAIRES,
    accept_all,
    assessment_of,
    person,
    plan_of,
    region,
    signed_in,
)


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


def _set_level(db, code: str, question_id: str, level: float) -> None:
    a, nfp = assessment_of(db, code), person(db, f"nfp-{code.lower()}")
    record = next((r for r in a.answers if r.question_id == question_id), None)
    saved = save_answer(
        db, nfp, a, question_id, "answered", level, None, record.version if record else 0
    )
    assert not hasattr(saved, "theirs")


@pytest.fixture
def generated(db, demo):
    """XA's plan with every question at level 1: every template is proposed."""
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        _set_level(db, "XA", question_id, 1)
    return plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA"))


def test_generation_stores_every_proposed_action(generated):
    ids = {row.action_id for row in generated.plan.actions}
    assert ids == {
        "leg_ind:1",
        "leg_ind:2",
        "leg_own:1",
        "leg_alone:1",
        "leg_alone:2",
        "leg_alone:3",
        "resp_ind:1",
        "resp_ind:2",
        "resp_ind:3",
    }
    assert set(generated.added) == ids and generated.removed == generated.changed == ()


def test_an_edit_is_audited_with_old_and_new_values(db, generated):
    nfp = person(db, "nfp-xa")
    plans.edit_action(db, nfp, generated.plan, "leg_ind:2", {"lead_agency": "Ministry of Justice"})
    plans.edit_action(db, nfp, generated.plan, "leg_ind:2", {"lead_agency": "Parliament"})
    events = plans.edit_trail(db, generated.plan, "leg_ind:2")
    assert [(e.user.username, e.old, e.new) for e in events] == [
        (
            "nfp-xa",
            {"plan": generated.plan.id, "lead_agency": None},
            {"plan": generated.plan.id, "lead_agency": "Ministry of Justice"},
        ),
        (
            "nfp-xa",
            {"plan": generated.plan.id, "lead_agency": "Ministry of Justice"},
            {"plan": generated.plan.id, "lead_agency": "Parliament"},
        ),
    ]


def test_saving_the_same_values_records_nothing(db, generated):
    nfp = person(db, "nfp-xa")
    plans.edit_action(db, nfp, generated.plan, "leg_ind:1", {"status": "ongoing"})
    plans.edit_action(db, nfp, generated.plan, "leg_ind:1", {"status": "ongoing"})
    assert len(plans.edit_trail(db, generated.plan, "leg_ind:1")) == 1


def test_regeneration_after_answers_change_keeps_edits_and_says_what_changed(db, generated):
    nfp, a = person(db, "nfp-xa"), assessment_of(db, "XA")
    edits = {
        "lead_agency": "Civil Protection",
        "start": "2027-01-01",
        "end": "2027-12-31",
        "cost": "250000",
        "funding_source": "partners",
        "status": "ongoing",
        "progress": "30",
    }
    plans.edit_action(db, nfp, generated.plan, "resp_ind:3", edits)
    _set_level(db, "XA", "resp_teams", 3)
    _set_level(db, "XA", "leg_alone", 3)
    again = plans.generate_national(db, nfp, a)
    assert (again.added, again.removed) == (
        (),
        ("leg_alone:1", "leg_alone:2", "resp_ind:1", "resp_ind:2"),
    )
    assert set(again.changed) == {"leg_alone:3", "resp_ind:3"}
    row = next(r for r in plan_of(db, a).actions if r.action_id == "resp_ind:3")
    assert row.edits == {**edits, "cost": 250000.0, "progress": 30}


def test_an_action_that_comes_back_brings_its_edits_back(db, generated):
    nfp, a = person(db, "nfp-xa"), assessment_of(db, "XA")
    plans.edit_action(db, nfp, generated.plan, "resp_ind:1", {"lead_agency": "Fire brigade"})
    _set_level(db, "XA", "resp_teams", 2)
    gone = plans.generate_national(db, nfp, a)
    _set_level(db, "XA", "resp_teams", 1)
    back = plans.generate_national(db, nfp, a)
    assert "resp_ind:1" in gone.removed and "resp_ind:1" in back.added
    shown = {row.action_id: row for row in action_rows(plan_of(db, a))}
    assert shown["resp_ind:1"]["lead_agency"] == "Fire brigade"


def test_regeneration_is_audited(db, generated):
    # The plan's own events: the demo made plans of the countries' earlier rounds too.
    events = db.query(AuditEvent).filter(AuditEvent.action == plans.GENERATE).all()
    ours = [e.new["added"] for e in events if e.new["plan"] == generated.plan.id]
    assert ours == [list(generated.added)]


def test_a_priority_override_reorders_the_actions(db, generated):
    first = action_rows(generated.plan)[0]["priority"]
    plans.edit_action(
        db,
        person(db, "nfp-xa"),
        generated.plan,
        "leg_alone:3",
        {"priority": "high", "priority_reason": "Ministerial commitment"},
    )
    rows = action_rows(plan_of(db, assessment_of(db, "XA")))
    overridden = next(r for r in rows if r.action_id == "leg_alone:3")
    assert first == "high" and overridden["priority_reason"] == "Ministerial commitment"
    assert [r["priority"] for r in rows] == sorted(
        (r["priority"] for r in rows), key=("high", "medium", "low").index
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": "2027-13-01"}, "Start: '2027-13-01' is not a date (YYYY-MM-DD)."),
        (
            {"start": "2028-01-01", "end": "2027-01-01"},
            "The end (2027-01-01) is before the start (2028-01-01).",
        ),
        ({"priority": "low"}, "Give a reason for changing the priority."),
        ({"progress": "120"}, "Progress: give a whole number from 0 to 100."),
        (
            {"status": "done"},
            "Status: choose one of planned, ongoing, completed, delayed, cancelled.",
        ),
        ({"cost": "a lot"}, "Cost: 'a lot' is not an amount (write it as 120,000.50)."),
        ({"horizon": "soon"}, "Horizon: choose one of short, medium, long."),
        ({"title": "New"}, "These fields cannot be edited: title."),
        ({"lead_agency": "x" * 501}, "Lead agency: at most 500 characters."),
    ],
)
def test_a_wrong_edit_is_refused_with_its_reason(db, generated, changes, message):
    with pytest.raises(InvalidInput) as refusal:
        plans.edit_action(db, person(db, "nfp-xa"), generated.plan, "leg_ind:1", changes)
    assert refusal.value.message == message


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee"])
def test_only_the_nfp_edits_a_national_plan(db, generated, username):
    with pytest.raises(NotAllowed):
        plans.edit_action(
            db, person(db, username), generated.plan, "leg_ind:1", {"status": "ongoing"}
        )


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("nfp-xa", 200),
        ("team-xa", 200),
        ("secretariat-seee", 200),
        ("admin", 200),
        ("nfp-xb", 404),
        ("team-xb", 404),
        ("secretariat-aaf", 404),
        ("expert", 404),
        ("nfp-xc", 404),
    ],
)
def test_a_national_plan_page_is_seen_by_its_country_and_secretariat(
    app, db, generated, username, status
):
    a = assessment_of(db, "XA")
    assert signed_in(app, username).get(f"/assessments/{a.id}/plan").status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("nfp-xa", 303),
        ("secretariat-seee", 303),
        ("team-xa", 403),
        ("admin", 403),
        ("nfp-xb", 404),
        ("secretariat-aaf", 404),
        ("expert", 404),
    ],
)
def test_the_nfp_and_the_secretariat_generate_a_national_plan(app, db, demo, username, status):
    a = assessment_of(db, "XA")
    response = signed_in(app, username).post(f"/assessments/{a.id}/plan/generate")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("secretariat-seee", 200),
        ("admin", 200),
        ("secretariat-aaf", 404),
        ("nfp-xa", 404),
        ("team-xb", 404),
        ("expert", 404),
    ],
)
def test_a_regional_plan_page_is_seen_by_its_secretariat(app, world, username, status):
    assert signed_in(app, username).get("/regions/SEEE/plan").status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("nfp-xa", 200),
        ("team-xa", 200),
        ("secretariat-seee", 200),
        ("nfp-xb", 404),
        ("secretariat-aaf", 404),
        ("expert", 404),
    ],
)
def test_an_action_page_follows_its_plans_access(app, db, generated, username, status):
    url = f"/plans/{generated.plan.id}/actions/leg_ind:1"
    assert signed_in(app, username).get(url).status_code == status


def test_the_nfp_edits_an_action_in_the_browser(app, db, generated):
    client = signed_in(app, "nfp-xa")
    form = {
        "lead_agency": "Ministry of <b>Health</b>",
        "status": "delayed",
        "progress": "10",
        "supporting_agencies": "Police, Customs",
        "assistance_requested": "1",
    }
    response = client.post(f"/plans/{generated.plan.id}/actions/leg_ind:1", data=form)
    assert response.status_code == 303
    page = client.get(f"/assessments/{assessment_of(db, 'XA').id}/plan").get_data(as_text=True)
    assert "Ministry of &lt;b&gt;Health&lt;/b&gt;" in page
    row = next(
        r for r in plan_of(db, assessment_of(db, "XA")).actions if r.action_id == "leg_ind:1"
    )
    assert (row.edits["supporting_agencies"], row.edits["assistance_requested"]) == (
        ["Police", "Customs"],
        True,
    )


def test_a_team_member_cannot_post_an_edit(app, db, generated):
    url = f"/plans/{generated.plan.id}/actions/leg_ind:1"
    assert signed_in(app, "team-xa").post(url, data={"status": "ongoing"}).status_code == 403


def test_the_regional_plan_names_the_countries_sharing_each_action(app, db, demo):
    for question_id in ("leg_own", "leg_inherit", "resp_teams"):
        _set_level(db, "XA", question_id, 1)
    accept_all(db, "SEEE")
    result = plans.generate_regional(db, person(db, "secretariat-seee"), region(db, "SEEE"))
    rows = action_rows(result.plan)
    assert rows and all(r["lead_agency"] == "Regional Secretariat" for r in rows)
    assert all(r["countries"] == ["XA", "XB"] for r in rows)
    page = signed_in(app, "secretariat-seee").get("/regions/SEEE/plan").get_data(as_text=True)
    assert "Shared by 2: XA, XB" in page


def test_a_region_without_accepted_assessments_says_so(app, world):
    page = signed_in(app, "secretariat-seee").get("/regions/SEEE/plan/report")
    assert page.status_code == 200
    assert "No accepted assessment in South East and Eastern Europe yet" in page.get_data(
        as_text=True
    )


def test_the_report_page_shows_the_same_svg_charts_as_the_pdf(app, db, generated):
    a = assessment_of(db, "XA")
    page = signed_in(app, "team-xa").get(f"/assessments/{a.id}/plan/report").get_data(as_text=True)
    made = plan_reports.national_report(
        db, generated.plan, lang="en", marking="RESTRICTED", when=None
    )
    charts = [b for s in made.document.sections for b in s.blocks if b.kind == "chart"]
    assert len(charts) == 3
    assert all(chart.svg(False) in page for chart in charts)


def test_the_report_page_escapes_what_people_wrote(app, db, generated):
    a, nfp = assessment_of(db, "XA"), person(db, "nfp-xa")
    markup = '<link rel=attachment href="file:///etc/passwd"><script>alert(1)</script>'
    save_answer(db, nfp, a, "resp_notes", "answered", markup, markup, 0)
    plans.generate_national(db, nfp, a)  # the report prints the answers its plan was made from
    page = signed_in(app, "nfp-xa").get(f"/assessments/{a.id}/plan/report").get_data(as_text=True)
    assert "&lt;link rel=attachment" in page and "<script>alert" not in page


def test_the_report_page_comes_in_the_chosen_language_and_direction(app, db, generated):
    a = assessment_of(db, "XA")
    url = f"/assessments/{a.id}/plan/report?lang=ar"
    page = signed_in(app, "nfp-xa").get(url).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page and "الملخص التنفيذي" in page


def test_the_regional_page_links_each_countrys_national_plan(app, db, demo):
    page = signed_in(app, "secretariat-seee").get("/regions/SEEE/plan").get_data(as_text=True)
    for code in ("XA", "XB"):
        assert f'href="/assessments/{assessment_of(db, code).id}/plan"' in page


@pytest.mark.parametrize(
    ("username", "linked"),
    [("nfp-xa", True), ("team-xa", True), ("secretariat-seee", True), ("admin", False)],
)
def test_the_overview_links_the_national_plan_for_those_who_may_see_it(
    app, db, demo, username, linked
):
    a = assessment_of(db, "XA")
    page = signed_in(app, username).get(f"/assessments/{a.id}").get_data(as_text=True)
    assert (f'href="/assessments/{a.id}/plan"' in page) is linked


def test_an_action_is_edited_with_choices_in_the_reader_language(app, db, generated):
    """Priority, horizon and status are chosen from lists worded in the page's language (the
    codes go with the form), and the plan's table shows the same words, not the codes."""
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr", "next": "/"})
    url = f"/plans/{generated.plan.id}/actions/leg_ind:1"
    page = client.get(url).get_data(as_text=True)
    assert '<select id="f-horizon" name="horizon">' in page
    assert '<option value="short"' in page and ">Court terme (≤ 1 an)</option>" in page
    assert '<option value="delayed">Retardée</option>' in page
    form = {"status": "delayed", "horizon": "long", "priority": "high"}
    form["priority_reason"] = "Exigence du ministère"
    assert client.post(url, data=form).status_code == 303
    table = client.get(f"/assessments/{assessment_of(db, 'XA').id}/plan").get_data(as_text=True)
    row = table.split('id="action-leg_ind:1"', 1)[1].split("</tr>", 1)[0]
    assert "<td>Élevée <span" in row and "Long terme" in row and "Retardée (0%)" in row


def test_the_generation_summary_is_said_in_the_reader_language(app, db, demo):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr", "next": "/"})
    a = assessment_of(db, "XA")
    response = client.post(f"/assessments/{a.id}/plan/generate")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plan généré : " in page and "toutes les modifications ont été conservées." in page


def test_a_label_and_its_value_are_punctuated_as_the_language_wants(app, db, generated):
    """French puts a no-break space before a colon; English does not."""
    client = signed_in(app, "nfp-xa")
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan"
    assert "<h1>National action plan: Arvenia</h1>" in client.get(url).get_data(as_text=True)
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = client.get(url).get_data(as_text=True)
    assert "<h1>Plan d'action national\u00a0: Arvenia</h1>" in page


@pytest.mark.parametrize(
    ("setting", "lang", "marking"),
    [
        ({}, "en", "RESTRICTED"),
        ({}, "pt", "RESERVADO"),
        ({}, "ru", "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ"),
        ({"ASSESS_REPORT_MARKING": "RESTRICTED"}, "pt", "RESTRICTED"),
        ({"ASSESS_REPORT_MARKING": "OFFICIAL-SENSITIVE"}, "fr", "OFFICIAL-SENSITIVE"),
    ],
)
def test_the_default_marking_is_translated_and_the_operators_printed_as_written(
    make_app, tmp_path, db, generated, setting, lang, marking
):
    # The default is no setting at all: a value the operator wrote, even the English word, stays.
    app = make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, **setting)
    a = assessment_of(db, "XA")
    page = signed_in(app, "team-xa").get(f"/assessments/{a.id}/plan/report?lang={lang}")
    assert f'<p class="status">{marking}</p>' in page.get_data(as_text=True)
    made = plan_reports.national_report(
        db, generated.plan, lang=lang, marking=app.config["ASSESS_REPORT_MARKING"], when=None
    )
    assert made.document.marking == marking
