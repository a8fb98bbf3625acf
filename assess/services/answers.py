"""Saving answers without losing any: a version per answer, conflicts instead of overwrites."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.util import identity_key

from assess import metrics
from assess.models import ANSWER_STATUSES, AnswerRecord, Assessment, Evidence, User, utcnow
from assess.questionnaire.answers import Answer, AnswerError, from_json, to_json
from assess.questionnaire.model import Question, Questionnaire
from assess.services import access, audit
from assess.services.errors import InvalidInput, Locked, NotAllowed, refusal_text
from assess.services.questionnaires import area_ids, question_in, questionnaire_of
from assess.words.texts import Titles


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
    # The round it was carried from, until someone confirms or changes it.
    carried_from: str | None = None

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
    given: dict[str, Answer] | None = None


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
        carried_from=record.carried_from,
    )


def records_of(session: Session, assessment: Assessment) -> dict[str, AnswerRecord]:
    """The stored answers of an assessment, by question id."""
    records = session.scalars(
        select(AnswerRecord)
        .where(AnswerRecord.assessment_id == assessment.id)
        .options(selectinload(AnswerRecord.evidence), selectinload(AnswerRecord.updated_by))
    ).all()
    return {record.question_id: record for record in records}


class StoredValue(NamedTuple):
    """What conditions and progress read of a stored answer."""

    status: str
    value: Any


@dataclass(frozen=True)
class StoredAnswers:
    """What a save reads first, in one statement: the answer it may change (row id and state)
    and the status and value of every stored answer of the assessment."""

    target: tuple[int, AnswerState] | None
    values: dict[str, StoredValue]


# The statements of a save are Core statements on the session's connection, in its transaction
# (the ORM's unit of work would only add time around each), built once: a statement built anew
# for every autosave costs more to build and to key for SQLAlchemy's compiled cache than to run.
ANSWERS = AnswerRecord.__table__
EVIDENCE = Evidence.__table__
_USERS = User.__table__
_TARGET = ANSWERS.c.question_id == bindparam("question_id")
_STORED = (
    select(
        ANSWERS.c.id,
        ANSWERS.c.question_id,
        ANSWERS.c.status,
        ANSWERS.c.value,
        ANSWERS.c.comment,
        ANSWERS.c.version,
        ANSWERS.c.updated_at,
        _USERS.c.username,
        EVIDENCE.c.kind,
        EVIDENCE.c.payload,
    )
    .select_from(
        ANSWERS.outerjoin(_USERS, and_(_USERS.c.id == ANSWERS.c.updated_by_id, _TARGET)).outerjoin(
            EVIDENCE, and_(EVIDENCE.c.answer_id == ANSWERS.c.id, _TARGET)
        )
    )
    .where(ANSWERS.c.assessment_id == bindparam("assessment_id"))
    .order_by(EVIDENCE.c.id)
)
_WRITTEN = {
    "status": bindparam("new_status", type_=ANSWERS.c.status.type),
    "value": bindparam("new_value", type_=ANSWERS.c.value.type),
    "comment": bindparam("new_comment", type_=ANSWERS.c.comment.type),
    "updated_by_id": bindparam("by", type_=ANSWERS.c.updated_by_id.type),
    "updated_at": bindparam("at", type_=ANSWERS.c.updated_at.type),
}
_INSERT = (
    insert(ANSWERS)
    .values(
        assessment_id=bindparam("assessment_id"),
        question_id=bindparam("question_id"),
        version=1,
        **_WRITTEN,
    )
    .returning(ANSWERS.c.id)
)
# The version check and the write are one statement, so two racing saves cannot both pass.
_UPDATE = (
    update(ANSWERS)
    .where(ANSWERS.c.id == bindparam("answer_id"), ANSWERS.c.version == bindparam("expected"))
    # Changing a carried answer confirms it.
    .values(version=ANSWERS.c.version + 1, carried_from=None, **_WRITTEN)
)
_DROP_LINES = delete(EVIDENCE).where(
    EVIDENCE.c.answer_id == bindparam("answer_id"), EVIDENCE.c.kind.in_(("link", "text"))
)
_ASSESSMENTS = Assessment.__table__
# Checked again in the statement that touches the assessment: a submission that landed since
# check_editable wins, and the save is undone rather than slipped in after it.
_TOUCH = (
    update(_ASSESSMENTS)
    .where(
        _ASSESSMENTS.c.id == bindparam("assessment_id"),
        _ASSESSMENTS.c.status.in_(access.EDITABLE_STATUSES),
    )
    .values(updated_at=bindparam("at", type_=_ASSESSMENTS.c.updated_at.type))
)


def _written(wanted: AnswerState, user: User, at: datetime) -> dict[str, Any]:
    return {
        "new_status": wanted.status,
        "new_value": wanted.value,
        "new_comment": wanted.comment or None,
        "by": user.id,
        "at": at,
    }


def stored_answers(session: Session, assessment: Assessment, question_id: str) -> StoredAnswers:
    """The stored answer to `question_id` in full and the others' values, in one statement: a
    row per answer, and one per evidence line of the target (its author and lines joined)."""
    rows = session.connection().execute(
        _STORED, {"question_id": question_id, "assessment_id": assessment.id}
    )
    values: dict[str, StoredValue] = {}
    mine = []
    for row in rows:
        values[row.question_id] = StoredValue(row.status, row.value)
        if row.question_id == question_id:
            mine.append(row)
    if not mine:
        return StoredAnswers(None, values)
    first = mine[0]
    state = AnswerState(
        question_id=question_id,
        status=first.status,
        value=first.value,
        comment=first.comment or "",
        evidence=tuple(row.payload for row in mine if row.kind in ("link", "text")),
        version=first.version,
        updated_by=first.username,
        updated_at=first.updated_at,
    )
    return StoredAnswers((first.id, state), values)


def typed_answers(
    questionnaire: Questionnaire, records: Mapping[str, AnswerRecord | Row | StoredValue]
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
        if assessment.status == "accepted":
            raise Locked(
                refusal_text(
                    "This assessment is accepted: it is read-only; answers cannot change now."
                )
            )
        raise Locked(refusal_text("This assessment is under review; answers cannot change now."))
    if not access.can_edit_area(user, assessment, area_ids(questionnaire, question)):
        raise NotAllowed(
            refusal_text(
                "You may not change the answer to %(question)s.", question=Titles((question.text,))
            )
        )


def wanted_state(
    question: Question, status: str, value: Any, comment: str | None, evidence: Sequence[str]
) -> AnswerState:
    """The state a save asks for, checked against the question (InvalidInput if it does not fit)."""
    offered = {"answered": True, "na": question.allow_na, "dont_know": question.allow_dont_know}
    if status not in ANSWER_STATUSES or not offered[status]:
        raise InvalidInput(
            refusal_text(
                "%(question)s: '%(status)s' is not offered for this question",
                question=Titles((question.text,)),
                status=status,
            )
        )
    stored = None
    if status == "answered" and value is not None:
        try:
            stored = to_json(question, value)
        except AnswerError as error:
            # The pure core's detail, in English: pages check values first (assess.forms.convert)
            # and say these refusals in the reader's language by their code.
            raise InvalidInput(error.message) from error
    # PostgreSQL refuses NUL in text and JSON: refuse it here alike on every database.
    typed = [comment or "", *evidence, *(stored if isinstance(stored, list) else [stored])]
    if any(isinstance(text, str) and "\x00" in text for text in typed):
        raise InvalidInput(
            refusal_text(
                "%(question)s: remove the NUL character (\\x00); it cannot be stored",
                question=Titles((question.text,)),
            )
        )
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
    *,
    read_given: bool = False,
) -> Saved | Conflict:
    """Store one answer if nobody saved it since `expected_version` (0: never saved).

    With `read_given`, the Saved result also carries every given answer as the save leaves them,
    read in the save's own transaction (what an autosave replies with: conditions, progress)."""
    questionnaire = questionnaire_of(session, assessment)
    question = question_in(questionnaire, question_id)
    check_editable(user, assessment, questionnaire, question)
    stored = stored_answers(session, assessment, question_id)
    kept = stored.target[1].evidence if stored.target is not None else ()
    wanted = wanted_state(question, status, value, comment, kept if evidence is None else evidence)
    wanted = replace(wanted, version=expected_version)
    given = Given(questionnaire, stored.values) if read_given else None
    if stored.target is None:
        return _insert(session, user, assessment, wanted, given)
    answer_id, current = stored.target
    if current.version != expected_version:
        return Conflict(question_id, wanted, current)
    if current.content() == wanted.content():
        return Saved(current, changed=False, given=given.typed() if given else None)
    return _update(session, user, assessment, answer_id, current, wanted, given)


