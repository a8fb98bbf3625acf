"""Hostile input (issue #16, item 4): texts beyond their bound, lone surrogates and C1 controls,
ids beyond the database's integer and deeply nested JSON are refused with a clear 4xx, never a
500, and nothing of them is stored."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import func, select

from assess.models import AnswerRecord, AuditEvent, Query
from assess.services.errors import InvalidInput
from assess.services.plan_edits import clean_edits
from assess.services.text_input import LONG_TEXT, MESSAGE_TEXT, has_control
from tests.web.api_support import bearer
from tests.web.fill_support import FILL_APP, answer_url, area_url, set_status

APP_SETTINGS = FILL_APP
TEN_MB = 10 * 1024 * 1024
CONTROL_MESSAGE = "What you sent contains a control character (such as NUL) that cannot be stored"
# C1 controls and lone UTF-16 halves: invisible, and a lone surrogate cannot even be encoded.
HOSTILE = ["\x80", "\x85", "\x9f", "\ud800", "\udfff"]


def _stored(db) -> tuple[int, int, int, int]:
    """Rows and characters people's texts occupy: answers, their comments, queries, audit."""
    db.expire_all()
    answers = db.scalar(select(func.count()).select_from(AnswerRecord))
    comments = db.scalar(select(func.coalesce(func.sum(func.length(AnswerRecord.comment)), 0)))
    queries = db.scalar(select(func.count()).select_from(Query))
    events = db.scalar(select(func.count()).select_from(AuditEvent))
    return answers, comments, queries, events


# --- 1. bounded text lengths ---------------------------------------------------------------


@pytest.mark.parametrize("size", [LONG_TEXT + 1, TEN_MB], ids=["limit+1", "10MB"])
@pytest.mark.parametrize(
    ("question_id", "payload"),
    [
        ("leg_law", lambda big: {"state": "answered", "value": "2", "comment": big}),
        ("resp_notes", lambda big: {"state": "answered", "value": big}),
        ("leg_checks", lambda big: {"state": "answered", "value": ["chk_list"], "evidence": big}),
    ],
    ids=["comment", "text answer", "evidence line"],
)
def test_an_autosave_over_the_bound_is_refused(
    client, login, db, assessment, question_id, payload, size
):
    login("nfp-xa")
    before = _stored(db)
    body = {**payload("x" * size), "version": 0}
    response = client.post(answer_url(assessment, question_id), json=body)
    assert response.status_code == 413
    assert response.get_json()["error"] == "too-long"
    assert f"{LONG_TEXT:,}" in response.get_json()["message"]
    assert _stored(db) == before


def test_an_autosave_at_the_bound_is_kept(client, login, db, assessment):
    login("nfp-xa")
    body = {"state": "answered", "value": "2", "comment": "x" * LONG_TEXT, "version": 0}
    assert client.post(answer_url(assessment, "leg_law"), json=body).status_code == 200
    db.expire_all()
    assert db.scalar(select(func.max(func.length(AnswerRecord.comment)))) == LONG_TEXT


@pytest.mark.parametrize("size", [LONG_TEXT + 1, TEN_MB], ids=["limit+1", "10MB"])
def test_an_area_posted_without_script_with_a_huge_comment_is_refused(
    client, login, db, assessment, size
):
    login("nfp-xa")
    before = _stored(db)
    data = {"q-leg_law-state": "answered", "q-leg_law-value": "2", "q-leg_law-comment": "x" * size}
    response = client.post(area_url(assessment, "legal"), data=data)
    assert response.status_code == 413
    assert f"{LONG_TEXT:,}" in response.get_data(as_text=True)
    assert _stored(db) == before


