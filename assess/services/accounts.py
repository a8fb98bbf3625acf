"""A person's own account (name, e-mail, language, notifications, password) and invitations.

An invitation is a link carrying a random token, e-mailed to a new account's address instead of
a password shown once: only the token's SHA-256 is stored, it works once, and it expires.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import User, utcnow
from assess.services import audit, notifications
from assess.services.errors import InvalidInput, NotFound, refusal_text
from assess.services.people import (
    check_email,
    check_full_name,
    check_password,
    hash_password,
    password_matches,
)
from assess.words.notices import KINDS

# How long an invitation link works.
INVITATION_LIFETIME = timedelta(days=7)
INVITATION_PAGE = "/invitation/{token}"


def check_language(lang: str, offered: Iterable[str]) -> str:
    """One of the languages the application offers."""
    if lang not in offered:
        raise InvalidInput(refusal_text("language '%(lang)s' is not offered", lang=lang[:16]))
    return lang


def update_profile(
    session: Session,
    person: User,
    full_name: str,
    email: str | None,
    language: str,
    received: Iterable[str],
    offered: Iterable[str],
) -> None:
    """Change one's own name, e-mail, language and the notification kinds one receives."""
    chosen = set(received)
    if not chosen <= set(KINDS):
        raise InvalidInput(refusal_text("unknown notification kind"))
    old = _profile(person)
    person.full_name = check_full_name(full_name)
    person.email = check_email(email)
    person.language = check_language(language, offered)
    person.notifications_off = [kind for kind in KINDS if kind not in chosen]
    new = _profile(person)
    if new != old:
        audit.record(session, person, "account-updated", old=old, new=new)
    session.commit()


def _profile(person: User) -> dict[str, object]:
    return {
        "username": person.username,
        "full_name": person.full_name,
        "email": person.email,
        "language": person.language,
        "notifications_off": list(person.notifications_off or []),
    }


def change_own_password(
    session: Session, person: User, current: str, password: str, again: str
) -> None:
    """Change one's own password, given the current one; one's other sessions stop working."""
    if not password_matches(person.password_hash, current):
        raise InvalidInput(refusal_text("the current password is wrong"))
    check_password(password, again)
    person.password_hash = hash_password(password)
    person.session_generation += 1
    audit.record(session, person, "password-changed", new={"username": person.username})
    session.commit()


def token_hash(token: str) -> str:
    """The SHA-256 of an invitation token, as stored (the token itself never is)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def invite(session: Session, actor: User, person: User, now: datetime | None = None) -> bool:
    """E-mail `person` a link to choose their password (a new single-use token; any earlier
    one stops working); False when the application sends no e-mail or they have no address."""
    outbox = notifications.outbox_of(session)
    if outbox is None or not person.email:
        return False
    token = secrets.token_urlsafe(32)
    person.invitation_hash = token_hash(token)
    person.invitation_expires_at = (now or utcnow()) + INVITATION_LIFETIME
    audit.record(session, actor, "user-invited", new={"username": person.username})
    session.commit()
    link = INVITATION_PAGE.format(token=token)
    outbox.send([notifications.invitation(session, person, link)])
    return True


def invited(session: Session, token: str, now: datetime | None = None) -> User:
    """The active account a still valid invitation token belongs to; NotFound otherwise."""
    if not token or len(token) > 100:
        raise NotFound(refusal_text("This invitation link is not valid any more."))
    person = session.scalar(select(User).where(User.invitation_hash == token_hash(token)))
    expires = person.invitation_expires_at if person else None
    if person is None or not person.active or expires is None or expires <= (now or utcnow()):
        raise NotFound(refusal_text("This invitation link is not valid any more."))
    return person


def accept_invitation(
    session: Session, token: str, password: str, again: str, now: datetime | None = None
) -> User:
    """Set the invited account's password; the link stops working."""
    person = invited(session, token, now)
    check_password(password, again)
    person.password_hash = hash_password(password)
    person.invitation_hash = None
    person.invitation_expires_at = None
    person.session_generation += 1
    audit.record(session, person, "invitation-accepted", new={"username": person.username})
    session.commit()
    return person
