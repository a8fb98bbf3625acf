"""Query threads: a reviewer asks about one answer, the country replies, the reviewer closes it.

A query is open while it awaits the country, answered once the country replied (or resubmitted),
closed when the secretariat settles it; a closed query can be reopened. Every step is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assess.models import Assessment, Query, QueryMessage, User, utcnow
from assess.services import access, audit, notifications
from assess.services.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from assess.services.questionnaires import area_ids, question_in, questionnaire_of
from assess.services.text_input import MESSAGE_TEXT, checked
from assess.words.texts import refusal_plural, refusal_text

MAX_MESSAGE = MESSAGE_TEXT  # characters of one message of a thread
# The assessment statuses in which a secretariat may raise a query: while reviewing, or after
# returning the assessment (the country is answering).
RAISED_WHILE = ("submitted", "resubmitted", "returned")
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"


def _text(text: str | None) -> str:
    """A message as typed, trimmed; refused when empty, too long or holding control characters."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(refusal_text("Write a message before sending it."))
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(
            refusal_plural(
                "A message may hold at most %(max)s character.",
                "A message may hold at most %(max)s characters.",
                "max",
                max=MAX_MESSAGE,
            )
        )
    return checked(text, refusal_text("The message"))


def _set_status(session: Session, user: User | None, query: Query, status: str) -> None:
    old = query.status
    query.status = status
    query.closed_at = utcnow() if status == CLOSED else None
    audit.record(
        session,
        user,
        audit.QUERY_STATUS,
        query.assessment,
        query.question_id,
        old={"status": old, "thread": query.id},
        new={"status": status, "thread": query.id},
    )


def add_query(
    session: Session, user: User, assessment: Assessment, question_id: str, text: str
) -> Query:
    """A new open query on one question, its text the thread's first message (not committed)."""
    query = Query(assessment=assessment, question_id=question_id, author=user, status=OPEN)
    session.add(query)
    session.add(QueryMessage(query=query, text=text, author=user, at=utcnow()))
    audit.record(session, user, audit.QUERY, assessment, question_id, new={"query": text})
    return query


def raise_query(
    session: Session, user: User, assessment: Assessment, question_id: str, text: str
) -> Query:
    """The secretariat asks about one answer while reviewing (or after returning)."""
    if not access.can_settle_queries(user, assessment):
        raise NotAllowed(refusal_text("Only the region's secretariat may raise a query."))
    if assessment.status not in RAISED_WHILE:
        raise InvalidTransition(
            refusal_text("Queries can be raised only on a submitted or returned assessment.")
        )
    question = question_in(questionnaire_of(session, assessment), question_id)
    query = add_query(session, user, assessment, question.id, _text(text))
    session.commit()
    return query


def query_of(session: Session, assessment: Assessment, query_id: int) -> Query:
    """The assessment's query called `query_id`; NotFound when it has none of that id."""
    query = session.get(Query, query_id)
    if query is None or query.assessment_id != assessment.id:
        raise NotFound(refusal_text("There is no such query."))
    return query


def may_write(session: Session, user: User, query: Query) -> bool:
    """Whether `user` may add a message to the thread now (it is not closed)."""
    assessment = query.assessment
    if query.status == CLOSED or assessment.status == "accepted":
        return False
    if access.can_settle_queries(user, assessment):
        return True
    questionnaire = questionnaire_of(session, assessment)
    areas = area_ids(questionnaire, question_in(questionnaire, query.question_id))
    return access.can_reply_to_query(user, assessment, areas)


def reply(session: Session, user: User, query: Query, text: str) -> QueryMessage:
    """A message in the thread: the country's reply makes the query answered; the secretariat's
    follow-up makes it open again."""
    if query.status == CLOSED:
        raise InvalidTransition(refusal_text("This query is closed: reopen it to write in it."))
    if not may_write(session, user, query):
        raise NotAllowed(refusal_text("You may not write in this query."))
    message = QueryMessage(query=query, text=_text(text), author=user, at=utcnow())
    session.add(message)
    audit.record(
        session,
        user,
        audit.QUERY_MESSAGE,
        query.assessment,
        query.question_id,
        new={"query": message.text, "thread": query.id},
    )
    status = OPEN if access.can_settle_queries(user, query.assessment) else ANSWERED
    if status != query.status:
        _set_status(session, user, query, status)
    session.commit()
    if status == ANSWERED:
        notifications.notify(session, "answered", query.assessment)
    return message


def close(session: Session, user: User, query: Query) -> None:
    """The secretariat settles the query."""
    _settle(session, user, query, CLOSED, (OPEN, ANSWERED))


def reopen(session: Session, user: User, query: Query) -> None:
    """The secretariat takes a closed query up again: it awaits the country."""
    _settle(session, user, query, OPEN, (CLOSED,))


def _settle(
    session: Session, user: User, query: Query, status: str, allowed: tuple[str, ...]
) -> None:
    if not access.can_settle_queries(user, query.assessment):
        raise NotAllowed(refusal_text("Only the region's secretariat may close or reopen a query."))
    if query.assessment.status == "accepted":
        raise InvalidTransition(
            refusal_text("The assessment is accepted: its queries are settled.")
        )
    if query.status not in allowed:
        raise InvalidTransition(refusal_text("The query has already changed: reload the page."))
    _set_status(session, user, query, status)
    session.commit()


def settle_on(session: Session, user: User | None, assessment: Assessment) -> None:
    """After a status change: a resubmission answers the open queries, an acceptance closes
    every query still unsettled."""
    accepted = assessment.status == "accepted"
    settled = (OPEN, ANSWERED) if accepted else (OPEN,)
    for query in threads(session, assessment):
        if query.status in settled:
            _set_status(session, user, query, CLOSED if accepted else ANSWERED)


def threads(session: Session, assessment: Assessment) -> Sequence[Query]:
    """Every query of the assessment with its messages and their authors, oldest first."""
    return session.scalars(
        select(Query)
        .where(Query.assessment_id == assessment.id)
        .options(selectinload(Query.messages).selectinload(QueryMessage.author))
        .order_by(Query.id)
    ).all()


def unsettled(session: Session, assessments: Iterable[Assessment]) -> Sequence[Query]:
    """The open and answered queries of these assessments, oldest first."""
    ids = [a.id for a in assessments]
    if not ids:
        return []
    return session.scalars(
        select(Query)
        .where(Query.assessment_id.in_(ids), Query.status != CLOSED)
        .options(selectinload(Query.messages))
        .order_by(Query.assessment_id, Query.id)
    ).all()


def open_counts(session: Session, assessment_ids: Sequence[int]) -> dict[int, int]:
    """Open queries (waiting for the country) per assessment; those with none are left out."""
    if not assessment_ids:
        return {}
    rows = session.execute(
        select(Query.assessment_id, func.count(Query.id))
        .where(Query.assessment_id.in_(assessment_ids), Query.status == OPEN)
        .group_by(Query.assessment_id)
    )
    return {assessment_id: count for assessment_id, count in rows}