def test_the_fill_page_tells_the_browser_the_bounds(client, login, assessment):
    login("nfp-xa")
    page = "".join(
        client.get(area_url(assessment, area)).get_data(as_text=True)
        for area in ("legal", "response")
    )
    boxes = re.findall(r"<textarea[^>]*>", page)
    named = {re.search(r'name="([^"]+)"', box)[1]: box for box in boxes}
    for name in ("q-leg_law-comment", "q-resp_notes-value", "q-leg_checks-evidence"):
        assert f'maxlength="{LONG_TEXT}"' in named[name], name


def test_a_query_over_its_bound_is_refused_and_none_is_stored(client, login, db, assessment):
    set_status(db, assessment, "submitted")
    login("secretariat-seee")
    before = _stored(db)
    data = {"query-leg_law": "x" * (MESSAGE_TEXT + 1)}
    # The review page's refusals are said on the page it returns to (flashed), as any other.
    response = client.post(f"/assessments/{assessment}/return", data=data)
    assert response.status_code == 302
    assert _stored(db) == before
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"is too long: at most {MESSAGE_TEXT} characters." in page


def test_a_ten_megabyte_user_name_is_refused_at_sign_in(client, db):
    before = _stored(db)
    response = client.post("/login", data={"username": "x" * TEN_MB, "password": "x"})
    assert response.status_code == 413
    assert _stored(db) == before


def test_a_plan_edit_over_the_bound_is_refused():
    with pytest.raises(InvalidInput):
        clean_edits({"lead_agency": "x" * (LONG_TEXT + 1)})


def test_the_api_refuses_a_huge_query_parameter_in_json(client, db, world):
    response = client.get(
        "/api/v1/assessments",
        query_string={"cursor": "1" * (LONG_TEXT + 1)},
        headers=bearer(db, world["admin"]),
    )
    assert (response.status_code, response.get_json()["error"]) == (413, "too-long")


# --- 2. lone surrogates and C1 controls ----------------------------------------------------


