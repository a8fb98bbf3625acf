"""Carrying a round forward: a new round starts from the country's last accepted round, each
carried answer marked as carried until someone confirms or changes it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from assess.models import AnswerRecord, Assessment, Country, User, utcnow
from assess.questionnaire.answers import applicable, to_json
from assess.questionnaire.carry import CarryResult, Response, carry
from assess.questionnaire.migration import migration_between, resolve
from assess.questionnaire.model import Question, Questionnaire
from assess.services import audit
from assess.services.answers import (
    ANSWERS,
    EVIDENCE,
    AnswerState,
    check_editable,
    evidence_kind,
    records_of,
    state_of,
    touch_editable,
    typed_answers,
)
from assess.services.errors import InvalidInput, refusal_text
from assess.services.questionnaires import question_in, questionnaire_of, questionnaires

CONFIRM = "confirm"  # the audit action of confirming a carried answer
# The month a round ends in, to order the rounds of one year: a quarter, a half, the whole year.
ROUND_END = {"Q1": 3, "H1": 6, "Q2": 6, "Q3": 9, "H2": 12, "Q4": 12, None: 12}


def round_order(assessment: Assessment) -> tuple[int, int, int]:
    """Where a round stands in time: its year, then the month its period ends in."""
    return (assessment.round_year, ROUND_END.get(assessment.round_period, 12), assessment.id or 0)


def last_accepted(
    session: Session, country_id: int, questionnaire_id: str, year: int, period: str | None
) -> Assessment | None:
    """The country's last accepted round of the questionnaire that ended before round
    `year`-`period` (ordered by year, then period; never by when it was opened)."""
    accepted = session.scalars(
        select(Assessment).where(
            Assessment.country_id == country_id,
            Assessment.questionnaire_id == questionnaire_id,
            Assessment.status == "accepted",
        )
    ).all()
    before = (year, ROUND_END.get(period, 12))
    earlier = [a for a in accepted if round_order(a)[:2] < before]
    return max(earlier, key=round_order, default=None)


def previous_round(session: Session, assessment: Assessment) -> Assessment | None:
    """The country's last accepted round of the same questionnaire before `assessment`."""
    return last_accepted(
        session,
        assessment.country_id,
        assessment.questionnaire_id,
        assessment.round_year,
        assessment.round_period,
    )


def responses_of(session: Session, assessment: Assessment) -> dict[str, Response]:
    """An assessment's given answers with their comments and evidence lines (files stay)."""
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    given = typed_answers(questionnaire, records)
    return {
        qid: Response(answer, records[qid].comment or "", state_of(records[qid]).evidence)
        for qid, answer in given.items()
    }


@dataclass(frozen=True)
class Carrying:
    """What carrying round `source` into a round of a newer (or the same) version gives."""

    source: Assessment
    result: CarryResult


def carrying(session: Session, source: Assessment, target: Questionnaire) -> Carrying:
    """What would carry from round `source` into a round under `target` (nothing is written)."""
    old = questionnaire_of(session, source)
    try:
        result = carry(old, target, responses_of(session, source))
    except ValueError as error:
        # No declared path from that version to this one (a version skipped).
        raise InvalidInput(
            refusal_text(
                "Answers of %(questionnaire)s %(old)s cannot be carried into %(new)s: %(why)s",
                questionnaire=old.id,
                old=old.version,
                new=target.version,
                why=str(error),
            )
        ) from None
    return Carrying(source, result)


def starting_point(session: Session, assessment: Assessment) -> Carrying | None:
    """What a newly opened round starts from: the country's last accepted round carried into
    its version; None when there is none, or no declared path between the versions."""
    source = previous_round(session, assessment)
    if source is None:
        return None
    try:
        return carrying(session, source, questionnaire_of(session, assessment))
    except InvalidInput:
        return None


def store(session: Session, user: User, assessment: Assessment, found: Carrying) -> None:
    """Store the carried answers in a newly opened round, each marked as carried from its source
    round, with their evidence lines and an audit event each (written in bulk, after what the
    session holds, so the trail keeps its order)."""
    target = questionnaire_of(session, assessment)
    at, label = utcnow(), found.source.round_label
    rows = []
    for qid, carried in found.result.carried.items():
        answer, response = carried.response.answer, carried.response
        value = to_json(target.node(qid), answer.value) if answer.status == "answered" else None
        state = AnswerState(qid, answer.status, value, response.comment, response.evidence, 1)
        rows.append(state)
    if not rows:
        return
    session.flush()
    connection = session.connection()
    ids = dict(
        connection.execute(
            insert(ANSWERS).returning(ANSWERS.c.question_id, ANSWERS.c.id),
            [_answer_row(assessment, user, state, label, at) for state in rows],
        ).all()
    )
    lines = [
        {"answer_id": ids[state.question_id], "kind": evidence_kind(line), "payload": line,
         "created_by_id": user.id, "created_at": at}
        for state in rows
        for line in state.evidence
    ]  # fmt: skip
    if lines:
        connection.execute(insert(EVIDENCE), lines)
    events = [(state.question_id, None, state.content()) for state in rows]
    audit.append_many(connection, user, audit.ANSWER, assessment, events)