@dataclass(frozen=True)
class Given:
    """The stored answers' values a save read, for the typed answers as the save leaves them."""

    questionnaire: Questionnaire
    values: dict[str, StoredValue]

    def typed(self, written: AnswerState | None = None) -> dict[str, Answer]:
        values = self.values
        if written is not None:
            values = {**values, written.question_id: StoredValue(written.status, written.value)}
        return typed_answers(self.questionnaire, values)


def _insert(
    session: Session,
    user: User,
    assessment: Assessment,
    wanted: AnswerState,
    given: Given | None,
) -> Saved | Conflict:
    if wanted.version != 0:
        empty = AnswerState(wanted.question_id, "answered", None, "", (), 0)
        return Conflict(wanted.question_id, wanted, empty)
    at = utcnow()
    try:
        answer_id = session.connection().scalar(
            _INSERT,
            {
                "assessment_id": assessment.id,
                "question_id": wanted.question_id,
                **_written(wanted, user, at),
            },
        )
    except IntegrityError:
        # Someone else saved the first version of this answer a moment ago; nothing else was
        # written in this transaction yet, so rolling it back loses nothing.
        session.rollback()
        return Conflict(wanted.question_id, wanted, _reload(session, assessment, wanted))
    return _finish(session, user, assessment, answer_id, None, wanted, at, given)


