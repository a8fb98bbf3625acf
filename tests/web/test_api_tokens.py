"""Personal access tokens on the account page: made (the secret shown once, only its hash kept),
listed and revoked by their owner alone, each step audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import ApiToken, AuditEvent
from assess.services import tokens
from assess.services.accounts import token_hash
from tests.web.admin_support import client_of

SECRET = re.compile(r"<code>(assess_[A-Za-z0-9_-]+)</code>")


def _make(client, name: str = "R scripts", days: str = "30"):
    return client.post("/account/tokens", data={"token-name": name, "token-days": days})


def test_a_token_is_shown_once_and_only_its_hash_is_kept(app, db, world) -> None:
    client = client_of(app, "nfp-xa")
    page = _make(client).get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    token = db.scalars(select(ApiToken)).one()
    assert (token.token_hash, token.name, token.scope) == (token_hash(secret), "R scripts", "read")
    assert (token.expires_at - token.created_at).days == 30
    again = client.get("/account").get_data(as_text=True)
    assert "R scripts" in again and secret not in again
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == tokens.CREATED)).one()
    assert (event.user_id, event.new) == (
        world["nfp-xa"].id,
        {"token": token.id, "name": "R scripts", "days": 30},
    )
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/assessments", headers=headers).status_code == 200


@pytest.mark.parametrize(("name", "days"), [("", "30"), ("x" * 101, "30"), ("ok", "3650")])
def test_a_token_needs_a_name_and_an_offered_lifetime(app, db, world, name, days) -> None:
    response = _make(client_of(app, "nfp-xa"), name, days)
    assert response.status_code == 400
    assert db.scalars(select(ApiToken)).all() == []


def test_the_owner_revokes_a_token_and_it_stops_working(app, db, world) -> None:
    client = client_of(app, "team-xa")
    secret = SECRET.search(_make(client).get_data(as_text=True)).group(1)
    token = db.scalars(select(ApiToken)).one()
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 303
    db.expire_all()
    assert token.revoked_at is not None
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == tokens.REVOKED)).one()
    assert event.new == {"token": token.id, "name": "R scripts"}
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/assessments", headers=headers).status_code == 401
    assert "revoked" in client.get("/account").get_data(as_text=True)


def test_nobody_revokes_another_persons_token(app, db, world) -> None:
    _make(client_of(app, "nfp-xa"))
    token = db.scalars(select(ApiToken)).one()
    for username in ("nfp-xb", "admin", "secretariat-seee"):
        response = client_of(app, username).post(f"/account/tokens/{token.id}/revoke")
        assert response.status_code == 404, username
    db.expire_all()
    assert token.revoked_at is None


def test_the_events_log_says_tokens_made_and_revoked_but_not_each_read(app, db, world) -> None:
    client = client_of(app, "nfp-xa")
    secret = SECRET.search(_make(client, "Stata").get_data(as_text=True)).group(1)
    client.get("/api/v1/assessments", headers={"Authorization": f"Bearer {secret}"})
    token = db.scalars(select(ApiToken)).one()
    client.post(f"/account/tokens/{token.id}/revoke")
    page = client_of(app, "admin").get("/admin/events").get_data(as_text=True)
    assert "nfp-xa made the API token Stata." in page
    assert "nfp-xa revoked the API token Stata." in page
    assert "through the API" not in page
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == tokens.USED)).all()
    assert [event.new["path"] for event in reads] == ["/api/v1/assessments"]
