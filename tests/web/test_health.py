"""/healthz and /readyz: alive, and ready only when the database, Redis (when set) and the file
storage answer; no login, no session cookie, no secret in what they say."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assess.web import health

UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:{port}/nothing"
REDIS = "redis://127.0.0.1:6379/0"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_healthz_says_ok_without_a_login_or_a_cookie(client) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.data) == (200, b"ok\n")
    assert "Set-Cookie" not in response.headers


def test_healthz_touches_no_database(make_app) -> None:
    app = make_app(DATABASE_URL=UNREACHABLE_DATABASE.format(port=closed_port()))
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.data) == (200, b"ok\n")


def test_readyz_is_ready_when_every_part_answers(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {
        "status": "ready",
        "checks": {"database": "ok", "redis": "not configured", "storage": "ok"},
        "failing": [],
    }
    assert "Set-Cookie" not in response.headers


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_readyz_asks_redis_when_it_is_set(make_app) -> None:
    response = make_app(ASSESS_REDIS_URL=REDIS).test_client().get("/readyz")
    assert (response.status_code, response.json["checks"]["redis"]) == (200, "ok")


def test_readyz_is_503_naming_the_database_when_it_does_not_answer(make_app) -> None:
    url = UNREACHABLE_DATABASE.format(port=closed_port())
    response = make_app(DATABASE_URL=url).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["database"]
    assert response.json["checks"] == {
        "database": "failing",
        "redis": "not configured",
        "storage": "ok",
    }
    said = response.get_data(as_text=True)
    assert "127.0.0.1" not in said and "postgres" not in said and "Traceback" not in said


def test_readyz_is_503_naming_redis_when_it_does_not_answer(make_app) -> None:
    url = f"redis://:hunter2@127.0.0.1:{closed_port()}/0"
    response = make_app(ASSESS_REDIS_URL=url).test_client().get("/readyz")
    assert (response.status_code, response.json["failing"]) == (503, ["redis"])
    assert response.json["checks"]["database"] == "ok"
    assert "hunter2" not in response.get_data(as_text=True)


def test_readyz_is_503_naming_the_storage_when_files_cannot_be_written(
    make_app, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    response = make_app(UPLOAD_DIR=blocker / "uploads").test_client().get("/readyz")
    assert (response.status_code, response.json["failing"]) == (503, ["storage"])


def test_readyz_checks_the_database_file_store(make_app) -> None:
    response = make_app(ASSESS_FILE_STORE="database").test_client().get("/readyz")
    assert (response.status_code, response.json["checks"]["storage"]) == (200, "ok")


def test_the_storage_check_leaves_nothing_behind(client, app) -> None:
    assert client.get("/readyz").status_code == 200
    assert list(Path(app.config["UPLOAD_DIR"]).iterdir()) == []


def test_a_signed_in_person_gets_no_cookie_from_the_probes(client, login, world) -> None:
    assert login("admin").status_code == 302
    for path in ("/healthz", "/readyz", "/metrics"):
        assert "Set-Cookie" not in client.get(path).headers, path


def test_every_readiness_check_has_a_name_of_its_own() -> None:
    names = [name for name, _check in health.READY_CHECKS]
    assert len(names) == len(set(names)) and {"database", "redis", "storage"} <= set(names)
