"""NUL and other control characters in anything people type are refused with a clear message
before they reach the database (PostgreSQL refuses NUL in text: never a 500)."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from assess.models import AnswerRecord, Assessment, Country, Query
from assess.services import assessments as lifecycle
from assess.services.errors import InvalidInput
from assess.services.plan_edits import clean_edits
from tests.web.fill_support import FILL_QUESTIONNAIRES, answer_url, area_url, open_draft, set_status

MESSAGE = "What you sent contains a control character (such as NUL) that cannot be stored"
# C0 controls other than tab and line breaks; DEL and the like are ordinary text.
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f"]


@pytest.fixture
def app(make_app):
    return make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES)


@pytest.fixture
def draft(db, world) -> int:
    return open_draft(db, world["admin"])


def _answers(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AnswerRecord))


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_a_user_name_with_a_control_character_is_refused_at_sign_in(client, world, control):
    response = client.post("/login", data={"username": f"nfp{control}xa", "password": "x"})
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_a_round_label_with_nul_is_refused(client, login, db, world):
    login("secretariat-seee")
    data = {"countries": "XA", "questionnaire": "fill-test|1.0", "year": "2027\x00"}
    response = client.post("/regions/SEEE/rounds", data=data)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_query_with_nul_is_refused(client, login, db, draft):
    set_status(db, draft, "submitted")
    login("secretariat-seee")
    response = client.post(f"/assessments/{draft}/return", data={"query-leg_law": "Why\x00?"})
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Query)) == 0


@pytest.mark.parametrize(
    ("question_id", "payload"),
    [
        ("leg_law", {"state": "answered", "value": "2", "comment": "a\x00b"}),
        ("resp_notes", {"state": "answered", "value": "notes\x00"}),
        ("leg_checks", {"state": "answered", "value": ["chk_list"], "evidence": "doc\x01"}),
    ],
    ids=["comment", "text answer", "evidence line"],
)
def test_an_autosave_with_nul_is_refused_in_json(client, login, db, draft, question_id, payload):
    login("nfp-xa")
    response = client.post(answer_url(draft, question_id), json={**payload, "version": 0})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid-input"
    assert response.get_json()["message"].startswith(MESSAGE)
    assert _answers(db) == 0


def test_an_area_saved_without_script_with_a_nul_comment_is_refused(client, login, db, draft):
    login("nfp-xa")
    data = {"q-leg_law-state": "answered", "q-leg_law-value": "2", "q-leg_law-comment": "a\x00"}
    response = client.post(area_url(draft, "legal"), data=data)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert _answers(db) == 0


def test_an_evidence_file_named_with_a_control_character_is_refused(client, login, db, draft):
    login("nfp-xa")
    upload = {"file": (io.BytesIO(b"%PDF-1.4\n"), "law\x01.pdf")}
    response = client.post(f"{answer_url(draft, 'leg_checks')}/evidence", data=upload)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


def test_tabs_and_line_breaks_are_ordinary_text(client, login, db, draft):
    login("nfp-xa")
    payload = {"state": "answered", "value": "one\ttwo\r\nthree\n", "version": 0}
    assert client.post(answer_url(draft, "resp_notes"), json=payload).status_code == 200


def test_the_service_refuses_a_round_label_with_nul(db, world):
    country = db.scalar(select(Country).where(Country.code == "XA"))
    with pytest.raises(InvalidInput, match="The round label contains a control character"):
        lifecycle.open_round(db, world["admin"], country, "fill-test", "1.0", "20\x0026")


def test_the_service_refuses_a_query_with_nul(db, world, draft):
    set_status(db, draft, "submitted")
    said = re.escape("The query on Is there a law on CBRN materials? contains a control character")
    with pytest.raises(InvalidInput, match=said):
        lifecycle.return_with_queries(
            db, world["secretariat-seee"], db.get(Assessment, draft), {"leg_law": "a\x00"}
        )


@pytest.mark.parametrize("name", ["lead_agency", "supporting_agencies", "funding_source"])
def test_a_plan_edit_with_nul_is_refused(name):
    label = name.replace("_", " ").capitalize()
    with pytest.raises(InvalidInput, match=f"{label} contains a control character"):
        clean_edits({name: "Civil\x00 Protection"})
