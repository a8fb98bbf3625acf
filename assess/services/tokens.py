"""Personal access tokens for the read-only API: made and revoked by their owner, kept hashed.

A token is shown once, when it is made; only its SHA-256 is stored (as invitation tokens are).
It works until it expires, is revoked, or its owner's account is deactivated; each use is one
audit event.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session, joinedload

from assess.models import ApiToken, User, utcnow
from assess.services import audit
from assess.services.accounts import token_hash
from assess.services.errors import InvalidInput, NotFound, refusal_text

PREFIX = "assess_"
# The lifetimes an owner chooses from, in days: a token always expires, within a year.
LIFETIMES = (7, 30, 90, 180, 365)
NAME_LENGTH = 100
CREATED = "token-created"
REVOKED = "token-revoked"
USED = audit.API_USE


def create(
    session: Session, owner: User, name: str, days: int, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new read token of `owner`'s and its secret (shown once, never stored)."""
    name = (name or "").strip()
    if not name or len(name) > NAME_LENGTH:
        raise InvalidInput(
            refusal_text("Give the token a name of 1 to %(most)s characters.", most=NAME_LENGTH)
        )
    if days not in LIFETIMES:
        raise InvalidInput(refusal_text("Choose how long the token works from the list."))
    secret = PREFIX + secrets.token_urlsafe(32)
    made = now or utcnow()
    token = ApiToken(
        user=owner,
        name=name,
        token_hash=token_hash(secret),
        scope="read",
        created_at=made,
        expires_at=made + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    audit.record(session, owner, CREATED, new={"token": token.id, "name": name, "days": days})
    session.commit()
    return token, secret


def owned(session: Session, owner: User) -> list[ApiToken]:
    """The owner's tokens, newest first (revoked and expired ones too, as a record)."""
    query = select(ApiToken).where(ApiToken.user_id == owner.id).order_by(ApiToken.id.desc())
    return list(session.scalars(query))


def revoke(session: Session, owner: User, token_id: int, now: datetime | None = None) -> None:
    """Stop one of the owner's tokens working; NotFound for a token that is not theirs."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound(refusal_text("You have no such token."))
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        audit.record(session, owner, REVOKED, new={"token": token.id, "name": token.name})
        session.commit()


def is_usable(token: ApiToken, now: datetime) -> bool:
    """Whether the token still works: not revoked, not expired, its owner active."""
    return token.revoked_at is None and token.expires_at > now and token.user.active


# Built once: every API request runs it (the owner in the same statement).
_BY_HASH = (
    select(ApiToken)
    .where(ApiToken.token_hash == bindparam("token_hash"))
    .options(joinedload(ApiToken.user))
)
_USED = update(ApiToken).where(ApiToken.id == bindparam("token_id"))


def authenticate(session: Session, secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token whose secret this is; None for an unknown, revoked or expired one, or
    one whose owner is deactivated."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = session.execute(_BY_HASH, {"token_hash": token_hash(secret)}).scalar_one_or_none()
    if token is None or not is_usable(token, now or utcnow()):
        return None
    return token


def record_use(connection: Connection, token: ApiToken, method: str, path: str) -> None:
    """One audit event for one request, and the token's last use: two statements on `connection`,
    in its transaction."""
    now = utcnow()
    connection.execute(_USED.values(last_used_at=now), {"token_id": token.id})
    audit.append(
        connection, token.user, USED, new={"token": token.id, "method": method, "path": path}
    )
