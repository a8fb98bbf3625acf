"""The lifecycle of an assessment: open, submit (and withdraw before review starts), return with
queries, resubmit, accept (and reopen with a reason)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assess.models import Assessment, Country, Query, User, utcnow
from assess.questionnaire.answers import applicable
from assess.questionnaire.answers import area_progress as answer_progress
from assess.services import access, audit, carry_forward, notifications, rounds
from assess.services import queries as query_threads
from assess.services.answers import given_answers, records_of, typed_answers
from assess.services.errors import (
    InvalidInput,
    InvalidTransition,
    MissingAnswers,
    NotAllowed,
    Text,
    refusal_plural,
    refusal_text,
)
from assess.services.questionnaires import question_in, questionnaire_of
from assess.services.text_input import MESSAGE_TEXT, checked
from assess.words.texts import Titles, either

# An assessment's status as a refusal names it, in the middle of a sentence.
STATUS_WORDS: dict[str, Text] = {
    "draft": refusal_text("draft"),
    "submitted": refusal_text("submitted"),
    "returned": refusal_text("returned"),
    "resubmitted": refusal_text("resubmitted"),
    "accepted": refusal_text("accepted"),
}


def status_word(status: str) -> Text:
    """The status (one of assess.models.STATUSES) as a word of a refusal."""
    return STATUS_WORDS[status]


@dataclass(frozen=True)
class MissingAnswer:
    """A required, applicable question without an answer, and the area page it is on."""

    question_id: str
    area_id: str | None
    text: str


def open_round(
    session: Session,
    user: User,
    country: Country,
    questionnaire_id: str,
    version: str,
    round_label: str,
    deadline: date | None = None,
) -> Assessment:
    """A new draft assessment for `country` on a published questionnaire version; the label
    names its round ('2027', '2027-H1'), refused when the country already has that round."""
    name = rounds.parse_label(round_label)
    opened = rounds.open_rounds(session, user, [country], questionnaire_id, version, name, deadline)
    return opened.opened[0]


def blank_answers(
    session: Session, assessment: Assessment, *, required_only: bool = False
) -> list[MissingAnswer]:
    """Questions that apply (their conditions hold) and have no answer yet, in questionnaire
    order (only the required ones with `required_only`)."""
    questionnaire = questionnaire_of(session, assessment)
    given = typed_answers(questionnaire, records_of(session, assessment))
    applies = applicable(questionnaire, given)
    missing = []
    for question in questionnaire.questions():
        if required_only and not question.required:
            continue
        if question.id in applies and question.id not in given:
            area = questionnaire.area_of(question.id)
            missing.append(
                MissingAnswer(question.id, area.id if area else None, question.text.get())
            )
    return missing


def missing_answers(session: Session, assessment: Assessment) -> list[MissingAnswer]:
    """Required questions that apply (their conditions hold) and have no answer yet."""
    return blank_answers(session, assessment, required_only=True)


def missing_evidence(session: Session, assessment: Assessment) -> list[MissingAnswer]:
    """Answered questions that apply and require evidence but have none (text, link or file);
    not applicable, don't know and unanswered questions need none."""
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    given = typed_answers(questionnaire, records)
    applies = applicable(questionnaire, given)
    missing = []
    for question in questionnaire.questions():
        answer = given.get(question.id)
        if not question.evidence.required or question.id not in applies or answer is None:
            continue
        if answer.status == "answered" and not records[question.id].evidence:
            area = questionnaire.area_of(question.id)
            missing.append(
                MissingAnswer(question.id, area.id if area else None, question.text.get())
            )
    return missing


def unconfirmed_answers(session: Session, assessment: Assessment) -> list[MissingAnswer]:
    """Carried answers still to confirm or change before the round can be sent (none when the
    round was opened without that requirement)."""
    if not assessment.confirm_carried:
        return []
    questionnaire = questionnaire_of(session, assessment)
    missing = []
    for qid in carry_forward.unconfirmed(session, assessment):
        question, area = questionnaire.node(qid), questionnaire.area_of(qid)
        missing.append(MissingAnswer(qid, area.id if area else None, question.text.get()))
    return missing


