"""Signing in and out: wrong passwords, rate limiting, server-side logout, CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import LoginAttempt, User, utcnow
from assess.services import people
from assess.services.errors import RateLimited


def test_signing_in_with_the_right_password_opens_the_dashboard(client, world, login) -> None:
    response = login("nfp-xa")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("nfp-xa", "wrong"), ("nobody", "assess-demo"), ("NFP-XA", "assess-demo")],
)
def test_wrong_credentials_are_refused_without_saying_which(
    login, world, username, password
) -> None:
    response = login(username, password)
    assert response.status_code == 401
    assert "Wrong user name or password." in response.get_data(as_text=True)


def test_an_inactive_user_cannot_sign_in(login, world, db) -> None:
    world["nfp-xa"].active = False
    db.commit()
    assert login("nfp-xa").status_code == 401


def test_pages_need_signing_in(client) -> None:
    response = client.get("/dashboard")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=%2Fdashboard")


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/assessments/1", "/assessments/1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/dashboard\r\nSet-Cookie: a=b", "/"),
    ],
)
def test_after_signing_in_only_a_local_next_page_is_followed(
    client, world, target, landing
) -> None:
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "nfp-xa", "password": "assess-demo"},
    )
    assert response.headers["Location"] == landing


def test_five_failures_lock_the_name_from_that_address(login, world) -> None:
    for _ in range(5):
        assert login("nfp-xa", "wrong").status_code == 401
    response = login("nfp-xa")  # even the right password now waits
    assert (response.status_code, response.headers["Retry-After"]) == (429, "900")
    assert (
        "Too many failed sign-in attempts for &#39;nfp-xa&#39; from your address. Wait 15 minutes"
        in (response.get_data(as_text=True))
    )


def test_the_lock_is_per_address(app, world, login) -> None:
    for _ in range(5):
        login("nfp-xa", "wrong")
    other = app.test_client()
    response = other.post(
        "/login",
        data={"username": "nfp-xa", "password": "assess-demo"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 302


def test_failures_older_than_the_window_no_longer_count(db, world) -> None:
    old = utcnow() - timedelta(minutes=16)
    db.add_all(
        LoginAttempt(username="nfp-xa", ip="10.0.0.1", at=old, success=False) for _ in range(5)
    )
    db.commit()
    user = people.authenticate(db, "nfp-xa", "assess-demo", "10.0.0.1")
    assert user.username == "nfp-xa"


def test_a_successful_sign_in_starts_the_count_again(client, login, world) -> None:
    for _ in range(4):
        login("nfp-xa", "wrong")
    assert login("nfp-xa").status_code == 302
    client.post("/logout")
    assert login("nfp-xa", "wrong").status_code == 401


def test_attempts_are_counted_in_the_database_across_workers(db, world) -> None:
    now = utcnow()
    db.add_all(
        LoginAttempt(username="nfp-xa", ip="10.0.0.1", at=now, success=False) for _ in range(5)
    )
    db.commit()
    with pytest.raises(RateLimited):
        people.authenticate(db, "nfp-xa", "assess-demo", "10.0.0.1")


def test_a_copied_session_cookie_stops_working_after_logout(app, client, world, login) -> None:
    login("nfp-xa")
    copied = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/dashboard")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=%2Fdashboard")


def test_logout_moves_the_session_generation_on(client, world, login, db) -> None:
    login("nfp-xa")
    client.post("/logout")
    db.expire_all()
    assert db.scalar(select(User.session_generation).where(User.username == "nfp-xa")) == 1


def test_logout_needs_a_post(client, world, login) -> None:
    login("nfp-xa")
    assert client.get("/logout").status_code == 405


def test_a_form_without_its_csrf_token_is_refused(make_app, world) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post(
        "/login", data={"username": "nfp-xa", "password": "assess-demo"}
    )
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)


def test_a_form_with_its_csrf_token_is_accepted(make_app, world) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "nfp-xa", "password": "assess-demo", "csrf_token": token}
    )
    assert response.status_code == 302
