"""People and places: regions, countries, users, signing in and out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.models import ROLES, Country, LoginAttempt, Region, User, utcnow
from assess.services.errors import BadCredentials, InvalidInput, RateLimited

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("assess-no-such-user")


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
        raise InvalidInput(f"country code {code!r}: use two upper-case letters (ISO 3166)")
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
    if role not in ROLES:
        raise InvalidInput(f"role {role!r}: use one of {', '.join(ROLES)}")
    if role == "secretariat" and (region is None or country is not None):
        raise InvalidInput("a secretariat user belongs to one region and no country")
    if role in ("nfp", "team") and (country is None or region is not None):
        raise InvalidInput(f"a {role} user belongs to one country and no region")
    if role in ("admin", "expert") and (region is not None or country is not None):
        raise InvalidInput(f"an {role} user belongs to no region and no country")


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


def authenticate(
    session: Session,
    username: str,
    password: str,
    ip: str,
    max_failures: int = 5,
    window: timedelta = timedelta(minutes=15),
    now: datetime | None = None,
) -> User:
    """The active user with these credentials; every attempt is recorded to rate-limit guessing."""
    now = now or utcnow()
    if recent_failures(session, username, ip, window, now) >= max_failures:
        minutes = int(window.total_seconds() // 60)
        raise RateLimited(
            f"Too many failed sign-in attempts for {username!r} from your address. "
            f"Wait {minutes} minutes, then try again."
        )
    user = session.scalar(select(User).where(User.username == username))
    matches = password_matches(user.password_hash if user else _DUMMY_HASH, password)
    success = bool(user and user.active and matches)
    session.add(LoginAttempt(username=username, ip=ip, at=now, success=success))
    session.commit()
    if not success:
        raise BadCredentials("Wrong user name or password.")
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign `user` out everywhere: every session cookie issued so far stops working."""
    user.session_generation += 1
    session.commit()


def user_for_session(session: Session, session_id: str) -> User | None:
    """The active user a session id ("user id:generation") stands for, if still valid."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user
