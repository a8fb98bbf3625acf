"""An action's page for following it: the computed cost beside a person's override, funding and
support chosen from lists in the reader's language, KPIs, default dates, and progress recorded
over time; refusals keep every value typed; CSRF and access as for editing the plan."""

from __future__ import annotations

import html
import re

import pytest

from assess.models import AuditEvent
from assess.services import plans
from assess.services import progress as progress_service
from tests.services.test_plan_follow import COSTED, COSTING, recorded
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, person, plan_of, signed_in
from tests.web.test_plans import _set_level

KPIS = {
    "kpi-0-name": "Laws reviewed",
    "kpi-0-baseline": "0",
    "kpi-0-target": "4",
    "kpi-0-date": "2028-12-31",
    "kpi-1-name": "",
    "kpi-1-baseline": "",
    "kpi-1-target": "",
    "kpi-1-date": "",
}
FORM = {
    "lead_agency": "Ministry of Justice",
    "horizon": "short",
    "status": "ongoing",
    "progress": "20",
    "funding_source": "partners",
    "assistance_requested": "1",
    "support": "legal",
    **KPIS,
}


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


@pytest.fixture
def plan(db, demo):
    """XA's plan with every template proposed, one action costed as the costing stores it."""
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        _set_level(db, "XA", question_id, 1)
    made = plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA")).plan
    row = next(r for r in made.actions if r.action_id == COSTED)
    row.proposed = {**row.proposed, **COSTING}
    db.commit()
    return made


def url(plan, action_id: str = COSTED) -> str:
    return f"/plans/{plan.id}/actions/{action_id}"


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def words_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def edits_of(db, plan, action_id: str = COSTED) -> dict:
    return next(r for r in plan_of(db, plan.assessment).actions if r.action_id == action_id).edits


def test_the_page_shows_the_computed_cost_per_year_and_an_empty_override(app, plan):
    response = signed_in(app, "nfp-xa").get(url(plan))
    words, page = words_of(response), page_of(response)
    assert "Computed cost The costing gives $1,234.50." in words
    assert "2027 2028 2029 2030 2031 $0.00 $1,234.50 $0.00 $0.00 $0.00" in words
    assert "1 line item" in words
    assert '<input id="f-cost" name="cost" type="text" value=""' in page
    assert "Cost (blank: the computed cost)" in words
    # The dates the schedule gives, beside empty fields.
    assert "Blank: 2028-01-01, from the plan year and the horizon." in words
    assert "Blank: 2028-12-31, from the plan year and the horizon." in words
    assert 'name="start" type="date" aria-describedby="d-start" value=""' in page


def test_an_override_with_a_reason_is_saved_and_the_history_shows_both_costs(app, db, plan):
    client = signed_in(app, "nfp-xa")
    form = {**FORM, "cost": "2,000", "currency": "USD", "cost_reason": "Supplier's quote"}
    assert client.post(url(plan), data=form).status_code == 303
    assert (edits_of(db, plan)["cost"], edits_of(db, plan)["cost_reason"]) == (
        2000.0,
        "Supplier's quote",
    )
    words = words_of(client.get(url(plan)))
    assert "The cost was set to $2,000.00 instead: Supplier's quote" in words
    assert "Cost: 1,234.50 → 2,000.00" in words
    assert "Reason for changing the cost: → Supplier's quote" in words
    assert "Funding source: → Other partners" in words


def test_an_override_without_a_reason_keeps_every_value_typed(app, db, plan):
    form = {**FORM, "cost": "2,000", "currency": "USD", "cost_reason": ""}
    response = signed_in(app, "nfp-xa").post(url(plan), data=form)
    page = page_of(response)
    assert response.status_code == 422
    reason = "Give a reason for changing the computed cost."
    assert f'<p class="error" id="e-cost_reason">{reason}</p>' in page
    assert 'value="2,000"' in page and 'value="Ministry of Justice"' in page
    assert 'name="kpi-0-name" type="text" aria-label="KPI 1" value="Laws reviewed"' in page
    assert '<option value="partners" selected>Other partners</option>' in page
    assert '<option value="legal" selected>Legal drafting</option>' in page
    assert edits_of(db, plan) == {}


def test_a_wrong_kpi_is_marked_and_the_rows_typed_are_kept(app, db, plan):
    form = {**FORM, "kpi-1-name": "", "kpi-1-target": "30", "kpi-1-date": "next year"}
    response = signed_in(app, "nfp-xa").post(url(plan), data=form)
    page = page_of(response)
    assert response.status_code == 422
    assert '<p class="error" id="e-kpis">KPI 2: give it a name.</p>' in page
    assert 'name="kpi-1-target" type="text" aria-label="Target 2" value="30"' in page
    assert 'value="next year"' in page
    assert edits_of(db, plan) == {}


def test_support_without_a_request_is_refused_beside_it(app, db, plan):
    form = {key: value for key, value in FORM.items() if key != "assistance_requested"}
    response = signed_in(app, "nfp-xa").post(url(plan), data=form)
    assert response.status_code == 422
    assert 'id="e-support"' in page_of(response)


