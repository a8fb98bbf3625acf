"""Notifications: who hears of a change to an assessment, by e-mail, in their own language.

`notify` is called after the change is committed (a message never announces a change that was
rolled back). It finds the recipients through the access rules, keeps those with an e-mail
address who did not turn the kind off, words each message in the recipient's language
(assess.words.notices: links, never answers) and hands them to the session's outbox (the
application's, put in `session.info["outbox"]`; none when no SMTP server is set: nothing is sent).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formataddr

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assess.jobs.mail import Outbox
from assess.models import Assessment, Reminder, ReportJob, User
from assess.services import access
from assess.words.notices import KINDS, Notice, invitation_notice, notice
from assess.words.numbers import date as date_words

log = logging.getLogger(__name__)
# Who hears of each kind of change to an assessment: its country's people or its reviewers.
TOWARD_COUNTRY = ("returned", "accepted", "reopened", "deadline")
TOWARD_REVIEWERS = ("submitted", "answered")
# The page each kind's link opens, below ASSESS_BASE_URL (tests check each is a real route).
PAGES = {
    "submitted": "/assessments/{assessment}/review",
    "answered": "/assessments/{assessment}/review",
    "returned": "/assessments/{assessment}",
    "accepted": "/assessments/{assessment}",
    "reopened": "/assessments/{assessment}",
    "deadline": "/assessments/{assessment}",
    "report-ready": "/plans/jobs/{job}",
}
ACCOUNT_PAGE = "/account"


def outbox_of(session: Session) -> Outbox | None:
    """The outbox e-mail goes through, or None when the application sends none."""
    return session.info.get("outbox")


def mail_is_set_up(session: Session) -> bool:
    """Whether the application sends e-mail (ASSESS_SMTP_HOST is set)."""
    return outbox_of(session) is not None


def base_url(session: Session) -> str:
    """The address the application is opened at (ASSESS_BASE_URL), for links."""
    return session.info.get("base_url") or ""


def wants(person: User, kind: str) -> bool:
    """Whether `person` can and chose to receive notifications of `kind`."""
    return bool(person.active and person.email) and kind not in (person.notifications_off or [])


def recipients(session: Session, kind: str, assessment: Assessment) -> list[User]:
    """Who receives `kind` about `assessment`: those the access rules address it to, who see it."""
    if kind in TOWARD_COUNTRY:
        query = access.country_people(assessment)
    elif kind in TOWARD_REVIEWERS:
        query = access.reviewers_of(assessment)
    else:
        raise ValueError(f"unknown assessment notification {kind!r}; use one of {KINDS}")
    people = session.scalars(query.order_by(User.id)).all()
    return [p for p in people if wants(p, kind) and access.can_see_assessment(p, assessment)]


def message(
    session: Session,
    person: User,
    kind: str,
    link: str,
    **params: str,
) -> EmailMessage:
    """The e-mail of `kind` to `person`, in their language."""
    root = base_url(session)
    words = notice(kind, person.language, _name(person), root + link, root + ACCOUNT_PAGE, **params)
    return _mail(person, words)


def invitation(session: Session, person: User, link: str) -> EmailMessage:
    """The e-mail inviting `person` to choose their password at `link` (below the base URL)."""
    until = date_words(person.invitation_expires_at.date(), person.language)
    words = invitation_notice(
        person.language, _name(person), person.username, base_url(session) + link, until
    )
    return _mail(person, words)


def _name(person: User) -> str:
    return person.full_name or person.username


def _mail(person: User, words: Notice) -> EmailMessage:
    name = _name(person)
    mail = EmailMessage()
    mail["To"] = formataddr((name, person.email or ""))
    mail["Subject"] = words.subject
    mail.set_content(words.body)
    mail["Content-Language"] = person.language
    return mail


def _assessment_params(assessment: Assessment, lang: str, deadline: date | None) -> dict[str, str]:
    params = {"country": assessment.country.name, "round": assessment.round_label}
    if deadline is not None:
        params["date"] = date_words(deadline, lang)
    return params


def messages_about(
    session: Session, kind: str, assessment: Assessment, people: Iterable[User]
) -> list[EmailMessage]:
    """The messages of `kind` about `assessment` to `people`, each in their language."""
    link = PAGES[kind].format(assessment=assessment.id)
    deadline = assessment.deadline if kind == "deadline" else None
    return [
        message(session, p, kind, link, **_assessment_params(assessment, p.language, deadline))
        for p in people
    ]


def notify(session: Session, kind: str, assessment: Assessment) -> list[EmailMessage]:
    """Tell those concerned that `kind` happened to `assessment` (after its commit); the messages
    handed to the outbox (none when no SMTP server is set)."""
    outbox = outbox_of(session)
    if outbox is None:
        return []
    sent = messages_about(session, kind, assessment, recipients(session, kind, assessment))
    _send(outbox, sent)
    return sent


def report_ready(session: Session, job: ReportJob) -> list[EmailMessage]:
    """Tell who asked for a report that it is ready, if they still may follow it."""
    outbox = outbox_of(session)
    person = session.get(User, job.created_by_id) if job.created_by_id else None
    if outbox is None or person is None or not wants(person, "report-ready"):
        return []
    if not access.can_follow_job(person, job):
        return []
    sent = [message(session, person, "report-ready", PAGES["report-ready"].format(job=job.id))]
    _send(outbox, sent)
    return sent


def _send(outbox: Outbox, messages: Sequence[EmailMessage]) -> None:
    log.info("notifying %s people", len(messages))
    outbox.send(messages)


def due_assessments(session: Session, today: date, days: int) -> list[Assessment]:
    """Assessments still with their country whose deadline falls within `days` days of `today`."""
    query = (
        select(Assessment)
        .where(
            Assessment.deadline.is_not(None),
            Assessment.deadline >= today,
            Assessment.deadline <= today + timedelta(days=days),
            Assessment.status.in_(access.EDITABLE_STATUSES),
        )
        .options(joinedload(Assessment.country))
        .order_by(Assessment.deadline, Assessment.id)
    )
    return list(session.scalars(query))


def remind(session: Session, today: date, days: int) -> list[EmailMessage]:
    """Remind each person of their country's assessments due within `days` days, once per round
    (each reminder is recorded; running again the same day or the next sends no second one)."""
    outbox = outbox_of(session)
    if outbox is None:
        return []
    sent: list[EmailMessage] = []
    for assessment in due_assessments(session, today, days):
        already = set(
            session.scalars(
                select(Reminder.user_id).where(
                    Reminder.assessment_id == assessment.id, Reminder.kind == "deadline"
                )
            )
        )
        people = [p for p in recipients(session, "deadline", assessment) if p.id not in already]
        for person in people:
            session.add(Reminder(user_id=person.id, assessment_id=assessment.id, kind="deadline"))
        session.commit()
        sent += messages_about(session, "deadline", assessment, people)
    _send(outbox, sent)
    return sent