def _move(
    session: Session,
    user: User,
    assessment: Assessment,
    allowed_from: tuple[str, ...],
    to: str,
    *,
    unless: Any = None,
    values: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Change the status if it is one of `allowed_from` (and `unless` does not hold), in the same
    statement that checks it; `values`: other columns set with it; `reason`: why, audited."""
    where = [Assessment.id == assessment.id, Assessment.status.in_(allowed_from)]
    if unless is not None:
        where.append(~unless)
    result = session.execute(
        update(Assessment)
        .where(*where)
        .values(status=to, updated_at=utcnow(), **(values or {}))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise InvalidTransition(
            refusal_text(
                "The assessment is %(status)s; it can become %(target)s only when %(allowed)s.",
                status=status_word(assessment.status),
                target=status_word(to),
                allowed=either([status_word(status) for status in allowed_from]),
            )
        )
    audit.record(
        session,
        user,
        audit.STATUS,
        assessment,
        old={"status": assessment.status},
        new={"status": to, "reason": reason} if reason else {"status": to},
    )
    assessment.status = to
    for column, value in (values or {}).items():
        set_committed_value(assessment, column, value)


def _submit(session: Session, user: User, assessment: Assessment, frm: str, to: str) -> None:
    if not access.can_submit(user, assessment):
        raise NotAllowed(
            refusal_text("Only the country's National Focal Point may submit its assessment.")
        )
    if assessment.status != frm:
        raise InvalidTransition(
            refusal_text(
                "The assessment is %(status)s; only a %(required)s one can be sent.",
                status=status_word(assessment.status),
                required=status_word(frm),
            )
        )
    missing = missing_answers(session, assessment)
    unsupported = missing_evidence(session, assessment)
    unconfirmed = unconfirmed_answers(session, assessment)
    if missing or unsupported or unconfirmed:
        questionnaire = questionnaire_of(session, assessment)
        named = {m.question_id for m in (*missing, *unsupported, *unconfirmed)}
        raise MissingAnswers(
            [m.question_id for m in missing],
            [m.question_id for m in unsupported],
            [m.question_id for m in unconfirmed],
            {qid: questionnaire.node(qid).text for qid in named},
        )
    # Each sending is reviewed afresh: until its review starts, it can be withdrawn.
    _move(session, user, assessment, (frm,), to, values={"review_started_at": None})
    _resolve_queries(session, assessment)
    session.commit()
    notifications.notify(session, "submitted", assessment)


def submit(session: Session, user: User, assessment: Assessment) -> None:
    """The NFP sends a draft for review; refused while required questions are unanswered."""
    _submit(session, user, assessment, "draft", "submitted")


def resubmit(session: Session, user: User, assessment: Assessment) -> None:
    """The NFP sends a returned assessment back; its open queries count as answered."""
    _submit(session, user, assessment, "returned", "resubmitted")


def return_with_queries(
    session: Session, user: User, assessment: Assessment, queries: Mapping[str, str]
) -> list[Query]:
    """The secretariat sends the assessment back with its open queries and any new ones written
    on the review page (one or more questions)."""
    if not access.can_review(user, assessment):
        raise NotAllowed(refusal_text("Only the region's secretariat may return an assessment."))
    questionnaire = questionnaire_of(session, assessment)
    texts = {
        qid: checked(
            text.strip(),
            refusal_text(
                "The query on %(question)s",
                question=Titles((question_in(questionnaire, qid).text,)),
            ),
            MESSAGE_TEXT,
        )
        for qid, text in queries.items()
        if text and text.strip()
    }
    if not texts and not open_queries(session, assessment):
        raise InvalidInput(
            refusal_text("Write a query on at least one question to return the assessment.")
        )
    _move(session, user, assessment, ("submitted", "resubmitted"), "returned")
    added = [
        query_threads.add_query(session, user, assessment, question_id, text)
        for question_id, text in texts.items()
    ]
    session.commit()
    notifications.notify(session, "returned", assessment)
    return added


def accept(session: Session, user: User, assessment: Assessment) -> None:
    """The secretariat accepts the assessment: from now on it is read-only."""
    if not access.can_review(user, assessment):
        raise NotAllowed(refusal_text("Only the region's secretariat may accept an assessment."))
    _move(session, user, assessment, ("submitted", "resubmitted"), "accepted")
    _resolve_queries(session, assessment)
    session.commit()
    notifications.notify(session, "accepted", assessment)


# A submission's status -> the status withdrawing it goes back to (both editable by the NFP).
WITHDRAWN_TO = {"submitted": "draft", "resubmitted": "returned"}
REVIEWED = tuple(WITHDRAWN_TO)
# The longest reason for reopening an accepted assessment, in characters.
REASON_LIMIT = 2000


def start_review(session: Session, user: User, assessment: Assessment) -> bool:
    """The review of a submission starts the first time someone who may accept or return it (its
    region's secretariat, or an admin) opens its review page; from then on the NFP can no longer
    withdraw it. True when it starts now (audited)."""
    if (
        not access.can_review(user, assessment)
        or assessment.status not in REVIEWED
        or assessment.review_started_at is not None
    ):
        return False
    at = utcnow()
    result = session.execute(
        update(Assessment)
        .where(
            Assessment.id == assessment.id,
            Assessment.status.in_(REVIEWED),
            Assessment.review_started_at.is_(None),
        )
        .values(review_started_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    audit.record(session, user, audit.REVIEW, assessment, new={"status": assessment.status})
    set_committed_value(assessment, "review_started_at", at)
    session.commit()
    return True


def review_started(assessment: Assessment) -> Text:
    """Why a submission can no longer be withdrawn."""
    started = assessment.review_started_at
    return refusal_text(
        "The secretariat started reviewing this submission on %(date)s: it can no longer be "
        "withdrawn. Ask the secretariat to return it if it needs changes.",
        date=started.date().isoformat() if started else "",
    )


def withdraw(session: Session, user: User, assessment: Assessment) -> None:
    """The NFP takes a submission back before its review starts: a submitted assessment becomes
    a draft again, a resubmitted one returned again, both editable."""
    if not access.can_withdraw(user, assessment):
        raise NotAllowed(
            refusal_text("Only the country's National Focal Point may withdraw its submission.")
        )
    to = WITHDRAWN_TO.get(assessment.status)
    if to is None:
        raise InvalidTransition(
            refusal_text(
                "The assessment is %(status)s; only a %(required)s one can be withdrawn.",
                status=status_word(assessment.status),
                required=either([status_word(s) for s in REVIEWED]),
            )
        )
    if assessment.review_started_at is not None:
        raise InvalidTransition(review_started(assessment))
    try:
        _move(
            session,
            user,
            assessment,
            (assessment.status,),
            to,
            unless=Assessment.review_started_at.is_not(None),
        )
    except InvalidTransition:
        session.refresh(assessment)
        if assessment.review_started_at is not None:
            raise InvalidTransition(review_started(assessment)) from None
        raise
    session.commit()


def reopen(session: Session, user: User, assessment: Assessment, reason: str) -> None:
    """An admin or the region's secretariat reopens an accepted assessment, saying why: it goes
    back to the country as returned (editable, to resubmit), and plans made from it before are
    stale (assess.services.plan_inputs reads `reopened_at`)."""
    if not access.can_reopen(user, assessment):
        raise NotAllowed(
            refusal_text("Only an administrator or the region's secretariat may reopen it.")
        )
    text = checked((reason or "").strip(), refusal_text("The reason"))
    if not text:
        raise InvalidInput(refusal_text("Write why the assessment is reopened."))
    if len(text) > REASON_LIMIT:
        raise InvalidInput(
            refusal_plural(
                "The reason is too long: at most %(limit)s character.",
                "The reason is too long: at most %(limit)s characters.",
                "limit",
                limit=REASON_LIMIT,
            )
        )
    _move(
        session,
        user,
        assessment,
        ("accepted",),
        "returned",
        values={"reopened_at": utcnow()},
        reason=text,
    )
    session.commit()
    notifications.notify(session, "reopened", assessment)


def share_with_region(session: Session, user: User, assessment: Assessment, shares: bool) -> None:
    """The NFP agrees (or stops) printing the country's answers in its region's plan report."""
    if not access.can_share_answers(user, assessment):
        raise NotAllowed(
            refusal_text("Only the country's NFP may share its answers with the region.")
        )
    if assessment.shares_answers == shares:
        return
    old, assessment.shares_answers = assessment.shares_answers, shares
    audit.record(
        session, user, audit.SHARING, assessment, old={"shares": old}, new={"shares": shares}
    )
    session.commit()


def open_queries(session: Session, assessment: Assessment) -> list[Query]:
    """The queries awaiting the country's answer, in the order they were asked."""
    return list(
        session.scalars(
            select(Query)
            .where(Query.assessment_id == assessment.id, Query.status == query_threads.OPEN)
            .order_by(Query.id)
        )
    )


def _resolve_queries(session: Session, assessment: Assessment) -> None:
    query_threads.settle_on(session, None, assessment)


@dataclass(frozen=True)
class AreaProgress:
    """How far an area page is: applicable questions and how many of them have an answer."""

    area_id: str
    title: str
    answered: int
    applicable: int


def area_progress(
    session: Session, assessment: Assessment, lang: str | None = None
) -> list[AreaProgress]:
    """Progress per area page, in questionnaire order, titles in `lang` where translated."""
    questionnaire = questionnaire_of(session, assessment)
    # Three columns of each answer: no evidence, no people (the dashboard asks for every round).
    given = given_answers(session, questionnaire, assessment)
    applies = applicable(questionnaire, given)
    counts = answer_progress(questionnaire, given, applies)
    return [
        AreaProgress(area.id, area.title.get(lang), *counts[area.id])
        for area in questionnaire.areas()
    ]


@dataclass(frozen=True)
class Completion:
    """How far an assessment is: applicable questions, how many have an answer, and its open
    queries (what waits for someone)."""

    answered: int
    applicable: int
    open_queries: int

    @property
    def share(self) -> float | None:
        """Answered applicable questions as a share of 1 (None when none applies)."""
        return self.answered / self.applicable if self.applicable else None


def completions(session: Session, assessments: Sequence[Assessment]) -> dict[int, Completion]:
    """Each assessment's completion and open queries, by assessment id (for dashboards)."""
    queries = query_threads.open_counts(session, [a.id for a in assessments])
    found = {}
    for assessment in assessments:
        areas = area_progress(session, assessment)
        answered = sum(area.answered for area in areas)
        applicable = sum(area.applicable for area in areas)
        found[assessment.id] = Completion(answered, applicable, queries.get(assessment.id, 0))
    return found