def test_funding_and_support_are_chosen_in_the_readers_language(app, plan):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = page_of(client.get(url(plan)))
    assert '<option value="national">Budget national</option>' in page
    assert '<option value="not_found">Pas encore trouvé</option>' in page
    assert '<option value="equipment">Équipement</option>' in page


def test_a_funding_source_typed_before_the_list_still_shows(app, db, plan):
    row = next(r for r in plan.actions if r.action_id == COSTED)
    row.edits = {"funding_source": "EU <Instrument>"}
    db.commit()
    client = signed_in(app, "nfp-xa")
    raw = client.get(url(plan)).get_data(as_text=True)
    assert "EU &lt;Instrument&gt; (as recorded before; choose a source)" in raw
    # Saving other fields sends it back unchanged: it is kept.
    form = {**FORM, "funding_source": "EU <Instrument>", "status": "delayed"}
    assert client.post(url(plan), data=form).status_code == 303
    assert edits_of(db, plan)["funding_source"] == "EU <Instrument>"


def test_kpis_saved_on_the_form_replace_the_templates_default(app, db, plan):
    assert signed_in(app, "nfp-xa").post(url(plan), data=FORM).status_code == 303
    assert edits_of(db, plan)["kpis"] == [
        {"name": "Laws reviewed", "baseline": "0", "target": "4", "date": "2028-12-31"}
    ]


def test_a_form_without_kpi_rows_leaves_the_kpis_as_they_are(app, db, plan):
    plans.edit_action(db, person(db, "nfp-xa"), plan, COSTED, {"kpis": [{"name": "Kept"}]})
    form = {key: value for key, value in FORM.items() if not key.startswith("kpi-")}
    assert signed_in(app, "nfp-xa").post(url(plan), data=form).status_code == 303
    assert [k["name"] for k in edits_of(db, plan)["kpis"]] == ["Kept"]


# Progress


@pytest.fixture
def followed(db, plan):
    kpis = [{"name": "Laws reviewed", "baseline": "0", "target": "4", "date": "2028-12-31"}]
    plans.edit_action(db, person(db, "nfp-xa"), plan, COSTED, {"kpis": kpis})
    return plan


def test_progress_is_recorded_and_listed_newest_first(app, db, followed):
    client = signed_in(app, "nfp-xa")
    for day, value in (("2026-03-31", "1"), ("2026-09-30", "3 <b>laws</b>")):
        form = {"kpi": "Laws reviewed", "value": value, "refers_to": day, "note": "On track"}
        response = client.post(url(followed) + "/progress", data=form)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(url(followed) + "#progress")
    page = client.get(url(followed)).get_data(as_text=True)
    assert "3 &lt;b&gt;laws&lt;/b&gt;" in page  # escaped
    newest, oldest = page.index("2026-09-30"), page.index("2026-03-31")
    assert newest < oldest
    assert recorded(db, followed) == 2
    events = (
        db.query(AuditEvent)
        .filter(
            AuditEvent.action == progress_service.PROGRESS,
            AuditEvent.assessment_id == followed.assessment_id,
        )
        .count()
    )
    assert events == 2


def test_wrong_progress_is_marked_and_keeps_what_was_typed(app, db, followed):
    form = {"kpi": "Laws reviewed", "value": "", "refers_to": "2026-02-30", "note": "Typed <note>"}
    response = signed_in(app, "nfp-xa").post(url(followed) + "/progress", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="pe-value">Value: give the value recorded.</p>' in page
    assert "is not a date (YYYY-MM-DD)" in html.unescape(page)
    assert 'value="2026-02-30"' in page and ">Typed &lt;note&gt;</textarea>" in page
    assert not recorded(db, followed)


@pytest.mark.parametrize(
    ("username", "status"),
    [("team-xa", 403), ("secretariat-seee", 403), ("nfp-xb", 404), ("secretariat-aaf", 404)],
)
def test_only_whoever_edits_the_plan_records_progress(app, db, followed, username, status):
    form = {"kpi": "Laws reviewed", "value": "1", "refers_to": "2026-03-31", "note": ""}
    response = signed_in(app, username).post(url(followed) + "/progress", data=form)
    assert response.status_code == status
    assert not recorded(db, followed)


def test_the_progress_form_is_shown_to_the_nfp_only(app, followed):
    assert 'action="' + url(followed) + '/progress"' in page_of(
        signed_in(app, "nfp-xa").get(url(followed))
    )
    seen = page_of(signed_in(app, "team-xa").get(url(followed)))
    assert "Progress over time" in seen and "/progress" not in seen


def test_progress_without_the_csrf_token_is_refused(make_app, db, followed, tmp_path):
    guarded = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=tmp_path / "out",
        WTF_CSRF_ENABLED=True,
    )
    client = guarded.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post(
        "/login", data={"username": "nfp-xa", "password": "assess-demo", "csrf_token": token}
    )
    form = {"kpi": "Laws reviewed", "value": "1", "refers_to": "2026-03-31", "note": ""}
    assert client.post(url(followed) + "/progress", data=form).status_code == 400
    assert not recorded(db, followed)
    page = client.get(url(followed)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(url(followed) + "/progress", data={**form, "csrf_token": token})
    assert response.status_code == 303 and recorded(db, followed) == 1
