"""Signing in and HTTP as an attacker would try them: a forged X-Forwarded-For, sign-ins posted in
parallel, one address spraying many names, redirects off the site, dropped database connections,
HSTS. Each test posts the hostile input and checks the status and the database."""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter

import pytest
from sqlalchemy import create_engine, func, select, text

from assess.config import HSTS
from assess.models import LoginAttempt, User
from assess.web.app import create_app
from tests.database import PASSWORD, TEST_QUESTIONNAIRES

PROXY = "10.0.0.1"


def _post_login(client, username: str, password: str, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def _attempts(db, **where) -> int:
    db.expire_all()
    query = select(func.count(LoginAttempt.id)).filter_by(**where)
    return db.scalar(query)


# ------------------------------------------------------------------ 1. the client's real address


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(app, db, world) -> None:
    # The attacker picks a new X-Forwarded-For for each guess: the lock still holds, on the
    # connection's address.
    client = app.test_client()
    statuses = [
        _post_login(
            client,
            "nfp-xa",
            "wrong",
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        ).status_code
        for n in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2
    assert _attempts(db, ip="203.0.113.9") == 5
    assert _attempts(db, ip="198.51.100.1") == 0


def test_behind_a_trusted_proxy_one_address_cannot_lock_another(make_app, world) -> None:
    app = make_app(ASSESS_TRUSTED_PROXIES=1)
    attacker, victim = app.test_client(), app.test_client()
    via_proxy = {"environ_base": {"REMOTE_ADDR": PROXY}}
    for _ in range(6):
        _post_login(
            attacker, "nfp-xa", "wrong", headers={"X-Forwarded-For": "203.0.113.66"}, **via_proxy
        )
    response = _post_login(
        victim, "nfp-xa", PASSWORD, headers={"X-Forwarded-For": "198.51.100.7"}, **via_proxy
    )
    assert (response.status_code, response.headers.get("Location")) == (302, "/")
    # The attacker, still locked, cannot escape by prepending a forged address to the chain:
    # only the hop the proxy added is believed.
    forged = _post_login(
        attacker,
        "nfp-xa",
        "wrong",
        headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.66"},
        **via_proxy,
    )
    assert forged.status_code == 429
    session = app.extensions["assess.db"]()
    rows = session.execute(select(LoginAttempt.ip, LoginAttempt.success)).all()
    session.close()
    assert Counter(rows) == {("203.0.113.66", False): 5, ("198.51.100.7", True): 1}


# ------------------------------------------------------------------ 2. atomic limits, spraying


def test_parallel_guesses_are_counted_before_any_is_evaluated(make_app, test_database, world):
    """20 wrong passwords posted at once for one name from one address: at most the limit (5)
    reach the password check; the rest are refused, and only evaluated guesses are recorded."""
    options = dict(test_database.engine_options)
    if test_database.dialect == "postgresql":
        options["pool_size"] = 25
    app = make_app(DATABASE_ENGINE_OPTIONS=options)
    threads, start = 20, threading.Barrier(20)
    statuses: list[int] = []

    def guess() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(_post_login(client, "nfp-xa", "wrong").status_code)

    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    session = app.extensions["assess.db"]()
    recorded = session.scalar(select(func.count(LoginAttempt.id)))
    session.close()
    counted = Counter(statuses)
    assert set(counted) <= {401, 429}
    assert counted[401] <= 5, counted
    assert recorded == counted[401]
    assert counted[429] == threads - counted[401]


def test_one_address_trying_many_names_is_stopped(app, db, world, password_hash) -> None:
    names = [f"spray{n:02d}" for n in range(30)]
    db.add_all(User(username=name, password_hash=password_hash, role="expert") for name in names)
    db.commit()
    client = app.test_client()
    sprayer = {"environ_base": {"REMOTE_ADDR": "203.0.113.5"}}
    statuses = [_post_login(client, name, "Winter2026!", **sprayer).status_code for name in names]
    assert statuses == [401] * 20 + [429] * 10
    assert _attempts(db, ip="203.0.113.5") == 20
    # The address waits even with a right password; others sign in as before.
    assert _post_login(client, "nfp-xa", PASSWORD, **sprayer).status_code == 429
    other = app.test_client()
    assert _post_login(other, "spray29", PASSWORD).status_code == 302


def test_the_address_limit_is_a_setting(make_app, world) -> None:
    app = make_app(ASSESS_LOGIN_ADDRESS_FAILURES=3)
    client = app.test_client()
    statuses = [_post_login(client, name, "wrong").status_code for name in ("a1", "a2", "a3", "a4")]
    assert statuses == [401, 401, 401, 429]
    body = _post_login(client, "a5", "wrong").get_data(as_text=True)
    assert "Too many failed sign-in attempts from your address." in body


# ------------------------------------------------------------------ 3. redirects stay on the site


@pytest.mark.parametrize(
    "target",
    [
        "/.//evil.example/",
        "/%2e%2e//evil.example/",
        "/%2E/%2Fevil.example",
        "/a/../..//evil.example",
        "/%5cevil.example",
        "/%2f%2fevil.example",
        "/dashboard%0d%0aSet-Cookie:%20a=b",
        "/\u2028//evil.example",
    ],
)
def test_no_redirect_target_resolves_to_another_host(client, world, target) -> None:
    switched = client.post("/language", data={"lang": "fr", "next": target})
    assert (switched.status_code, switched.location) == (303, "/")
    signed_in = client.post(
        "/login", query_string={"next": target}, data={"username": "nfp-xa", "password": PASSWORD}
    )
    assert (signed_in.status_code, signed_in.location) == (302, "/")


def test_a_crafted_404_path_and_the_switcher_stay_on_the_site(client) -> None:
    page = client.get("//evil.example/%2e%2e")
    assert page.status_code == 404
    back = page.get_data(as_text=True).split('name="next" value="', 1)[1].split('"', 1)[0]
    response = client.post("/language", data={"lang": "fr", "next": back})
    assert response.status_code == 303
    assert not response.location.startswith(("//", "http")), response.location


@pytest.mark.parametrize("path", ["/login?next=%0d%0a", "/login?next=/%0d%0aLocation:%20//x"])
def test_cr_lf_in_next_never_answers_500(client, world, path) -> None:
    assert client.get(path).status_code == 200
    posted = client.post(path, data={"username": "nfp-xa", "password": PASSWORD})
    assert (posted.status_code, posted.location) == (302, "/")


# ------------------------------------------------------------------ 4. dropped connections


@pytest.mark.postgres
def test_after_postgresql_drops_the_connections_the_next_request_works(
    make_app, test_database, world, login
) -> None:
    if test_database.dialect != "postgresql":
        pytest.skip("PostgreSQL: set ASSESS_TEST_DATABASE_URL")
    name = f"assess-test-{uuid.uuid4().hex[:12]}"
    options = dict(test_database.engine_options)
    options["connect_args"] = {**options["connect_args"], "application_name": name}
    app = make_app(DATABASE_ENGINE_OPTIONS=options)
    client = app.test_client()
    assert _post_login(client, "nfp-xa", PASSWORD).status_code == 302
    assert client.get("/dashboard").status_code == 200
    admin = create_engine(os.environ["ASSESS_TEST_DATABASE_URL"])
    with admin.begin() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": name},
        ).scalar()
    admin.dispose()
    assert ended >= 1
    assert client.get("/dashboard").status_code == 200


# ------------------------------------------------------------------ 5. HSTS in production


def _app_in(env: str, database_url: str, tmp_path):
    environ = {
        "ASSESS_ENV": env,
        "ASSESS_SECRET_KEY": "s" * 64,
        "ASSESS_DATABASE_URL": database_url,
        "ASSESS_INSTANCE_DIR": str(tmp_path),
        "ASSESS_QUESTIONNAIRES_DIR": str(TEST_QUESTIONNAIRES),
    }
    return create_app(environ=environ)


def test_production_tells_browsers_to_use_https_only(database_url, tmp_path) -> None:
    app = _app_in("production", database_url, tmp_path)
    response = app.test_client().get("/login", base_url="https://assess.example.org")
    assert response.headers["Strict-Transport-Security"] == HSTS
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")
    assert app.test_client().get("/no-such-page").headers["Strict-Transport-Security"] == HSTS
    app.extensions["assess.engine"].dispose()


@pytest.mark.parametrize("env", ["development", "testing"])
def test_no_hsts_outside_production(database_url, tmp_path, env) -> None:
    app = _app_in(env, database_url, tmp_path)
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    app.extensions["assess.engine"].dispose()
