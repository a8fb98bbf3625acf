"""The TOTP second factor, with real codes computed by pyotp: enrolment shown once, signing in
with a code, replays refused, codes counted like passwords, turning off with a code, roles that
must enrol first, and an administrator's reset. Every change is an audit event."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from urllib.parse import unquote

import pyotp
import pytest
from sqlalchemy import select

from assess.models import AuditEvent, LoginAttempt, User
from assess.services import second_factor
from assess.services.errors import BadCredentials
from tests.database import PASSWORD


def _person(db, username: str) -> User:
    db.expire_all()
    return db.scalars(select(User).where(User.username == username)).one()


def _actions(db, username: str) -> list[str]:
    db.expire_all()
    query = (
        select(AuditEvent.action)
        .join(AuditEvent.user)
        .where(User.username == username, AuditEvent.action.like("totp-%"))
        .order_by(AuditEvent.id)
    )
    return list(db.scalars(query))


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def _enrol(client, login, db, username: str) -> str:
    """Sign `username` in, add a second factor with a real code, sign out; its secret."""
    assert login(username).status_code == 302
    page = client.post("/account/second-factor/start").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    confirmed = client.post("/account/second-factor/confirm", data={"code": _code(secret)})
    assert confirmed.status_code == 303
    client.post("/logout")
    return secret


def test_enrolment_shows_the_key_once_and_needs_a_code(client, login, db, world) -> None:
    login("admin")
    response = client.post("/account/second-factor/start")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    secret = re.search(r'id="totp-secret">([A-Z2-7]{32})<', page).group(1)
    uri = re.search(r'id="totp-uri">([^<]+)<', page).group(1)
    assert uri.replace("&amp;", "&") == pyotp.TOTP(secret).provisioning_uri(
        name="admin", issuer_name="assess"
    )
    qr = re.search(r'<img id="totp-qr" src="(data:image/svg\+xml;[^"]+)"', page).group(1)
    assert "xmlns" in unquote(qr)  # a standalone SVG: browsers draw none without its namespace
    assert _person(db, "admin").totp_pending == secret
    # Not on again: another look at the page does not show it.
    assert secret not in client.get("/account/second-factor").get_data(as_text=True)
    wrong = client.post("/account/second-factor/confirm", data={"code": _code(secret, 10)})
    assert wrong.status_code == 401
    assert not _person(db, "admin").totp_enabled
    assert client.post("/account/second-factor/confirm", data={"code": "12ab56"}).status_code == 401
    right = client.post("/account/second-factor/confirm", data={"code": _code(secret)})
    assert (right.status_code, right.location) == (303, "/account")
    person = _person(db, "admin")
    assert (person.totp_secret, person.totp_pending) == (secret, None)
    assert _actions(db, "admin") == ["totp-enrolled"]
    assert secret not in client.get("/account/second-factor").get_data(as_text=True)


def test_signing_in_asks_for_the_code_after_the_password(client, login, db, world) -> None:
    secret = _enrol(client, login, db, "nfp-xa")
    response = login("nfp-xa")
    assert (response.status_code, response.location) == (302, "/login/code?next=/")
    # The password alone opens nothing.
    assert client.get("/dashboard").location.startswith("/login")
    assert client.post("/login/code", data={"code": "000000"}).status_code in (401, 429)
    signed_in = client.post("/login/code", data={"code": _code(secret, 1)})
    assert (signed_in.status_code, signed_in.location) == (302, "/")
    assert client.get("/dashboard").status_code == 200


def test_a_code_is_accepted_once(client, login, db, world) -> None:
    secret = _enrol(client, login, db, "nfp-xa")  # the code of now is used by the enrolment
    login("nfp-xa")
    replayed = client.post("/login/code", data={"code": _code(secret)})
    assert replayed.status_code == 401
    assert "Wrong or already used code" in replayed.get_data(as_text=True)
    assert client.post("/login/code", data={"code": _code(secret, 1)}).status_code == 302
    client.post("/logout")
    login("nfp-xa")
    assert client.post("/login/code", data={"code": _code(secret, 1)}).status_code == 401


def test_one_code_posted_in_parallel_passes_once(app, db, world) -> None:
    person = _person(db, "nfp-xa")
    person.totp_secret = pyotp.random_base32()
    db.commit()
    code, threads = _code(person.totp_secret), 10
    start, outcomes = threading.Barrier(threads), []

    def use() -> None:
        session = app.extensions["assess.db"]()
        someone = session.get(User, person.id)
        start.wait()
        try:
            second_factor.sign_in(
                session, someone, code, "192.0.2.1", max_failures=50, max_address_failures=50
            )
        except BadCredentials:
            outcomes.append("refused")
        else:
            outcomes.append("accepted")
        finally:
            session.close()

    workers = [threading.Thread(target=use) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert Counter(outcomes) == {"accepted": 1, "refused": threads - 1}, outcomes


def test_wrong_codes_lock_like_wrong_passwords(client, login, db, world) -> None:
    secret = _enrol(client, login, db, "nfp-xa")
    login("nfp-xa")
    for _ in range(3):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    # Typing the right password again does not start the count again.
    assert login("nfp-xa").status_code == 302
    for _ in range(2):
        assert client.post("/login/code", data={"code": "000001"}).status_code == 401
    locked = client.post("/login/code", data={"code": _code(secret, 1)})
    assert (locked.status_code, locked.headers["Retry-After"]) == (429, "900")
    assert login("nfp-xa").status_code == 429
    db.expire_all()
    failures = db.scalars(
        select(LoginAttempt.success).where(
            LoginAttempt.username == "nfp-xa", LoginAttempt.success.is_(False)
        )
    ).all()
    assert len(failures) == 5


def test_the_code_page_needs_the_password_first(client, world) -> None:
    response = client.post("/login/code", data={"code": "123456"})
    assert (response.status_code, response.location) == (302, "/login")


def test_turning_it_off_needs_a_code(client, login, db, world) -> None:
    secret = _enrol(client, login, db, "nfp-xa")
    login("nfp-xa")
    client.post("/login/code", data={"code": _code(secret, 1)})
    wrong = client.post("/account/second-factor/disable", data={"code": "000000"})
    assert wrong.status_code == 401
    assert _person(db, "nfp-xa").totp_enabled
    right = client.post("/account/second-factor/disable", data={"code": _code(secret, -1)})
    assert right.status_code == 401  # an older step than the one used: refused as a replay
    assert client.post("/account/second-factor/disable", data={"code": ""}).status_code == 400
    # 30 seconds later the next step's code is a fresh one (here: the steps used are forgotten).
    person = _person(db, "nfp-xa")
    person.totp_last_step = None
    db.commit()
    done = client.post("/account/second-factor/disable", data={"code": _code(secret)})
    assert (done.status_code, done.location) == (303, "/account")
    person = _person(db, "nfp-xa")
    assert (person.totp_secret, person.totp_last_step) == (None, None)
    assert _actions(db, "nfp-xa") == ["totp-enrolled", "totp-disabled"]
    client.post("/logout")
    assert login("nfp-xa").location == "/"


@pytest.mark.parametrize("required", [("admin", "secretariat")])
def test_required_roles_enrol_before_anything_else(make_app, db, world, required) -> None:
    app = make_app(ASSESS_REQUIRE_TOTP=required)
    admin = app.test_client()
    admin.post("/login", data={"username": "admin", "password": PASSWORD})
    for page in ("/dashboard", "/admin/", "/account"):
        response = admin.get(page)
        assert (response.status_code, response.location) == (302, "/account/second-factor")
    page = admin.get("/account/second-factor").get_data(as_text=True)
    assert 'id="totp-required"' in page
    shown = admin.post("/account/second-factor/start").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', shown).group(1)
    admin.post("/account/second-factor/confirm", data={"code": _code(secret)})
    assert admin.get("/dashboard").status_code == 200
    # A role the setting does not name goes on as before.
    nfp = app.test_client()
    nfp.post("/login", data={"username": "nfp-xa", "password": PASSWORD})
    assert nfp.get("/dashboard").status_code == 200


def test_an_administrator_resets_a_lost_second_factor(client, login, db, world, app) -> None:
    _enrol(client, login, db, "secretariat-seee")
    person = _person(db, "secretariat-seee")
    login("admin")
    response = client.post(f"/admin/users/{person.id}/second-factor/reset")
    assert (response.status_code, response.location) == (303, "/admin/")
    assert not _person(db, "secretariat-seee").totp_enabled
    assert _actions(db, "admin") == ["totp-reset"]
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "totp-reset")).one()
    assert event.new == {"username": "secretariat-seee"}
    client.post("/logout")
    assert login("secretariat-seee").location == "/"


def test_only_an_administrator_resets_a_second_factor(client, login, db, world) -> None:
    _enrol(client, login, db, "nfp-xa")
    target = _person(db, "nfp-xa")
    login("secretariat-seee")
    response = client.post(f"/admin/users/{target.id}/second-factor/reset")
    assert response.status_code in (403, 404)
    assert _person(db, "nfp-xa").totp_enabled
    assert _actions(db, "secretariat-seee") == []
