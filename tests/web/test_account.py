"""One's own account: name, e-mail, language and notification choices, one's own password; new
accounts with a chosen role and an invitation e-mailed (read back from the test SMTP server)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import AuditEvent, User
from tests.web.admin_support import client_of, one_time_password

LINK = re.compile(r"https://assess\.example\.org/invitation/(\S+)")


def _person(db, username: str) -> User:
    db.expire_all()
    return db.scalars(select(User).where(User.username == username)).one()


def test_a_person_saves_their_name_address_language_and_choices(app, world, db) -> None:
    client = client_of(app, "team-xa")
    data = {
        "profile-full_name": "Ana Ionescu",
        "profile-email": "ana@example.org",
        "profile-language": "fr",
        "profile-notifications": ["returned", "deadline"],
    }
    response = client.post("/account", data=data)
    assert response.status_code == 303
    person = _person(db, "team-xa")
    assert (person.full_name, person.email, person.language) == (
        "Ana Ionescu",
        "ana@example.org",
        "fr",
    )
    assert person.notifications_off == [
        "submitted",
        "answered",
        "accepted",
        "reopened",
        "report-ready",
    ]
    page = client.get("/account").get_data(as_text=True)
    assert 'value="deadline" checked' in page or 'checked id="profile-notifications-6"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("profile-email", "not an address", "give one address"),
        ("profile-email", "a@b.org, c@d.org", "give one address"),
        ("profile-language", "xx", "Not a valid choice"),
        ("profile-notifications", "everything", "is not a valid choice"),
    ],
)
def test_a_wrong_value_is_refused_with_the_reason(app, world, db, field, value, message) -> None:
    data = {"profile-language": "en", field: value}
    response = client_of(app, "nfp-xa").post("/account", data=data)
    assert (response.status_code, message in response.get_data(as_text=True)) == (400, True)
    assert _person(db, "nfp-xa").email is None


def test_a_person_changes_their_own_password_and_other_sessions_end(app, world, db) -> None:
    other = client_of(app, "nfp-xa")
    client = client_of(app, "nfp-xa")
    data = {
        "password-current": "assess-demo",
        "password-password": "a brand new secret",
        "password-again": "a brand new secret",
    }
    assert client.post("/account/password", data=data).status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/dashboard").status_code == 302
    assert client_of(app, "nfp-xa", "a brand new secret").get("/dashboard").status_code == 200
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "password-changed")).one()
    assert event.user.username == "nfp-xa"


def test_the_wrong_current_password_changes_nothing(app, world, db) -> None:
    data = {
        "password-current": "not my password",
        "password-password": "a brand new secret",
        "password-again": "a brand new secret",
    }
    response = client_of(app, "nfp-xa").post("/account/password", data=data)
    assert (
        response.status_code,
        "current password is wrong" in response.get_data(as_text=True),
    ) == (
        400,
        True,
    )
    assert client_of(app, "nfp-xa").get("/dashboard").status_code == 200


def test_a_new_account_needs_its_role_chosen(app, world, db) -> None:
    admin = client_of(app, "admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert '<select id="role" name="role" required><option value="">Choose a role</option>' in page
    response = admin.post("/admin/users", data={"username": "someone", "place": ""})
    assert (response.status_code, "Choose the account" in response.get_data(True)) == (
        400,
        True,
    )
    assert db.scalar(select(User.id).where(User.username == "someone")) is None


def test_without_e_mail_a_new_account_gets_a_password_shown_once(app, world, db) -> None:
    data = {"username": "nfp-xa2", "role": "nfp", "place": "country:XA", "email": "x@example.org"}
    page = client_of(app, "admin").post("/admin/users", data=data).get_data(as_text=True)
    assert one_time_password(page)
    assert _person(db, "nfp-xa2").email == "x@example.org"


@pytest.fixture
def mail_app(make_app, mailbox):
    app = make_app(**mailbox.settings)
    yield app
    app.extensions["assess.outbox"].wait()


def test_with_e_mail_a_new_account_is_invited_and_chooses_its_password(
    mail_app, world, db, mailbox
) -> None:
    data = {
        "username": "nfp-xa2",
        "full_name": "Petra Novak",
        "email": "petra@example.org",
        "role": "nfp",
        "place": "country:XA",
    }
    page = client_of(mail_app, "admin").post("/admin/users", data=data).get_data(as_text=True)
    assert 'id="invitation-sent"' in page and "one-time-password" not in page
    mail_app.extensions["assess.outbox"].wait()
    [message] = mailbox.to("petra@example.org")
    assert message["Subject"] == "Your account on assess"
    assert "Hello Petra Novak," in message.get_content()
    token = LINK.search(message.get_content()).group(1)
    person = _person(db, "nfp-xa2")
    assert token not in (person.invitation_hash or "") and len(person.invitation_hash) == 64
    client = mail_app.test_client()
    assert client.get(f"/invitation/{token}").status_code == 200
    data = {"password": "petra's own secret", "again": "petra's own secret"}
    assert client.post(f"/invitation/{token}", data=data).status_code == 303
    assert client_of(mail_app, "nfp-xa2", "petra's own secret").get("/dashboard").status_code == 200
    assert client.get(f"/invitation/{token}").status_code == 404


def test_an_expired_or_unknown_invitation_is_refused(mail_app, world, db, mailbox) -> None:
    data = {"username": "nfp-xa3", "email": "z@example.org", "role": "nfp", "place": "country:XA"}
    client_of(mail_app, "admin").post("/admin/users", data=data)
    mail_app.extensions["assess.outbox"].wait()
    token = LINK.search(mailbox.to("z@example.org")[0].get_content()).group(1)
    person = _person(db, "nfp-xa3")
    person.invitation_expires_at -= timedelta(days=8)
    db.commit()
    client = mail_app.test_client()
    assert client.get(f"/invitation/{token}").status_code == 404
    data = {"password": "a long new secret", "again": "a long new secret"}
    assert client.post(f"/invitation/{token}", data=data).status_code == 404
    assert client.get("/invitation/not-a-token").status_code == 404


def test_the_events_log_reads_as_sentences(app, world, db) -> None:
    admin = client_of(app, "admin")
    admin.post("/admin/users", data={"username": "expert2", "role": "expert", "place": ""})
    admin.post(f"/admin/users/{_person(db, 'nfp-xa').id}/deactivate")
    page = admin.get("/admin/events").get_data(as_text=True)
    assert "admin created the account expert2 (questionnaire expert)." in page
    assert "admin deactivated the account nfp-xa." in page
    admin.post("/language", data={"lang": "fr"})
    page = admin.get("/admin/events").get_data(as_text=True)
    assert "admin a créé le compte expert2 (experte ou expert du questionnaire)." in page


def test_a_password_reset_ends_a_pending_invitation(mail_app, world, db, mailbox) -> None:
    data = {"username": "nfp-xa4", "email": "w@example.org", "role": "nfp", "place": "country:XA"}
    admin = client_of(mail_app, "admin")
    admin.post("/admin/users", data=data)
    mail_app.extensions["assess.outbox"].wait()
    token = LINK.search(mailbox.to("w@example.org")[0].get_content()).group(1)
    admin.post(f"/admin/users/{_person(db, 'nfp-xa4').id}/password", data={})
    assert mail_app.test_client().get(f"/invitation/{token}").status_code == 404


def test_the_account_page_has_a_plain_title_and_one_tokens_section(app, world) -> None:
    page = client_of(app, "team-xa").get("/account").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert (title and title.group(1).strip(), page.count('id="tokens"')) == (
        "Your account · assess",
        1,
    )
