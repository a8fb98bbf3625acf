"""People and places: regions, countries, users, signing in and out."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from assess.models import ROLES, AuditEvent, Country, LoginAttempt, Region, Role, User, utcnow
from assess.services import access, audit
from assess.services.errors import (
    BadCredentials,
    InvalidFields,
    InvalidInput,
    NotAllowed,
    RateLimited,
    Text,
    refusal_plural,
    refusal_text,
)

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("assess-no-such-user")
# The refusal when a role is given a place it does not belong to (see access.PLACES).
PLACEMENT_REFUSALS: dict[Role, Text] = {
    Role.ADMIN: refusal_text("an admin user belongs to no region and no country"),
    Role.EXPERT: refusal_text("an expert user belongs to no region and no country"),
    Role.SECRETARIAT: refusal_text("a secretariat user belongs to one region and no country"),
    Role.NFP: refusal_text("an NFP user belongs to one country and no region"),
    Role.TEAM: refusal_text("a team user belongs to one country and no region"),
    Role.COORDINATOR: refusal_text("a coordinator user belongs to no region and no country"),
}
NAME_REFUSALS: dict[str, Text] = {
    "region": refusal_text("region name: use 1 to 200 printable characters"),
    "country": refusal_text("country name: use 1 to 200 printable characters"),
}


def _country_code_refusal(code: str) -> Text:
    return refusal_text("country code '%(code)s': use two upper-case letters (ISO 3166)", code=code)


def hash_password(password: str) -> str:
    """An argon2 hash of `password`."""
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether `password` is the one behind `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def ensure_region(session: Session, code: str, name: str) -> Region:
    """The region with this code, created (or renamed) to `name`."""
    region = session.scalar(select(Region).where(Region.code == code))
    if region is None:
        region = Region(code=code, name=name)
        session.add(region)
    region.name = name
    session.commit()
    return region


def ensure_country(session: Session, code: str, name: str, region: Region) -> Country:
    """The country with this ISO 3166 code, created (or updated) in `region`."""
    if len(code) != 2 or not code.isalpha() or not code.isupper():
        raise InvalidInput(_country_code_refusal(code))
    country = session.scalar(select(Country).where(Country.code == code))
    if country is None:
        country = Country(code=code, name=name, region=region)
        session.add(country)
    country.name, country.region = name, region
    session.commit()
    return country


def ensure_user(
    session: Session,
    username: str,
    password_hash: str,
    role: str,
    region: Region | None = None,
    country: Country | None = None,
    areas: Sequence[str] = (),
) -> User:
    """The user with this name, created with `password_hash` or brought in line with the rest."""
    check_placement(role, region, country)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, password_hash=password_hash, role=role)
        session.add(user)
    user.role, user.region, user.country, user.areas = role, region, country, list(areas)
    session.commit()
    return user


def check_placement(role: str, region: Region | None, country: Country | None) -> None:
    """Refuse a role without the place it needs: secretariat a region, NFP and team a country."""
    try:
        named = Role(role)
    except ValueError:
        raise InvalidFields(
            {
                "role": refusal_text(
                    "role '%(role)s': use one of %(roles)s", role=role, roles=", ".join(ROLES)
                )
            }
        ) from None
    placed = {"region": region is not None, "country": country is not None}
    if placed != access.PLACES[named]:
        raise InvalidFields({"place": PLACEMENT_REFUSALS[named]})


def recent_failures(
    session: Session, username: str, ip: str, window: timedelta, now: datetime
) -> int:
    """Failed sign-ins for this name from this address within `window`, since the last success."""
    same = (LoginAttempt.username == username, LoginAttempt.ip == ip)
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(*same, LoginAttempt.success.is_(True))
    )
    since = max(now - window, last_success) if last_success else now - window
    return session.scalar(
        select(func.count(LoginAttempt.id)).where(
            *same, LoginAttempt.success.is_(False), LoginAttempt.at > since
        )
    )


def address_failures(session: Session, ip: str, window: timedelta, now: datetime) -> int:
    """Failed sign-ins from this address within `window`, whatever the names (a success of one
    name does not forgive the others: that is how spraying one password over many names looks)."""
    return session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.ip == ip, LoginAttempt.success.is_(False), LoginAttempt.at > now - window
        )
    )


def _minutes(window: timedelta) -> int:
    return int(window.total_seconds() // 60)


def count_attempt(
    session: Session,
    username: str,
    ip: str,
    max_failures: int = 5,
    window: timedelta = timedelta(minutes=15),
    now: datetime | None = None,
    max_address_failures: int = 20,
) -> LoginAttempt:
    """Record an attempt for `username` from `ip` before its secret is checked, as a failure
    until the caller says otherwise; RateLimited past either limit (the attempt then leaves no
    row). Counting after one's own row is committed makes the check atomic: of attempts racing,
    the k-th to commit counts at least k, so at most the limit are ever checked."""
    now = now or utcnow()
    attempt = LoginAttempt(username=username, ip=ip, at=now, success=False)
    session.add(attempt)
    session.commit()
    refusal = None
    if recent_failures(session, username, ip, window, now) > max_failures:
        refusal = refusal_plural(
            "Too many failed sign-in attempts for '%(name)s' from your address. "
            "Wait %(minutes)s minute, then try again.",
            "Too many failed sign-in attempts for '%(name)s' from your address. "
            "Wait %(minutes)s minutes, then try again.",
            "minutes",
            name=username,
            minutes=_minutes(window),
        )
    elif address_failures(session, ip, window, now) > max_address_failures:
        refusal = refusal_plural(
            "Too many failed sign-in attempts from your address. "
            "Wait %(minutes)s minute, then try again.",
            "Too many failed sign-in attempts from your address. "
            "Wait %(minutes)s minutes, then try again.",
            "minutes",
            minutes=_minutes(window),
        )
    if refusal is not None:
        session.delete(attempt)
        session.commit()
        raise RateLimited(refusal)
    return attempt


def authenticate(
    session: Session,
    username: str,
    password: str,
    ip: str,
    max_failures: int = 5,
    window: timedelta = timedelta(minutes=15),
    now: datetime | None = None,
    max_address_failures: int = 20,
) -> User:
    """The active user with these credentials; every attempt is recorded to rate-limit guessing
    (per name and address, and per address), counted before the password is checked.

    For a person with a second factor the password alone is no success: the attempt is dropped
    and the code's own attempt (see `second_factor`) decides, so signing in again with the right
    password never resets the count of wrong codes."""
    attempt = count_attempt(session, username, ip, max_failures, window, now, max_address_failures)
    user = session.scalar(select(User).where(User.username == username))
    matches = password_matches(user.password_hash if user else _DUMMY_HASH, password)
    success = bool(user and user.active and matches)
    if success and user.totp_enabled:
        session.delete(attempt)
    else:
        attempt.success = success
    session.commit()
    if not success:
        raise BadCredentials(refusal_text("Wrong user name or password."))
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign `user` out everywhere: every session cookie issued so far stops working."""
    user.session_generation += 1
    session.commit()