def _update(
    session: Session,
    user: User,
    assessment: Assessment,
    answer_id: int,
    current: AnswerState,
    wanted: AnswerState,
    given: Given | None,
) -> Saved | Conflict:
    at = utcnow()
    connection = session.connection()
    result = connection.execute(
        _UPDATE, {"answer_id": answer_id, "expected": wanted.version, **_written(wanted, user, at)}
    )
    if result.rowcount != 1:
        session.rollback()
        return Conflict(wanted.question_id, wanted, _reload(session, assessment, wanted))
    if wanted.evidence != current.evidence:
        connection.execute(_DROP_LINES, {"answer_id": answer_id})
    return _finish(session, user, assessment, answer_id, current, wanted, at, given)


def evidence_kind(line: str) -> str:
    """How an evidence line is stored: a link when it is a web address, else a text."""
    return "link" if line.startswith(("http://", "https://")) else "text"


def _finish(
    session: Session,
    user: User,
    assessment: Assessment,
    answer_id: int,
    old: AnswerState | None,
    wanted: AnswerState,
    at: datetime,
    given: Given | None,
) -> Saved:
    connection = session.connection()
    if wanted.evidence and wanted.evidence != (old.evidence if old else ()):
        lines = [
            {
                "answer_id": answer_id,
                "kind": evidence_kind(line),
                "payload": line,
                "created_by_id": user.id,
                "created_at": at,
            }
            for line in wanted.evidence
        ]
        connection.execute(insert(EVIDENCE), lines)
    audit.append(
        connection,
        user,
        audit.ANSWER,
        assessment,
        wanted.question_id,
        old=old.content() if old else None,
        new=wanted.content(),
    )
    touch_editable(session, assessment, at)
    answers = given.typed(wanted) if given is not None else None
    session.commit()
    metrics.answer_saved()
    # A record of this answer loaded earlier in this session no longer says what is stored.
    loaded = session.identity_map.get(identity_key(AnswerRecord, answer_id))
    if loaded is not None:
        session.expire(loaded)
    # What was just written, without reading it back: the write matched `wanted.version`, so the
    # stored version is the next one.
    written = replace(wanted, version=wanted.version + 1, updated_by=user.username, updated_at=at)
    return Saved(written, changed=True, given=answers)


def touch_editable(session: Session, assessment: Assessment, at: datetime) -> None:
    """Mark the assessment changed at `at`, undoing the transaction if it was sent for review
    since its changes were checked."""
    touched = session.connection().execute(_TOUCH, {"assessment_id": assessment.id, "at": at})
    if touched.rowcount != 1:
        session.rollback()
        raise Locked(
            refusal_text("The assessment was sent for review meanwhile; answers cannot change now.")
        )


def _reload(session: Session, assessment: Assessment, wanted: AnswerState) -> AnswerState:
    """What is stored now, after a lost race (the transaction was rolled back)."""
    # The stored answers loaded as records before are stale now.
    session.expire_all()
    stored = stored_answers(session, assessment, wanted.question_id).target
    if stored is None:
        return AnswerState(wanted.question_id, "answered", None, "", (), 0)
    return stored[1]
