"""Autosave: one JSON post per answer, versions, conflicts with both values, CSRF renewal."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord
from assess.words.numbers import number
from tests.web.fill_support import (
    FILL_APP,
    FILL_QUESTIONNAIRES,
    answer_url,
    area_url,
    open_draft,
    set_status,
)

APP_SETTINGS = FILL_APP


def stored(db, assessment: int, question_id: str) -> tuple[str, object, int] | None:
    db.expire_all()
    record = db.scalar(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == assessment, AnswerRecord.question_id == question_id
        )
    )
    return (record.status, record.value, record.version) if record else None


def save(client, assessment: int, question_id: str, **payload):
    return client.post(answer_url(assessment, question_id), json=payload)


def test_an_autosave_stores_one_answer_and_returns_its_version(client, db, login, assessment):
    login("nfp-xa")
    response = save(client, assessment, "leg_law", state="answered", value="2", version=0)
    assert (response.status_code, response.json["version"]) == (200, 1)
    assert stored(db, assessment, "leg_law") == ("answered", 2, 1)


def test_a_second_autosave_with_the_current_version_moves_it_on(client, db, login, assessment):
    login("nfp-xa")
    save(client, assessment, "resp_notes", value="First draft", version=0)
    response = save(client, assessment, "resp_notes", value="Second draft", version=1)
    assert response.json["version"] == 2
    assert stored(db, assessment, "resp_notes") == ("answered", "Second draft", 2)


def test_a_stale_version_is_refused_with_both_values_and_nothing_overwritten(
    client, db, login, assessment
):
    login("nfp-xa")
    save(client, assessment, "leg_checks", value=["chk_list"], version=0)
    response = save(
        client,
        assessment,
        "leg_checks",
        value=["chk_list", "chk_licence"],
        comment="Mine",
        version=0,
    )
    assert response.status_code == 409
    yours, theirs = response.json["yours"], response.json["theirs"]
    assert (yours["display"], yours["value"]) == (
        "A list of controlled materials exists; Licences are issued\nComment: Mine",
        ["chk_licence", "chk_list"],
    )
    assert (theirs["display"], theirs["value"], theirs["version"], theirs["by"]) == (
        "A list of controlled materials exists",
        ["chk_list"],
        1,
        "nfp-xa",
    )
    assert stored(db, assessment, "leg_checks") == ("answered", ["chk_list"], 1)


def test_keeping_mine_resaves_with_their_version(client, db, login, assessment):
    login("nfp-xa")
    save(client, assessment, "leg_law", value="3", version=0)
    theirs = save(client, assessment, "leg_law", value="1", version=0).json["theirs"]
    response = save(client, assessment, "leg_law", value="1", version=theirs["version"])
    assert response.status_code == 200
    assert stored(db, assessment, "leg_law") == ("answered", 1, 2)


@pytest.mark.parametrize(
    ("question", "payload", "status", "message"),
    [
        ("resp_teams", {"value": "1200"}, 422, "1200 is outside the range 0 to 1000"),
        (
            "resp_exercise",
            {"value": "31/12/2025"},
            422,
            "'31/12/2025' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)",
        ),
        ("resp_agents", {"value": ["chem", "rad"]}, 422, "unknown option 'rad' (valid: chem, bio)"),
        ("nowhere", {"value": "x"}, 400, "fill-test 1.0 has no question 'nowhere'"),
    ],
)
def test_a_value_that_does_not_fit_is_refused_with_a_message(
    client, db, login, assessment, question, payload, status, message
):
    login("nfp-xa")
    response = save(client, assessment, question, version=0, **payload)
    assert (response.status_code, response.json["message"]) == (status, message)
    assert stored(db, assessment, question) is None


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "1\u202f200,5 est en dehors de la plage de 0 à 1\u202f000"),
        ("ru", "1\xa0200,5 — вне диапазона: от 0 до 1\xa0000"),
        ("ar", f"{number(1200.5, 'ar')} خارج النطاق من 0 إلى {number(1000, 'ar')}"),
    ],
)
def test_a_refused_value_is_explained_with_its_numbers_in_the_readers_language(
    client, login, assessment, lang, message
):
    login("nfp-xa")
    client.post("/language", data={"lang": lang})
    response = save(client, assessment, "resp_teams", value="1200.5", version=0)
    assert (response.status_code, response.json["message"]) == (422, message)


def test_a_body_that_is_not_a_json_object_is_refused(client, login, assessment):
    login("nfp-xa")
    response = client.post(answer_url(assessment, "leg_law"), data="value=2")
    assert (response.status_code, response.json["error"]) == (400, "invalid-input")


@pytest.mark.parametrize(("answer", "shown"), [("yes", True), ("no", False), ("partial", False)])
def test_the_reply_lists_the_questions_that_now_apply(client, login, assessment, answer, shown):
    login("nfp-xa")
    response = save(client, assessment, "leg_nuclear", value=answer, version=0)
    assert ("leg_regulator" in response.json["applicable"]) is shown


def test_the_reply_carries_progress_per_area(client, login, assessment):
    login("nfp-xa")
    response = save(client, assessment, "leg_nuclear", value="yes", version=0)
    assert response.json["progress"] == {"legal": [1, 4], "response": [0, 4]}


def test_an_autosave_on_a_submitted_assessment_is_refused(client, db, login, assessment):
    set_status(db, assessment, "submitted")
    login("nfp-xa")
    response = save(client, assessment, "leg_law", value="2", version=0)
    assert (response.status_code, response.json["error"]) == (409, "locked")
    assert stored(db, assessment, "leg_law") is None


def test_a_team_member_cannot_autosave_outside_their_areas(client, db, world, login, assessment):
    world["team-xa"].areas = ["response"]
    db.commit()
    login("team-xa")
    response = save(client, assessment, "leg_law", value="2", version=0)
    assert (response.status_code, response.json["error"]) == (403, "not-allowed")


def test_another_country_cannot_autosave(client, db, login, assessment):
    login("nfp-xb")
    assert save(client, assessment, "leg_law", value="2", version=0).status_code == 404
    assert stored(db, assessment, "leg_law") is None


# ---------------------------------------------------------------- with CSRF checks on


@pytest.fixture
def guarded(make_app, world, db):
    """A client of an app that checks CSRF tokens, signed in as nfp-xa; and a draft id."""
    app = make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "nfp-xa", "password": "assess-demo", "csrf_token": token}
    )
    return client, open_draft(db, world["admin"])


def page_token(client, assessment: int) -> str:
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_an_autosave_without_a_valid_token_gets_a_json_refusal(guarded, db):
    client, assessment = guarded
    response = client.post(
        answer_url(assessment, "leg_law"), json={"value": "2"}, headers={"X-CSRFToken": "expired"}
    )
    assert (response.status_code, response.json["error"]) == (400, "csrf")
    assert stored(db, assessment, "leg_law") is None


def test_a_fresh_token_from_the_token_endpoint_lets_the_autosave_through(guarded, db):
    client, assessment = guarded
    token = client.get("/csrf-token").json["token"]
    response = client.post(
        answer_url(assessment, "leg_law"), json={"value": "2"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert stored(db, assessment, "leg_law") == ("answered", 2, 1)


def test_the_page_token_works_for_autosave(guarded, db):
    client, assessment = guarded
    token = page_token(client, assessment)
    response = client.post(
        answer_url(assessment, "resp_notes"), json={"value": "x"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200


def test_a_page_posted_with_an_expired_token_comes_back_as_typed(guarded, db):
    client, assessment = guarded
    post = {"csrf_token": "expired", "q-leg_law-comment": "Three paragraphs of careful typing"}
    response = client.post(area_url(assessment, "legal"), data=post)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Three paragraphs of careful typing</textarea>" in html
    assert "Nothing was saved: the page&#39;s security token had expired. Press Save again." in html
    assert stored(db, assessment, "leg_law") is None
    fresh = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    client.post(area_url(assessment, "legal"), data={**post, "csrf_token": fresh})
    assert stored(db, assessment, "leg_law")[0] == "answered"


def test_the_token_endpoint_sends_a_signed_out_reader_to_sign_in(make_app):
    client = make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES).test_client()
    response = client.get("/csrf-token")
    assert (response.status_code, response.location) == (302, "/login?next=%2Fcsrf-token")


def test_a_stale_save_of_the_answer_already_stored_is_no_conflict(client, db, login, assessment):
    login("nfp-xa")
    save(client, assessment, "leg_law", value="2", version=0)
    response = save(client, assessment, "leg_law", value="2", version=0)
    assert (response.status_code, response.json["version"]) == (200, 1)