def _answer_row(
    assessment: Assessment, user: User, state: AnswerState, label: str, at: datetime
) -> dict[str, Any]:
    return {
        "assessment_id": assessment.id,
        "question_id": state.question_id,
        "status": state.status,
        "value": state.value,
        "comment": state.comment or None,
        "carried_from": label,
        "version": 1,
        "updated_by_id": user.id,
        "updated_at": at,
    }


@dataclass(frozen=True)
class Forecast:
    """What opening a round would carry for one country: None when it has no earlier accepted
    round to start from."""

    country: Country
    carrying: Carrying | None


def forecast(
    session: Session,
    countries: Sequence[Country],
    questionnaire_id: str,
    version: str,
    year: int,
    period: str | None,
) -> list[Forecast]:
    """For each country, what a round `year`-`period` under `version` would carry (no writes)."""
    target = questionnaires(session).get(questionnaire_id, version)
    found = []
    for country in countries:
        source = last_accepted(session, country.id, questionnaire_id, year, period)
        found.append(Forecast(country, carrying(session, source, target) if source else None))
    return found


def unconfirmed(session: Session, assessment: Assessment) -> list[str]:
    """The questions that apply whose answer is carried and not yet confirmed, in order."""
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    applies = applicable(questionnaire, typed_answers(questionnaire, records))
    return [
        q.id
        for q in questionnaire.questions()
        if q.id in applies and q.id in records and records[q.id].carried_from is not None
    ]


def confirm(
    session: Session, user: User, assessment: Assessment, question_ids: Iterable[str]
) -> list[str]:
    """Confirm carried answers as they are (each checked as a change of that answer would be);
    the ids confirmed, those already confirmed left out."""
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    chosen = [question_in(questionnaire, qid) for qid in dict.fromkeys(question_ids)]
    for question in chosen:
        check_editable(user, assessment, questionnaire, question)
    carried = [q.id for q in chosen if q.id in records and records[q.id].carried_from]
    if not carried:
        return []
    at = utcnow()
    for qid in carried:
        record = records[qid]
        session.execute(
            update(AnswerRecord)
            .where(AnswerRecord.id == record.id, AnswerRecord.carried_from.is_not(None))
            .values(
                carried_from=None,
                version=AnswerRecord.version + 1,
                updated_by_id=user.id,
                updated_at=at,
            )
            .execution_options(synchronize_session=False)
        )
        audit.record(
            session, user, CONFIRM, assessment, qid, old={"carried_from": record.carried_from}
        )
        session.expire(record)
    touch_editable(session, assessment, at)
    session.commit()
    return carried


@dataclass(frozen=True)
class LastAnswer:
    """An answer of the last accepted round, to the question it was given to."""

    question: Question
    state: AnswerState


@dataclass(frozen=True)
class LastRound:
    """The last accepted round, and its answers to show beside each question of this one."""

    label: str
    answers: Mapping[str, Sequence[LastAnswer]]  # question id now -> the answers it follows


def last_round(session: Session, assessment: Assessment) -> LastRound | None:
    """The last accepted round's answers beside the questions they carry to (or share an id
    with, when they were not carried)."""
    source = previous_round(session, assessment)
    if source is None:
        return None
    old = questionnaires(session).get(source.questionnaire_id, source.questionnaire_version)
    new = questionnaire_of(session, assessment)
    try:
        rules = resolve(migration_between(old, new), old, new).carries
    except ValueError:
        rules = ()
    follows: dict[str, tuple[str, ...]] = {rule.target: rule.sources for rule in rules}
    for question in old.questions():
        if question.id not in follows and _is_question(new, question.id):
            follows[question.id] = (question.id,)
    rows = session.execute(
        select(
            AnswerRecord.question_id,
            AnswerRecord.status,
            AnswerRecord.value,
            AnswerRecord.comment,
            AnswerRecord.version,
        ).where(AnswerRecord.assessment_id == source.id)
    )
    states = {
        row.question_id: AnswerState(
            row.question_id, row.status, row.value, row.comment or "", (), row.version
        )
        for row in rows
    }
    answers = {
        target: [LastAnswer(old.node(s), states[s]) for s in sources if s in states]
        for target, sources in follows.items()
    }
    return LastRound(source.round_label, {t: a for t, a in answers.items() if a})


def _is_question(questionnaire: Questionnaire, node_id: str) -> bool:
    try:
        return isinstance(questionnaire.node(node_id), Question)
    except KeyError:
        return False
