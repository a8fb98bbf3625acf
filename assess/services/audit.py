"""The append-only audit trail: events are added, read and replayed, never changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select
from sqlalchemy.orm import Session, selectinload

from assess.models import Assessment, AuditEvent, User, utcnow

ANSWER = "answer"
STATUS = "status"  # a status change; a reopening carries its written reason
REVIEW = "review"  # the review of a submission started (the NFP can no longer withdraw it)
OPEN = "open"
QUERY = "query"  # a query raised: its first message
QUERY_MESSAGE = "query_message"  # a reply or follow-up in a query's thread
QUERY_STATUS = "query_status"  # a query answered, closed or reopened
SHARING = "sharing"  # whether the answers are printed in the regional plan report
FILE = "evidence"  # a file attached to an answer (old None) or removed from it (new None)
API_USE = "api"  # one request read through the API with a personal access token


def record(
    session: Session,
    user: User | None,
    action: str,
    assessment: Assessment | None = None,
    question_id: str | None = None,
    old: Any = None,
    new: Any = None,
) -> AuditEvent:
    """Add one event to the trail (flushed with the change it describes, in the same commit)."""
    event = AuditEvent(
        at=utcnow(),
        user=user,
        assessment_id=assessment.id if assessment else None,
        question_id=question_id,
        action=action,
        old=old,
        new=new,
    )
    session.add(event)
    return event


# Built once, as the statements of a save are (see assess.services.answers).
_EVENTS = AuditEvent.__table__
_APPEND = insert(_EVENTS).values(
    {
        column: bindparam(column, type_=_EVENTS.c[column].type)
        for column in ("at", "user_id", "assessment_id", "question_id", "action", "old", "new")
    }
)


def append(
    connection: Connection,
    user: User | None,
    action: str,
    assessment: Assessment | None = None,
    question_id: str | None = None,
    old: Any = None,
    new: Any = None,
) -> None:
    """The same as `record`, as one INSERT on `connection`, in its transaction (for hot paths)."""
    connection.execute(
        _APPEND,
        {
            "at": utcnow(),
            "user_id": user.id if user else None,
            "assessment_id": assessment.id if assessment else None,
            "question_id": question_id,
            "action": action,
            "old": old,
            "new": new,
        },
    )


def append_many(
    connection: Connection,
    user: User | None,
    action: str,
    assessment: Assessment,
    events: Sequence[tuple[str | None, Any, Any]],
) -> None:
    """Events of one action on one assessment, (question id, old, new) each, in one statement."""
    at = utcnow()
    rows = [
        {
            "at": at,
            "user_id": user.id if user else None,
            "assessment_id": assessment.id,
            "question_id": question_id,
            "action": action,
            "old": old,
            "new": new,
        }
        for question_id, old, new in events
    ]
    connection.execute(_APPEND, rows)


def trail(
    session: Session, assessment: Assessment, question_id: str | None = None
) -> Sequence[AuditEvent]:
    """The assessment's events in order, or only those of one question."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.assessment_id == assessment.id)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.id)
    )
    if question_id is not None:
        query = query.where(AuditEvent.question_id == question_id)
    return session.scalars(query).all()


def replay_answers(events: Sequence[AuditEvent]) -> dict[str, Any]:
    """Each question's answer state as the trail's answer events leave it (None: cleared)."""
    state: dict[str, Any] = {}
    for event in events:
        if event.action == ANSWER and event.question_id is not None:
            state[event.question_id] = event.new
    return state


def replay_files(events: Sequence[AuditEvent]) -> dict[str, list[Any]]:
    """Each question's attached files, described as the trail's file events describe them, in
    the order they were attached (questions with none are left out)."""
    files: dict[str, list[Any]] = {}
    for event in events:
        if event.action != FILE or event.question_id is None:
            continue
        attached = files.setdefault(event.question_id, [])
        if event.old is not None and event.old in attached:
            attached.remove(event.old)
        if event.new is not None:
            attached.append(event.new)
    return {qid: attached for qid, attached in files.items() if attached}