# Every request reads its user: the statement is built once (see assess.services.answers).
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


def user_for_session(session: Session, session_id: str) -> User | None:
    """The active user a session id ("user id:generation") stands for, if still valid."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = session.execute(_USER_BY_ID, {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


# Managing people and places: every change is one audit event with no assessment.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
REGION_CODE = re.compile(r"[A-Z]{2,16}")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
MIN_PASSWORD = 12
MAX_PASSWORD = 256


def check_name(name: str, what: str) -> str:
    """A place's name (`what`: "region" or "country"), trimmed: 1 to 200 printable characters."""
    name = name.strip()
    if not name or len(name) > 200 or not name.isprintable():
        raise InvalidFields({"name": NAME_REFUSALS[what]})
    return name


def create_region(session: Session, actor: User, code: str, name: str) -> Region:
    """A new region; its code is 2 to 16 upper-case letters, used by no other region."""
    if not REGION_CODE.fullmatch(code):
        raise InvalidFields(
            {
                "code": refusal_text(
                    "region code '%(code)s': use 2 to 16 upper-case letters (A-Z)", code=code
                )
            }
        )
    if session.scalar(select(Region.id).where(Region.code == code)) is not None:
        raise InvalidFields(
            {
                "code": refusal_text(
                    "region code '%(code)s': a region with this code already exists", code=code
                )
            }
        )
    region = Region(code=code, name=check_name(name, "region"))
    session.add(region)
    audit.record(session, actor, "region-created", new={"code": code, "name": region.name})
    session.commit()
    return region


def create_country(session: Session, actor: User, code: str, name: str, region: Region) -> Country:
    """A new country of `region`; its code has the ISO 3166 alpha-2 shape, used by no other."""
    if not COUNTRY_CODE.fullmatch(code):
        raise InvalidFields({"code": _country_code_refusal(code)})
    if session.scalar(select(Country.id).where(Country.code == code)) is not None:
        raise InvalidFields(
            {
                "code": refusal_text(
                    "country code '%(code)s': a country with this code already exists", code=code
                )
            }
        )
    country = Country(code=code, name=check_name(name, "country"), region=region)
    session.add(country)
    new = {"code": code, "name": country.name, "region": region.code}
    audit.record(session, actor, "country-created", new=new)
    session.commit()
    return country


