"""The action form refuses a wrong value beside its field, keeps every value typed and saves
nothing; costs are read as the reader's language writes them, in a currency (#11 item 6)."""

from __future__ import annotations

import html
import re

import pytest

from assess.models import AuditEvent
from assess.services import plan_edits, plans
from assess.services.answers import save_answer
from assess.words.plan_codes import code_word
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, person, plan_of, signed_in

TYPED = {
    "lead_agency": "Civil Protection Agency",
    "supporting_agencies": "Police, Customs",
    "start": "2027-01-15",
    "end": "2027-11-30",
    "horizon": "medium",
    "cost": "EUR 120,000",
    "currency": "EUR",
    "funding_source": "partners",
    "status": "ongoing",
    "progress": "35",
    "last_review": "2026-10-01",
    "priority": "",
    "priority_reason": "",
    "assistance_requested": "1",
}


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


@pytest.fixture
def plan(db, demo):
    """XA's plan with its legal questions at level 1: every legal template is proposed."""
    a, nfp = assessment_of(db, "XA"), person(db, "nfp-xa")
    for question_id in ("leg_own", "leg_inherit", "leg_alone"):
        record = next((r for r in a.answers if r.question_id == question_id), None)
        version = record.version if record else 0
        save_answer(db, nfp, a, question_id, "answered", 1, None, version)
    return plans.generate_national(db, nfp, a).plan


def first_action(plan) -> str:
    return min(r.action_id for r in plan.actions if r.active)


def edits_of(db, plan) -> dict:
    rows = plan_of(db, assessment_of(db, "XA")).actions
    return next(r for r in rows if r.action_id == first_action(plan)).edits


def post(app, plan, form: dict, lang: str = "en"):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": lang, "next": "/"})
    return client.post(f"/plans/{plan.id}/actions/{first_action(plan)}", data=form)


@pytest.mark.parametrize(
    ("field", "wrong", "reason"),
    [
        ("cost", "a lot", "Cost: 'a lot' is not an amount (write it as 120,000.50)."),
        ("cost", "USD 5,000", "Cost: the amount is in USD but the currency chosen is EUR."),
        ("start", "2027-13-01", "Start: '2027-13-01' is not a date (YYYY-MM-DD)."),
        ("end", "2026-01-01", "The end (2026-01-01) is before the start (2027-01-15)."),
        ("progress", "120", "Progress: give a whole number from 0 to 100."),
        ("currency", "XXX", "Currency: choose a currency from the list."),
        ("priority", "low", "Give a reason for changing the priority."),
    ],
)
def test_a_refused_field_keeps_every_other_value_typed_and_saves_nothing(
    app, db, plan, field, wrong, reason
):
    response = post(app, plan, {**TYPED, field: wrong})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    beside = "priority_reason" if field == "priority" else field
    assert f'<p class="error" id="e-{beside}">{reason}</p>' in page
    assert f'id="f-{beside}" name="{beside}"' in page.replace(
        f' aria-describedby="e-{beside}" aria-invalid="true"', ""
    )
    for name, value in TYPED.items():
        if name in ("supporting_agencies", "assistance_requested", "priority", "priority_reason"):
            continue
        if name == field == "currency":
            continue  # a code not in the list has no option to show it in
        shown = wrong if name == field else value
        if name in ("horizon", "status", "currency"):
            assert f'<option value="{shown}" selected>' in page, name
        else:
            assert f'name="{name}"' in page and f'value="{shown}"' in page, name
    assert 'value="Police, Customs"' in page and 'name="assistance_requested"' in page
    assert 'type="checkbox" value="1" checked' in page
    assert edits_of(db, plan) == {}
    # (the demo's own plans carry edits of their own: only this plan's assessment counts)
    edited = db.query(AuditEvent).filter(
        AuditEvent.action == plans.EDIT, AuditEvent.assessment_id == plan.assessment_id
    )
    assert not edited.count()


def test_two_wrong_fields_are_both_marked(app, plan):
    response = post(app, plan, {**TYPED, "cost": "beaucoup", "progress": "-3"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert 'id="e-cost"' in page and 'id="e-progress"' in page
    assert 'value="beaucoup"' in page and 'value="-3"' in page


@pytest.mark.parametrize(
    ("lang", "cost", "currency", "value", "stored_currency"),
    [
        ("en", "EUR 120,000", "EUR", 120000.0, "EUR"),
        ("fr", "120 000 €", "EUR", 120000.0, "EUR"),
        ("fr", "120.000,50", "CHF", 120000.5, "CHF"),
        ("ru", "120 000,50 ₽", "RUB", 120000.5, "RUB"),
        ("ar", "١٢٠٬٠٠٠", "USD", 120000.0, "USD"),
    ],
)
def test_a_cost_is_read_as_the_readers_language_writes_it(
    app, db, plan, lang, cost, currency, value, stored_currency
):
    response = post(app, plan, {**TYPED, "cost": cost, "currency": currency}, lang)
    assert response.status_code == 303
    edits = edits_of(db, plan)
    assert (edits["cost"], edits["currency"]) == (value, stored_currency)


def test_a_cost_without_a_currency_takes_the_chosen_one(app, db, plan):
    assert post(app, plan, {**TYPED, "cost": "5000", "currency": "XOF"}).status_code == 303
    assert (edits_of(db, plan)["cost"], edits_of(db, plan)["currency"]) == (5000.0, "XOF")


def test_the_form_offers_the_default_currency_first_chosen(app, plan):
    url = f"/plans/{plan.id}/actions/{first_action(plan)}"
    page = signed_in(app, "nfp-xa").get(url).get_data(as_text=True)
    assert '<option value="EUR" selected>EUR (Euro)</option>' in page


def test_saving_without_a_cost_stores_no_currency(app, db, plan):
    form = {**TYPED, "cost": "", "currency": "EUR"}
    assert post(app, plan, form).status_code == 303
    assert "cost" not in edits_of(db, plan) and "currency" not in edits_of(db, plan)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_action_page_words_its_type_in_the_readers_language(app, plan, lang):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": lang, "next": "/"})
    page = client.get(f"/plans/{plan.id}/actions/leg_ind:2").get_data(as_text=True)
    shown = f"<dd>{code_word('type', 'legal', lang)}</dd>"
    assert (shown in page, "<dd>legal</dd>" in page) == (True, False)


@pytest.mark.parametrize(("lang", "lead"), [("en", "Ministry of Justice"), ("ar", "وزارة العدل")])
def test_the_plan_report_names_the_lead_agency_in_its_language(app, db, plan, lang, lead):
    a = assessment_of(db, "XA")
    page = signed_in(app, "nfp-xa").get(f"/assessments/{a.id}/plan/report?lang={lang}")
    assert lead in page.get_data(as_text=True)


def test_the_form_tells_the_browser_how_long_each_text_may_be(app, plan):
    url = f"/plans/{plan.id}/actions/{first_action(plan)}"
    page = signed_in(app, "nfp-xa").get(url).get_data(as_text=True)
    for name in ("lead_agency", "supporting_agencies", "priority_reason"):
        field = re.search(rf'<input id="f-{name}"[^>]*>', page)[0]
        assert f'maxlength="{plan_edits.TEXT_LIMIT}"' in field, name
