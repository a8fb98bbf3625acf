"""The read-only API: every endpoint answered as the OpenAPI document says (each response checked
against it), the pages' access rules, paging, tokens refused when revoked, expired, unknown or
their owner deactivated, one audit event per use, JSON errors, and no cookie."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from assess.models import AnswerRecord, ApiToken, Assessment, AuditEvent, Country, Plan, utcnow
from assess.services import access, tokens
from tests.web.api_support import DOCUMENT, PREFIX, bearer, checked, get
from tests.web.test_leak_crawl import PLAN_QUESTIONNAIRES, marker, plant_world

APP_SETTINGS = {"QUESTIONNAIRES_DIR": PLAN_QUESTIONNAIRES}
WORLD = plant_world


def _ids(db, model) -> list[int]:
    return list(db.scalars(select(model.id).order_by(model.id)))


def _urls(db) -> list[str]:
    """A URL of every API route, with real ids."""
    assessment = db.scalars(select(Assessment).order_by(Assessment.id)).first()
    plans = _ids(db, Plan)
    return [
        "/questionnaires",
        f"/questionnaires/{assessment.questionnaire_id}/{assessment.questionnaire_version}",
        "/assessments",
        f"/assessments/{assessment.id}",
        f"/assessments/{assessment.id}/answers",
        f"/assessments/{assessment.id}/scores",
        f"/assessments/{assessment.id}/export",
        f"/assessments/{assessment.id}/export?table=scores&format=xlsx",
        f"/regions/{assessment.country.region.code}/export?format=json",
        "/plans",
        *(f"/plans/{plan}" for plan in plans),
    ]


def test_the_document_describes_every_route_and_no_other(app) -> None:
    routes = {
        rule.rule.removeprefix(PREFIX).replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX)
    }
    assert routes == set(DOCUMENT["paths"])


def test_the_document_is_served_without_a_token(client) -> None:
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"


@pytest.mark.parametrize("username", ["admin", "expert"])
def test_every_endpoint_answers_as_the_document_says(app, db, world, username) -> None:
    headers = bearer(db, world[username])
    client = app.test_client()
    statuses = {url: get(client, PREFIX + url, headers)[0] for url in _urls(db)}
    expected = 200 if username == "admin" else 404
    questionnaire_urls = [url for url in statuses if url.startswith("/questionnaires")]
    assert {statuses[url] for url in questionnaire_urls} == {200}
    assert {s for url, s in statuses.items() if url not in questionnaire_urls} == (
        {200} if username == "admin" else {200, 404}
    )
    assert statuses["/assessments/" + str(_ids(db, Assessment)[0])] == expected


def test_a_country_reads_its_answers_with_their_marker(app, db, world) -> None:
    headers = bearer(db, world["nfp-xa"])
    mine = db.scalars(
        select(Assessment).join(Assessment.country).where(Country.code == "XA")
    ).first()
    status, body = get(app.test_client(), f"{PREFIX}/assessments/{mine.id}/answers", headers)
    stored = db.scalar(select(func.count()).where(AnswerRecord.assessment_id == mine.id))
    assert status == 200
    assert len(body["items"]) == min(stored, 50)
    assert any(marker("XA") in str(item) for item in body["items"])


@pytest.mark.parametrize("username", ["nfp-xa", "secretariat-aaf", "expert", "coordinator"])
def test_lists_hold_what_the_pages_let_the_user_see(app, db, world, username) -> None:
    user = world[username]
    headers = bearer(db, user)
    client = app.test_client()
    for path, query, model in (
        ("/assessments", access.visible_assessments(user), Assessment),
        ("/plans", access.visible_plans(user), Plan),
    ):
        _status, body = get(client, f"{PREFIX}{path}?limit=200", headers)
        expected = sorted(db.scalars(query.with_only_columns(model.id).order_by(None)))
        assert [item["id"] for item in body["items"]] == expected


def test_a_list_is_walked_page_by_page_with_its_cursor(app, db, world) -> None:
    headers = bearer(db, world["admin"])
    client = app.test_client()
    seen, path = [], f"{PREFIX}/assessments?limit=2"
    while path:
        _status, body = get(client, path, headers)
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        path = f"{PREFIX}/assessments?limit=2&cursor={cursor}" if cursor else None
    assert seen == _ids(db, Assessment) and len(seen) > 2


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("limit=0", "query.limit"),
        ("limit=201", "query.limit"),
        ("limit=ten", "query.limit"),
        ("limit=-1", "query.limit"),
        ("cursor=abc", "query.cursor"),
        ("cursor=1e9", "query.cursor"),
        ("cursor=99999999999999999999999", "query.cursor"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(app, db, world, query, place) -> None:
    headers = bearer(db, world["admin"])
    status, body = get(app.test_client(), f"{PREFIX}/assessments?{query}", headers)
    assert (status, body["error"], body["place"]) == (400, "invalid-parameter", place)


def _refused(app, headers) -> tuple[int, str]:
    status, body = get(app.test_client(), f"{PREFIX}/assessments", headers)
    return status, body["error"]


def test_a_request_without_a_token_is_refused(app, world) -> None:
    assert _refused(app, {}) == (401, "unauthorized")


@pytest.mark.parametrize(
    "header", ["Bearer assess_unknown", "Bearer ", "Basic YWRtaW46YXNzZXNzLWRlbW8=", "Bearer x"]
)
def test_an_unknown_token_is_refused(app, world, header) -> None:
    assert _refused(app, {"Authorization": header}) == (401, "unauthorized")


def test_a_revoked_token_is_refused(app, db, world) -> None:
    headers = bearer(db, world["nfp-xa"])
    assert app.test_client().get(f"{PREFIX}/assessments", headers=headers).status_code == 200
    token = db.scalars(select(ApiToken)).one()
    tokens.revoke(db, world["nfp-xa"], token.id)
    assert _refused(app, headers) == (401, "unauthorized")


def test_an_expired_token_is_refused(app, db, world) -> None:
    headers = bearer(db, world["nfp-xa"], days=7)
    token = db.scalars(select(ApiToken)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert _refused(app, headers) == (401, "unauthorized")


def test_the_token_of_a_deactivated_person_is_refused(app, db, world) -> None:
    headers = bearer(db, world["nfp-xa"])
    world["nfp-xa"].active = False
    db.commit()
    assert _refused(app, headers) == (401, "unauthorized")


def test_a_browser_session_does_not_sign_in_to_the_api(client, login, world) -> None:
    login("admin")
    assert client.get("/dashboard").status_code == 200
    response = client.get(f"{PREFIX}/assessments")
    assert (response.status_code, checked(response, f"{PREFIX}/assessments")["error"]) == (
        401,
        "unauthorized",
    )


def test_each_use_is_one_audit_event_and_no_cookie_is_set(app, db, world) -> None:
    headers = bearer(db, world["secretariat-seee"])
    client = app.test_client()
    before = db.scalar(select(func.count()).where(AuditEvent.action == tokens.USED))
    responses = [client.get(f"{PREFIX}/assessments?limit=3", headers=headers) for _ in range(3)]
    db.expire_all()
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.action == tokens.USED).order_by(AuditEvent.id)
    ).all()
    token = db.scalars(select(ApiToken)).one()
    assert len(events) - before == 3
    assert events[-1].user_id == world["secretariat-seee"].id
    assert events[-1].new == {
        "token": token.id,
        "method": "GET",
        "path": "/api/v1/assessments?limit=3",
    }
    assert token.last_used_at is not None
    assert [r.headers.get("Set-Cookie") for r in responses] == [None, None, None]


def test_an_unknown_api_object_is_a_json_404(app, db, world) -> None:
    headers = bearer(db, world["admin"])
    client = app.test_client()
    for path in ("/assessments/999999", "/plans/999999", "/questionnaires/nope/1.0"):
        status, body = get(client, PREFIX + path, headers)
        assert (status, body["error"]) == (404, "not-found")


def test_checked_fails_on_a_response_the_document_does_not_describe(app, db, world) -> None:
    headers = bearer(db, world["admin"])
    response = app.test_client().get(f"{PREFIX}/assessments", headers=headers)
    body = response.get_json()
    body["items"][0]["status"] = "lost"
    response.set_data(json.dumps(body))
    with pytest.raises(AssertionError, match="'lost' is not one of"):
        checked(response, f"{PREFIX}/assessments")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/v1/nothing", 404), ("DELETE", "/api/v1/assessments", 405)],
)
def test_a_path_or_method_the_api_lacks_is_answered_in_json(client, method, path, status):
    response = client.open(path, method=method)
    assert (response.status_code, response.mimetype) == (status, "application/json")
    assert set(response.get_json()) == {"error", "message"}


def test_every_schema_of_the_document_is_valid_json_schema() -> None:
    for schema in DOCUMENT["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    operations = [path["get"] for path in DOCUMENT["paths"].values()]
    assert all(op["responses"] and op["operationId"] for op in operations)
    assert len({op["operationId"] for op in operations}) == len(operations)


def test_an_export_through_the_api_is_the_pages_export(app, db, world, client, login) -> None:
    """The API's export answers with the pages' own download (one place), for its token's owner,
    and is audited as an export; another country's assessment is a documented 404."""
    mine, theirs = (
        db.scalars(select(Assessment).join(Assessment.country).where(Country.code == code)).first()
        for code in ("XA", "XB")
    )
    headers = bearer(db, world["nfp-xa"])
    api = app.test_client()
    query = "?table=answers&format=csv"
    through_api = api.get(f"{PREFIX}/assessments/{mine.id}/export{query}", headers=headers)
    body = checked(through_api, f"{PREFIX}/assessments/{mine.id}/export")
    login("nfp-xa")
    assert body == client.get(f"/assessments/{mine.id}/export{query}").get_data()
    assert marker("XA").encode() in body
    refused = api.get(f"{PREFIX}/assessments/{theirs.id}/export{query}", headers=headers)
    assert (refused.status_code, checked(refused, f"{PREFIX}/assessments/x/export")["error"]) == (
        404,
        "not-found",
    )
    bad = api.get(f"{PREFIX}/assessments/{mine.id}/export?table=nope", headers=headers)
    assert bad.status_code in (400, 422)
    checked(bad, f"{PREFIX}/assessments/{mine.id}/export")
    db.expire_all()
    exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [e.user_id for e in exported][-2:] == [world["nfp-xa"].id] * 2
