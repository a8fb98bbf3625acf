"""JSON log lines with a request id: one access line per request, the id in every line of the
request and in the response, and never a password, a token or an answer."""

from __future__ import annotations

import json
import socket

import pytest

from assess.logs import REQUEST_ID
from tests.web.fill_support import FILL_APP, answer_url, open_draft

APP_SETTINGS = {**FILL_APP, "ASSESS_LOG_FORMAT": "json"}


def lines(capsys) -> list[dict]:
    """The JSON log lines written to standard error since the last call."""
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]


def access(capsys) -> list[dict]:
    return [line for line in lines(capsys) if line["logger"] == "assess.access"]


def test_each_request_has_one_access_line_in_json(client, capsys) -> None:
    capsys.readouterr()
    response = client.get("/healthz?probe=1", headers={"X-Request-ID": "lb-7f3a.01_x"})
    [line] = access(capsys)
    assert response.headers["X-Request-ID"] == "lb-7f3a.01_x"
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert (line["level"], line["request_id"], line["method"], line["path"], line["status"]) == (
        "INFO",
        "lb-7f3a.01_x",
        "GET",
        "/healthz",
        200,
    )
    assert line["time"].endswith("+00:00") and 0 <= line["duration_ms"] < 10_000
    assert line["message"] == "GET /healthz 200"


@pytest.mark.parametrize(
    "sent",
    ["", "a" * 129, "id with spaces", "../../etc/passwd", "<script>", "id;drop", "é"],
)
def test_an_insane_request_id_is_replaced_by_a_new_one(client, capsys, sent) -> None:
    capsys.readouterr()
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    given = response.headers["X-Request-ID"]
    assert given != sent and REQUEST_ID.fullmatch(given) and len(given) == 32
    [line] = access(capsys)
    assert line["request_id"] == given


def test_two_requests_get_two_ids(client) -> None:
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(2)}
    assert len(ids) == 2


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_line_of_a_request_carries_its_id(make_app, capsys) -> None:
    app = make_app(ASSESS_REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0", **APP_SETTINGS)
    capsys.readouterr()
    response = app.test_client().get("/readyz", headers={"X-Request-ID": "probe-1"})
    assert response.status_code == 503
    logged = lines(capsys)
    assert [(line["logger"], line["level"]) for line in logged] == [
        ("assess.web.health", "WARNING"),
        ("assess.access", "INFO"),
    ]
    assert {line["request_id"] for line in logged} == {"probe-1"}
    assert logged[0]["message"].startswith("readiness check redis failed: ConnectionError")


def test_a_signed_in_request_names_its_user_never_the_password_or_the_answer(
    client, db, world, capsys
) -> None:
    assessment = open_draft(db, world["admin"])
    wrong = "Wrong-password-typed-77"
    assert client.post("/login", data={"username": "nfp-xa", "password": wrong}).status_code == 401
    password = "assess-demo"
    assert (
        client.post("/login", data={"username": "nfp-xa", "password": password}).status_code == 302
    )
    secret_answer = "Our-secret-answer-text-41"
    client.post(
        answer_url(assessment, "resp_notes"),
        json={"state": "answered", "value": secret_answer, "version": 0},
    )
    text = capsys.readouterr().err
    assert wrong not in text and password not in text and secret_answer not in text
    logged = [json.loads(line) for line in text.splitlines()]
    save = [line for line in logged if line.get("method") == "POST" and "answers" in line["path"]]
    assert [(line["status"], line["user_id"]) for line in save] == [(200, world["nfp-xa"].id)]


def test_an_invitation_token_is_logged_as_its_route(client, capsys) -> None:
    capsys.readouterr()
    token = "Zq3v-invitation-secret-9281"
    assert client.get(f"/invitation/{token}").status_code == 404
    text = capsys.readouterr().err
    assert token not in text
    [line] = [json.loads(line) for line in text.splitlines()]
    assert line["path"] == "/invitation/<token>"


def test_text_logs_name_the_request_id(make_app, capsys) -> None:
    app = make_app(ASSESS_LOG_FORMAT="text")
    capsys.readouterr()
    app.test_client().get("/healthz", headers={"X-Request-ID": "plain-1"})
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(" INFO assess.access [request_id=plain-1]: GET /healthz 200")
