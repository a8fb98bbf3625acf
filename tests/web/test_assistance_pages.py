"""The assistance pages: the Secretariat sees two countries' requests grouped, makes a proposal
from the group and changes it; the regional plan page shows it; a country sees its own requests
and the proposal's title and status, never another country's part; refusals are 4xx pages."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from assess.models import AuditEvent, Plan, Proposal
from assess.services import assessments as lifecycle
from assess.services import plans
from assess.services.answers import save_answer
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, person, signed_in

ACTION = "resp_ind:3"
LEAD = {"XA": "Arvenian Civil Protection", "XB": "Belmoran Fire Service"}


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


def _plan(db, code: str) -> Plan:
    """The country's round, every question at level 1, and its plan; the NFP asks assistance on
    ACTION."""
    nfp, secretariat = person(db, f"nfp-{code.lower()}"), person(db, "secretariat-seee")
    a = lifecycle.open_round(db, secretariat, nfp.country, "plan-test", "1.0", "2026")
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        save_answer(db, nfp, a, question_id, "answered", 1, None, 0)
    made = plans.generate_national(db, nfp, a).plan
    changes = {
        "assistance_requested": True,
        "support": "training",
        "lead_agency": LEAD[code],
        "cost": "1000",
        "cost_reason": "Quoted by the supplier",
    }
    plans.edit_action(db, nfp, made, ACTION, changes, currency="EUR")
    return made


@pytest.fixture
def requested(db, world) -> dict[str, Plan]:
    return {code: _plan(db, code) for code in ("XA", "XB")}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _make(client, title: str = "Detection training", budget: str = ""):
    page = _text(client.get("/regions/SEEE/assistance"))
    key = re.search(r'name="group" value="([^"]+)"', page).group(1)
    return client.post(
        "/regions/SEEE/proposals", data={"group": key, "title": title, "budget": budget}
    )


def test_the_secretariat_makes_a_proposal_of_a_shared_gap(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    page = _text(client.get("/regions/SEEE/assistance"))
    assert "Shared by 2: XA, XB" in page
    assert [LEAD["XA"] in page, LEAD["XB"] in page, "Training" in page] == [True] * 3
    made = _make(client)
    assert made.status_code == 303
    proposal = _text(client.get(made.headers["Location"]))
    assert "Detection training" in proposal and "€2,000.00" in proposal
    regional = _text(client.get("/regions/SEEE/plan"))
    head, body = regional.split("</title>", 1)
    table = body.split('<table id="proposals"', 1)[1].split("</table>", 1)[0]
    assert "Project proposals" not in head
    assert ["Detection training" in table, "XA, XB" in table, "€2,000.00" in table] == [True] * 3
    # Both requests are taken up: the group offers no second proposal.
    assert 'name="group"' not in _text(client.get("/regions/SEEE/assistance"))


def test_the_proposal_is_changed_and_a_bad_budget_keeps_what_was_typed(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    url = _make(client).headers["Location"]
    typed = {"title": "Kits", "status": "approved", "currency": "EUR", "budget": "a lot"}
    refused = client.post(url, data=typed)
    page = _text(refused)
    assert refused.status_code == 422
    assert "Budget: 'a lot' is not an amount" in page and 'value="Kits"' in page
    saved = client.post(url, data={**typed, "budget": "12,500.50"})
    assert saved.status_code == 303
    page = _text(client.get(url))
    assert ["Kits" in page, "Approved" in page, "€12,500.50" in page] == [True] * 3
    db.expire_all()
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("proposal%")))
    assert list(actions) == ["proposal-create", "proposal-edit"]


def test_actions_are_removed_and_added_back_with_refusals_as_422(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    url = _make(client).headers["Location"]
    db.expire_all()
    proposal = db.scalars(select(Proposal)).one()
    first = proposal.actions[0].plan_action_id
    assert client.post(url + "/actions/remove", data={"plan_action": first}).status_code == 303
    assert client.post(url + "/actions", data={"plan_action": "x"}).status_code == 422
    assert client.post(url + "/actions", data={"plan_action": "999999"}).status_code == 422
    assert client.post(url + "/actions/remove", data={"plan_action": first}).status_code == 422
    assert client.post(url + "/actions", data={"plan_action": first}).status_code == 303
    db.expire_all()
    assert sorted(a.plan_action_id for a in db.scalars(select(Proposal)).one().actions) == sorted(
        a.plan_action_id for a in proposal.actions
    )


def test_a_title_is_escaped_and_bounded(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    assert _make(client, title="x" * 201).status_code == 422
    made = _make(client, title="<script>alert(1)</script>")
    raw = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in raw and "&lt;script&gt;alert(1)" in raw
    assert client.post("/regions/SEEE/proposals", data={"title": "y" * 5000}).status_code == 413


def test_a_country_sees_its_own_requests_and_only_the_title_and_status_of_a_proposal(
    app, db, requested
) -> None:
    _make(signed_in(app, "secretariat-seee"), title="Detection training")
    page = _text(signed_in(app, "nfp-xa").get("/countries/XA/assistance"))
    assert [LEAD["XA"] in page, "Detection training" in page, "Draft" in page] == [True] * 3
    assert [LEAD["XB"] in page, "Belmora" in page, "XB" in page] == [False] * 3
    for username in ("nfp-xa", "team-xa"):
        client = signed_in(app, username)
        assert client.get("/countries/XB/assistance").status_code == 404
        assert client.get("/regions/SEEE/assistance").status_code == 404
        assert client.get("/regions/SEEE/proposals/1").status_code == 404


def test_admins_read_but_only_the_secretariat_changes(app, db, requested) -> None:
    _make(signed_in(app, "secretariat-seee"))
    admin = signed_in(app, "admin")
    assert admin.get("/regions/SEEE/assistance").status_code == 200
    assert admin.get("/regions/SEEE/proposals/1").status_code == 200
    assert admin.post("/regions/SEEE/proposals/1", data={"title": "Mine"}).status_code == 403
    assert admin.post("/regions/SEEE/proposals", data={"title": "Mine"}).status_code == 403
    other = signed_in(app, "secretariat-aaf")
    assert other.get("/regions/SEEE/proposals/1").status_code == 404
    assert other.get("/regions/AAF/proposals/1").status_code == 404


def test_the_pages_link_to_the_assistance_pages(app, db, requested) -> None:
    nfp = _text(signed_in(app, "nfp-xa").get("/dashboard"))
    assert 'href="/countries/XA/assistance"' in nfp
    secretariat = signed_in(app, "secretariat-seee")
    assert 'href="/regions/SEEE/assistance"' in _text(secretariat.get("/dashboard"))
    assert 'href="/regions/SEEE/assistance"' in _text(secretariat.get("/regions/SEEE/plan"))
    plan_page = _text(secretariat.get(f"/assessments/{assessment_of(db, 'XB').id}/plan"))
    assert 'href="/countries/XB/assistance"' in plan_page


def test_forms_without_the_csrf_token_are_refused(make_app, db, requested) -> None:
    app = make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"username": "secretariat-seee", "password": "assess-demo", "csrf_token": token},
    )
    assert client.post("/regions/SEEE/proposals", data={"title": "No token"}).status_code == 400
    assert db.scalars(select(Proposal)).all() == []


def test_the_pages_and_refusals_are_in_french(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    client.post("/language", data={"lang": "fr", "next": "/"})
    url = _make(client).headers["Location"]
    page = _text(client.get("/regions/SEEE/assistance"))
    assert ["Demandes d’assistance" in page, "Formation" in page, "Brouillon" in page] == [True] * 3
    typed = {"title": "Kits", "status": "draft", "currency": "EUR", "budget": "beaucoup"}
    refused = _text(client.post(url, data=typed))
    assert "Budget : « beaucoup » n’est pas un montant" in refused
    assert client.post(url, data={**typed, "budget": "12 500,50"}).status_code == 303
    assert "12 500,50 €" in _text(client.get(url)).replace("\u202f", " ").replace("\xa0", " ")


def test_the_events_log_says_each_change_of_a_proposal(app, db, requested) -> None:
    client = signed_in(app, "secretariat-seee")
    url = _make(client, title="Kits").headers["Location"]
    client.post(url, data={"title": "Kits", "status": "submitted", "currency": "EUR"})
    db.expire_all()
    first = db.scalars(select(Proposal)).one().actions[0].plan_action_id
    client.post(url + "/actions/remove", data={"plan_action": first})
    client.post(url + "/actions", data={"plan_action": first})
    page = _text(signed_in(app, "admin").get("/admin/events"))
    assert [
        "secretariat-seee made the project proposal Kits of the region SEEE." in page,
        "secretariat-seee changed the project proposal Kits of the region SEEE." in page,
        "secretariat-seee took an action of XA out of the project proposal no. 1." in page,
        "secretariat-seee added an action of XA to the project proposal no. 1." in page,
    ] == [True] * 4


def test_a_group_gone_since_the_page_was_shown_is_refused_with_a_reason(app, db, requested):
    client = signed_in(app, "secretariat-seee")
    data = {"group": "plan-test nowhere:1", "title": "Late", "budget": ""}
    refused = client.post("/regions/SEEE/proposals", data=data)
    assert refused.status_code == 422
    assert "No country of the region requests assistance on this action." in _text(refused)
    assert client.get("/regions/SEEE/proposals/99999999999").status_code == 404