@pytest.mark.parametrize("bad", HOSTILE, ids=ascii)
def test_an_autosave_with_a_surrogate_or_c1_control_is_refused(client, login, db, assessment, bad):
    login("nfp-xa")
    before = _stored(db)
    # Written by hand: a lone surrogate is valid JSON text ("\ud800") but no valid UTF-8.
    body = json.dumps({"state": "answered", "value": "2", "comment": f"a{bad}b", "version": 0})
    response = client.post(
        answer_url(assessment, "leg_law"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["message"].startswith(CONTROL_MESSAGE)
    assert _stored(db) == before
    # Every page showing the answer still works.
    assert client.get(area_url(assessment, "legal")).status_code == 200


@pytest.mark.parametrize("bad", ["\x80", "\x85", "\x9f"], ids=ascii)
def test_a_page_form_with_a_c1_control_is_refused(client, login, db, assessment, bad):
    login("nfp-xa")
    before = _stored(db)
    data = {"q-leg_law-state": "answered", "q-leg_law-value": "2", "q-leg_law-comment": f"a{bad}"}
    response = client.post(area_url(assessment, "legal"), data=data)
    assert response.status_code == 400 and CONTROL_MESSAGE in response.get_data(as_text=True)
    assert _stored(db) == before


def test_a_form_with_an_encoded_surrogate_stores_no_surrogate(client, login, db, assessment):
    # "%ED%A0%80" is a surrogate encoded as UTF-8 (invalid): a form field can never carry one
    # (werkzeug reads it as U+FFFD), so nothing unprintable is stored and every page still works.
    login("nfp-xa")
    body = "q-leg_law-state=answered&q-leg_law-value=2&q-leg_law-comment=a%ED%A0%80b"
    response = client.post(
        area_url(assessment, "legal"), data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (303, 400)
    db.expire_all()
    comments = db.scalars(select(AnswerRecord.comment)).all()
    assert not any(has_control(comment or "") for comment in comments)
    assert client.get(area_url(assessment, "legal")).status_code == 200


@pytest.mark.parametrize("bad", ["\x85", "\x9b"], ids=ascii)
def test_an_evidence_file_named_with_a_c1_control_is_refused(client, login, assessment, bad):
    login("nfp-xa")
    upload = {"file": (io.BytesIO(b"%PDF-1.4\n"), f"law{bad}.pdf")}
    response = client.post(f"{answer_url(assessment, 'leg_checks')}/evidence", data=upload)
    assert response.status_code == 400 and CONTROL_MESSAGE in response.get_data(as_text=True)


# --- 3. ids and JSON depth -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/assessments/99999999999999999999",
        "/assessments/2147483648",
        "/assessments/9223372036854775808/areas/legal",
    ],
)
def test_an_id_beyond_the_database_integer_is_not_found(client, login, world, path):
    login("admin")
    assert client.get(path).status_code == 404


def test_the_api_answers_404_for_an_id_beyond_the_integer(client, db, world):
    headers = bearer(db, world["admin"])
    response = client.get("/api/v1/assessments/99999999999999999999", headers=headers)
    assert response.status_code == 404 and response.get_json()["error"] == "not-found"


def test_the_largest_id_our_columns_hold_is_an_ordinary_missing_one(client, login, world):
    login("admin")
    assert client.get("/assessments/2147483647").status_code == 404


def test_an_evidence_id_beyond_the_integer_is_not_found(client, login, assessment):
    login("nfp-xa")
    response = client.post(f"/assessments/{assessment}/evidence/99999999999999999999/delete")
    assert response.status_code == 404


def test_a_removed_file_id_beyond_the_integer_in_a_form_is_ignored(client, login, db, assessment):
    login("nfp-xa")
    data = {"q-leg_law-state": "answered", "q-leg_law-value": "2"}
    for raw in ("99999999999999999999", "²", "١٢"):
        response = client.post(area_url(assessment, "legal"), data={**data, "remove-file": raw})
        assert response.status_code in (200, 303), raw


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json_is_refused(client, login, db, assessment, depth):
    login("nfp-xa")
    before = _stored(db)
    body = "[" * depth + "]" * depth
    response = client.post(
        answer_url(assessment, "leg_law"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid-input"
    assert _stored(db) == before


def test_json_nested_within_the_bound_is_still_read(client, login, assessment):
    login("nfp-xa")
    body = {"state": "answered", "value": "2", "version": 0, "extra": [[[["deep"]]]]}
    assert client.post(answer_url(assessment, "leg_law"), json=body).status_code == 200


def test_the_bound_is_said_in_the_reader_language(client, login, assessment):
    client.post("/language", data={"lang": "fr", "next": "/"})
    login("nfp-xa")
    body = {"state": "answered", "value": "2", "comment": "x" * (LONG_TEXT + 1), "version": 0}
    response = client.post(answer_url(assessment, "leg_law"), json=body)
    assert response.status_code == 413
    message = response.get_json()["message"]
    assert message.startswith("Ce que vous avez envoyé est trop long")
    assert re.sub(r"\s", " ", message).count("20 000 caractères") == 1


@pytest.mark.parametrize("version", [99999999999999999999, "99999999999999999999", 2**31, "²"])
def test_a_version_beyond_the_integer_in_json_or_a_form_is_no_500(
    client, login, db, assessment, version
):
    login("nfp-xa")
    body = {"state": "answered", "value": "2", "version": 0}
    assert client.post(answer_url(assessment, "leg_law"), json=body).status_code == 200
    before = _stored(db)
    changed = {**body, "value": "3", "version": version}
    response = client.post(answer_url(assessment, "leg_law"), json=changed)
    assert response.status_code in (400, 409, 422)
    assert _stored(db) == before
    data = {"q-leg_law-state": "answered", "q-leg_law-value": "3", "q-leg_law-version": version}
    response = client.post(area_url(assessment, "legal"), data=data)
    assert response.status_code in (200, 303, 400, 409, 422)
    assert _stored(db)[:3] == before[:3]
