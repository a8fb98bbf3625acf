"""Saving answers without losing any: a version per answer, conflicts instead of overwrites."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from assess.models import ANSWER_STATUSES, AnswerRecord, Assessment, Evidence, User, utcnow
from assess.questionnaire.answers import Answer, AnswerError, from_json, to_json
from assess.questionnaire.model import Question, Questionnaire
from assess.services import access, audit
from assess.services.errors import InvalidInput, Locked, NotAllowed
from assess.services.questionnaires import area_ids, question_in, questionnaire_of


@dataclass(frozen=True)
class AnswerState:
    """An answer as stored: status, value in stored (JSON) form, comment, evidence and version."""

    question_id: str
    status: str
    value: Any
    comment: str
    evidence: tuple[str, ...]
    version: int
    updated_by: str | None = None
    updated_at: datetime | None = None

    def content(self) -> dict[str, Any]:
        """What the audit trail keeps of it: everything a person typed, nothing about who."""
        return {
            "status": self.status,
            "value": self.value,
            "comment": self.comment,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Saved:
    """The save went through (`changed` False when nothing differed from what was stored)."""

    answer: AnswerState
    changed: bool


@dataclass(frozen=True)
class Conflict:
    """Refused: someone saved this answer since `yours.version`; both values, for the user."""

    question_id: str
    yours: AnswerState
    theirs: AnswerState


def state_of(record: AnswerRecord) -> AnswerState:
    """The state of a stored answer."""
    return AnswerState(
        question_id=record.question_id,
        status=record.status,
        value=record.value,
        comment=record.comment or "",
        evidence=tuple(e.payload for e in record.evidence if e.kind in ("link", "text")),
        version=record.version,
        updated_by=record.updated_by.username if record.updated_by else None,
        updated_at=record.updated_at,
    )


def records_of(session: Session, assessment: Assessment) -> dict[str, AnswerRecord]:
    """The stored answers of an assessment, by question id."""
    records = session.scalars(
        select(AnswerRecord)
        .where(AnswerRecord.assessment_id == assessment.id)
        .options(selectinload(AnswerRecord.evidence), selectinload(AnswerRecord.updated_by))
    ).all()
    return {record.question_id: record for record in records}


def record_for(session: Session, assessment: Assessment, question_id: str) -> AnswerRecord | None:
    """The stored answer to one question, if any."""
    # Its author and evidence lines in the same statement: one answer has one author and a few
    # lines, so joining them costs less than a second round trip.
    return (
        session.execute(
            select(AnswerRecord)
            .where(
                AnswerRecord.assessment_id == assessment.id,
                AnswerRecord.question_id == question_id,
            )
            .options(joinedload(AnswerRecord.evidence), joinedload(AnswerRecord.updated_by))
        )
        .unique()
        .scalar_one_or_none()
    )


def typed_answers(
    questionnaire: Questionnaire, records: Mapping[str, AnswerRecord | Row]
) -> dict[str, Answer]:
    """The given answers as typed values (scoring, conditions); blank answers are left out."""
    result: dict[str, Answer] = {}
    for question in questionnaire.questions():
        record = records.get(question.id)
        if record is None or (record.status == "answered" and record.value is None):
            continue
        value = from_json(question, record.value) if record.status == "answered" else None
        result[question.id] = Answer(question.id, record.status, value)
    return result


def given_answers(
    session: Session, questionnaire: Questionnaire, assessment: Assessment
) -> dict[str, Answer]:
    """The given answers as typed values, read in one statement of three columns (no evidence,
    no people): what conditions and progress need after every autosave."""
    rows = session.execute(
        select(AnswerRecord.question_id, AnswerRecord.status, AnswerRecord.value).where(
            AnswerRecord.assessment_id == assessment.id
        )
    )
    return typed_answers(questionnaire, {row.question_id: row for row in rows})


def check_editable(
    user: User, assessment: Assessment, questionnaire: Questionnaire, question: Question
) -> None:
    """Refuse a change to this question's answer: wrong status, wrong person or wrong area."""
    if assessment.status not in access.EDITABLE_STATUSES:
        reason = "accepted: it is read-only" if assessment.status == "accepted" else "under review"
        raise Locked(f"This assessment is {reason}; answers cannot change now.")
    if not access.can_edit_area(user, assessment, area_ids(questionnaire, question)):
        raise NotAllowed(f"You may not change the answer to {question.id}.")


