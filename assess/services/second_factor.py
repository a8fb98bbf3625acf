"""A second factor for signing in: the 6-digit codes of an authenticator app (TOTP, RFC 6238).

A person enrols from their account page: a new secret is shown once (as text and as an otpauth://
address for the app), and takes effect when they type a code it made. From then on signing in asks
for a code after the password. Codes are counted like passwords (people.count_attempt, per name and
address and per address), and each is accepted once: the last accepted 30-second step is stored,
and only a later step is accepted after it (an atomic UPDATE, so two requests racing with the same
code cannot both pass). Turning the factor off needs a code; an administrator may reset it for a
person who lost their device. Every change is an audit event.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from assess.models import User, utcnow
from assess.services import access, audit
from assess.services.errors import BadCredentials, InvalidInput, NotAllowed, refusal_text
from assess.services.people import count_attempt

ISSUER = "assess"
STEP = 30  # seconds a code lasts
# Codes of the step before and after now are accepted too: phone clocks drift.
DRIFT = 1


def start(session: Session, person: User) -> str:
    """A new secret for `person`, awaiting its first code (any earlier one awaiting is replaced);
    returned to be shown once, never again."""
    secret = pyotp.random_base32()
    person.totp_pending = secret
    session.commit()
    return secret


def provisioning_uri(person: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads (typed, pasted or scanned)."""
    return pyotp.TOTP(secret).provisioning_uri(name=person.username, issuer_name=ISSUER)


def _code(code: str) -> str | None:
    code = "".join((code or "").split())
    return code if len(code) == 6 and code.isascii() and code.isdigit() else None


def _accept(session: Session, person: User, secret: str, code: str, now: datetime) -> bool:
    """Whether `code` is `secret`'s for now (give or take DRIFT steps) and later than the last step
    accepted; the step is then the last accepted one."""
    typed = _code(code)
    if typed is None:
        return False
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in range(current - DRIFT, current + DRIFT + 1):
        if hmac.compare_digest(totp.at(step * STEP), typed):
            used = session.execute(
                update(User)
                .where(
                    User.id == person.id,
                    or_(User.totp_last_step.is_(None), User.totp_last_step < step),
                )
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            )
            session.expire(person, ["totp_last_step"])
            return used.rowcount == 1
    return False


def _checked(
    session: Session, person: User, secret: str, code: str, ip: str, limits: dict, now: datetime
) -> None:
    """Count the attempt like a password's, then accept the code or raise BadCredentials."""
    # The limits (max_failures, window, max_address_failures) are people.count_attempt's.
    attempt = count_attempt(session, person.username, ip, now=now, **limits)
    accepted = _accept(session, person, secret, code, now)
    attempt.success = accepted
    session.commit()
    if not accepted:
        raise BadCredentials(
            refusal_text("Wrong or already used code: type the code your app shows now.")
        )


def confirm(
    session: Session, person: User, code: str, ip: str, now: datetime | None = None, **limits
) -> None:
    """Turn the second factor on with the secret awaiting its first code."""
    if person.totp_pending is None:
        raise InvalidInput(refusal_text("Start again: no new second factor awaits a code."))
    now = now or utcnow()
    secret = person.totp_pending
    person.totp_last_step = None
    session.commit()
    _checked(session, person, secret, code, ip, limits, now)
    person.totp_secret, person.totp_pending = secret, None
    audit.record(session, person, "totp-enrolled", new={"username": person.username})
    session.commit()


def sign_in(
    session: Session, person: User, code: str, ip: str, now: datetime | None = None, **limits
) -> None:
    """The second step of signing in: the code from `person`'s app, or BadCredentials."""
    if person.totp_secret is None:
        raise InvalidInput(refusal_text("Start again: no new second factor awaits a code."))
    _checked(session, person, person.totp_secret, code, ip, limits, now or utcnow())


def disable(
    session: Session, person: User, code: str, ip: str, now: datetime | None = None, **limits
) -> None:
    """Turn one's own second factor off, given a code from it."""
    sign_in(session, person, code, ip, now, **limits)
    person.totp_secret = person.totp_pending = person.totp_last_step = None
    audit.record(session, person, "totp-disabled", new={"username": person.username})
    session.commit()


def reset(session: Session, actor: User, person: User) -> None:
    """Take away `person`'s second factor (administrators only), e.g. after a lost phone: they
    sign in with their password alone and enrol again (at once, where their role must)."""
    if not access.can_administer(actor):
        raise NotAllowed(refusal_text("Only an administrator resets a second factor."))
    person.totp_secret = person.totp_pending = person.totp_last_step = None
    audit.record(session, actor, "totp-reset", new={"username": person.username})
    session.commit()


def required(person: User, roles: tuple[str, ...] | None) -> bool:
    """Whether `person` must enrol before anything else (ASSESS_REQUIRE_TOTP names their role)."""
    return person.role in (roles or ()) and not person.totp_enabled


PENDING_FOR = timedelta(minutes=5)  # how long a right password waits for its code