MAX_FULL_NAME = 200
# One address, plainly written: no spaces, no list, no header break.
EMAIL = re.compile(r"[^@\s,;<>\"]{1,64}@[^@\s,;<>\"]+\.[^@\s,;<>\"]+")
MAX_EMAIL = 254


def check_email(email: str | None) -> str | None:
    """An e-mail address, trimmed (None when empty); refused unless it is one plain address."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > MAX_EMAIL or not EMAIL.fullmatch(email):
        raise InvalidInput(
            refusal_text(
                "e-mail '%(email)s': give one address, e.g. name@example.org", email=email[:80]
            )
        )
    return email


def check_full_name(name: str | None) -> str:
    """A full name, trimmed: up to 200 printable characters (may be empty)."""
    name = (name or "").strip()
    if len(name) > MAX_FULL_NAME or not name.isprintable():
        raise InvalidInput(refusal_text("full name: use at most 200 printable characters"))
    return name


def check_password(password: str, again: str) -> None:
    """Refuse a password too short, too long, or typed differently the second time."""
    if password != again:
        raise InvalidFields(
            {"again": refusal_text("the two passwords differ: type the same password twice")}
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD or "\x00" in password:
        raise InvalidFields(
            {
                "password": refusal_plural(
                    "password: use %(least)s to %(most)s character",
                    "password: use %(least)s to %(most)s characters",
                    "most",
                    least=MIN_PASSWORD,
                    most=MAX_PASSWORD,
                )
            }
        )


def generated_password() -> str:
    """A new random password, shown once to whoever resets it."""
    return secrets.token_urlsafe(15)


def _described(user: User) -> dict[str, Any]:
    place = user.region or user.country
    described = {"username": user.username, "role": user.role}
    return {**described, "place": place.code if place else None, "full_name": user.full_name}


def create_user(
    session: Session,
    actor: User,
    username: str,
    role: str,
    password: str | None,
    region: Region | None = None,
    country: Country | None = None,
    areas: Sequence[str] = (),
    *,
    full_name: str = "",
    email: str | None = None,
) -> User:
    """A new account; a secretariat may create only NFP and team accounts of its countries.

    Without a password nobody can sign in to it until its owner follows an invitation."""
    if not USERNAME.fullmatch(username):
        raise InvalidFields(
            {
                "username": refusal_text(
                    "user name '%(name)s': use 2 to 80 lower-case letters, digits, '.', '_' or '-'",
                    name=username,
                )
            }
        )
    check_placement(role, region, country)
    if areas and not access.may_be_limited_to_areas(role):
        raise InvalidFields({"areas": refusal_text("only team members are limited to areas")})
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidFields(
            {
                "username": refusal_text(
                    "user name '%(name)s': this name is already taken", name=username
                )
            }
        )
    secret = password if password is not None else secrets.token_urlsafe(32)
    user = User(username=username, password_hash=hash_password(secret), role=role)
    user.region, user.country, user.areas = region, country, list(areas)
    user.full_name, user.email = check_full_name(full_name), check_email(email)
    if not access.can_manage(actor, user):
        raise NotAllowed(
            refusal_text("A secretariat creates only NFP and team accounts of its countries.")
        )
    session.add(user)
    audit.record(session, actor, "user-created", new={**_described(user), "areas": list(areas)})
    session.commit()
    return user


def set_active(session: Session, actor: User, person: User, active: bool) -> None:
    """Deactivate (every session of theirs stops working) or reactivate an account."""
    if not access.can_manage(actor, person):
        raise NotAllowed(refusal_text("You may not manage this account."))
    if person.id == actor.id:
        raise InvalidInput(refusal_text("you cannot deactivate your own account"))
    if person.active == active:
        return
    person.active = active
    person.session_generation += 1
    action = "user-reactivated" if active else "user-deactivated"
    audit.record(session, actor, action, old={"active": not active}, new=_described(person))
    session.commit()


def reset_password(session: Session, actor: User, person: User, password: str) -> None:
    """Give `person` a new password (admins only); their sessions stop working."""
    if not access.can_administer(actor):
        raise NotAllowed(refusal_text("Only an administrator resets passwords."))
    person.password_hash = hash_password(password)
    person.session_generation += 1
    # A pending invitation would let whoever holds its link replace this password.
    person.invitation_hash, person.invitation_expires_at = None, None
    audit.record(session, actor, "password-reset", new=_described(person))
    session.commit()


def people_events(session: Session, limit: int = 200) -> Sequence[AuditEvent]:
    """The latest changes to people and places, newest first (reads through the API are not
    changes: they stay in the trail, out of this log)."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.assessment_id.is_(None), AuditEvent.action != audit.API_USE)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()