def wanted_state(
    question: Question, status: str, value: Any, comment: str | None, evidence: Sequence[str]
) -> AnswerState:
    """The state a save asks for, checked against the question (InvalidInput if it does not fit)."""
    offered = {"answered": True, "na": question.allow_na, "dont_know": question.allow_dont_know}
    if status not in ANSWER_STATUSES or not offered[status]:
        raise InvalidInput(f"{question.id}: '{status}' is not offered for this question")
    stored = None
    if status == "answered" and value is not None:
        try:
            stored = to_json(question, value)
        except AnswerError as error:
            raise InvalidInput(error.message) from error
    # PostgreSQL refuses NUL in text and JSON: refuse it here alike on every database.
    typed = [comment or "", *evidence, *(stored if isinstance(stored, list) else [stored])]
    if any(isinstance(text, str) and "\x00" in text for text in typed):
        raise InvalidInput(f"{question.id}: remove the NUL character (\\x00); it cannot be stored")
    return AnswerState(question.id, status, stored, (comment or "").strip(), tuple(evidence), 0)


def save_answer(
    session: Session,
    user: User,
    assessment: Assessment,
    question_id: str,
    status: str,
    value: Any,
    comment: str | None,
    expected_version: int,
    evidence: Sequence[str] | None = None,
) -> Saved | Conflict:
    """Store one answer if nobody saved it since `expected_version` (0: never saved)."""
    questionnaire = questionnaire_of(session, assessment)
    question = question_in(questionnaire, question_id)
    check_editable(user, assessment, questionnaire, question)
    record = record_for(session, assessment, question_id)
    kept = state_of(record).evidence if record is not None else ()
    wanted = wanted_state(question, status, value, comment, kept if evidence is None else evidence)
    wanted = AnswerState(**{**asdict(wanted), "version": expected_version})
    if record is None:
        return _insert(session, user, assessment, wanted)
    current = state_of(record)
    if current.version != expected_version:
        return Conflict(question_id, wanted, current)
    if current.content() == wanted.content():
        return Saved(current, changed=False)
    return _update(session, user, assessment, record, current, wanted)


def _insert(
    session: Session, user: User, assessment: Assessment, wanted: AnswerState
) -> Saved | Conflict:
    if wanted.version != 0:
        empty = AnswerState(wanted.question_id, "answered", None, "", (), 0)
        return Conflict(wanted.question_id, wanted, empty)
    record = AnswerRecord(
        assessment_id=assessment.id,
        question_id=wanted.question_id,
        status=wanted.status,
        value=wanted.value,
        comment=wanted.comment or None,
        version=1,
        updated_by=user,
        updated_at=utcnow(),
    )
    at = record.updated_at
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        # Someone else saved the first version of this answer a moment ago; nothing else was
        # written in this transaction yet, so rolling it back loses nothing.
        session.rollback()
        return Conflict(wanted.question_id, wanted, state_of(_reload(session, assessment, wanted)))
    return _finish(session, user, assessment, record, None, wanted, at)


def _update(
    session: Session,
    user: User,
    assessment: Assessment,
    record: AnswerRecord,
    current: AnswerState,
    wanted: AnswerState,
) -> Saved | Conflict:
    # The version check and the write are one statement, so two racing saves cannot both pass.
    at = utcnow()
    result = session.execute(
        update(AnswerRecord)
        .where(AnswerRecord.id == record.id, AnswerRecord.version == wanted.version)
        .values(
            status=wanted.status,
            value=wanted.value,
            comment=wanted.comment or None,
            version=AnswerRecord.version + 1,
            updated_by_id=user.id,
            updated_at=at,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return Conflict(wanted.question_id, wanted, state_of(_reload(session, assessment, wanted)))
    session.execute(
        delete(Evidence).where(Evidence.answer_id == record.id, Evidence.kind.in_(("link", "text")))
    )
    return _finish(session, user, assessment, record, current, wanted, at)


def _finish(
    session: Session,
    user: User,
    assessment: Assessment,
    record: AnswerRecord,
    old: AnswerState | None,
    wanted: AnswerState,
    at: datetime,
) -> Saved:
    for line in wanted.evidence:
        kind = "link" if line.startswith(("http://", "https://")) else "text"
        session.add(Evidence(answer_id=record.id, kind=kind, payload=line, created_by_id=user.id))
    audit.record(
        session,
        user,
        audit.ANSWER,
        assessment,
        wanted.question_id,
        old=old.content() if old else None,
        new=wanted.content(),
    )
    # Checked again in the statement that touches the assessment: a submission that landed since
    # check_editable wins, and this save is undone rather than slipped in after it.
    touched = session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status.in_(access.EDITABLE_STATUSES))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if touched.rowcount != 1:
        session.rollback()
        raise Locked("The assessment was sent for review meanwhile; answers cannot change now.")
    session.commit()
    # What was just written, without reading it back: the write matched `wanted.version`, so the
    # stored version is the next one. The record is expired so any later reader reloads it.
    session.expire(record)
    written = replace(wanted, version=wanted.version + 1, updated_by=user.username, updated_at=at)
    return Saved(written, changed=True)


def _reload(session: Session, assessment: Assessment, wanted: AnswerState) -> AnswerRecord:
    session.expire_all()
    return record_for(session, assessment, wanted.question_id)
