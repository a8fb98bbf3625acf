"""What an export covers, checked against what its reader may see, and its rows read one
assessment at a time (so a region's export never holds the region in memory).

The access rules are those of the pages (assess.services.access): an assessment for whoever sees
its country, a round of a region for its secretariat and admins, and "everything I may see" the
assessments `access.visible_assessments` lists (none for experts and coordinators, who read no
country's answers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.exports.tables import (
    TABLES,
    Described,
    Stored,
    action_rows_of,
    answer_rows_of,
    gap_rows_of,
    risk_rows_of,
    score_rows_of,
)
from assess.models import AnswerRecord, Assessment, Country, Evidence, Plan, Region, User
from assess.questionnaire.model import Questionnaire
from assess.scoring import score_assessment
from assess.services import access
from assess.services.answers import typed_answers
from assess.services.errors import InvalidInput, NotFound
from assess.services.plan_views import action_rows
from assess.services.questionnaires import questionnaires
from assess.words.texts import refusal_text

# No export covers more assessments: 200 countries over 10 rounds is far beyond any region.
MAX_ASSESSMENTS = 2000


@dataclass(frozen=True)
class Scope:
    """One assessment, one round of a region, or (neither given) everything the reader sees."""

    assessment: Assessment | None = None
    region: Region | None = None
    round: str | None = None  # a region's round; None: its newest

    @property
    def name(self) -> str:
        """A name for the export's file: 'assessment-12', 'region-SEEE-2026', 'all'."""
        if self.assessment is not None:
            return f"assessment-{self.assessment.id}"
        if self.region is not None:
            return f"region-{self.region.code}-{self.round or 'newest'}"
        return "all"


def assessment_ids(session: Session, user: User, scope: Scope) -> list[int]:
    """The assessments the export covers, as `user` may see them; NotFound for an assessment or
    region `user` may not see, InvalidInput for an unknown round or too many assessments."""
    if scope.assessment is not None:
        if not access.can_see_assessment(user, scope.assessment):
            raise NotFound(refusal_text("Not found"))
        return [scope.assessment.id]
    if scope.region is not None:
        return _round_ids(session, user, scope.region, scope.round)
    query = access.visible_assessments(user).with_only_columns(Assessment.id)
    ids = list(session.scalars(query.limit(MAX_ASSESSMENTS + 1)))
    return _bounded(sorted(ids))


def region_rounds(session: Session, region: Region) -> list[str]:
    """The rounds of a region's countries, newest first."""
    rows = session.execute(
        select(Assessment.round_label, Assessment.round_year)
        .join(Assessment.country)
        .where(Country.region_id == region.id)
        .distinct()
    )
    return [label for label, _year in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]


def _round_ids(session: Session, user: User, region: Region, round_label: str | None) -> list[int]:
    if not access.can_see_region(user, region):
        raise NotFound(refusal_text("Not found"))
    rounds = region_rounds(session, region)
    label = round_label if round_label is not None else (rounds[0] if rounds else None)
    if label is None:
        return []
    if label not in rounds:
        raise InvalidInput(
            refusal_text(
                "The region %(region)s has no round '%(round)s'.", region=region.code, round=label
            )
        )
    ids = session.scalars(
        select(Assessment.id)
        .join(Assessment.country)
        .where(Country.region_id == region.id, Assessment.round_label == label)
        .order_by(Country.code)
        .limit(MAX_ASSESSMENTS + 1)
    )
    return _bounded(list(ids))


def _bounded(ids: list[int]) -> list[int]:
    if len(ids) > MAX_ASSESSMENTS:
        raise InvalidInput(
            refusal_text(
                "An export covers at most %(most)s assessments: choose a region or a round.",
                most=MAX_ASSESSMENTS,
            )
        )
    return ids


def table_columns(table: str):
    """The columns of a table; InvalidInput naming the tables there are for any other."""
    if table not in TABLES:
        raise InvalidInput(
            refusal_text(
                "There is no table '%(table)s' to export; there are: %(tables)s.",
                table=table,
                tables=", ".join(TABLES),
            )
        )
    return TABLES[table]


def rows(
    session: Session, user: User, scope: Scope, table: str, lang: str
) -> Iterator[dict[str, Any]]:
    """The rows of `table` over the scope, one assessment read at a time."""
    return rows_of(session, assessment_ids(session, user, scope), table, lang)


def rows_of(
    session: Session, ids: Sequence[int], table: str, lang: str
) -> Iterator[dict[str, Any]]:
    """The rows of `table` over these assessments (already checked against their reader)."""
    table_columns(table)
    build = BUILDERS[table]
    for assessment_id in ids:
        about, questionnaire = _described(session, assessment_id)
        yield from build(session, about, questionnaire, lang)


def answer_rows(session: Session, user: User, scope: Scope, lang: str) -> Iterator[dict[str, Any]]:
    """One row per question of each assessment in the scope (see assess.exports.tables)."""
    return rows(session, user, scope, "answers", lang)


def questionnaires_of(session: Session, ids: Sequence[int]) -> list[Questionnaire]:
    """The questionnaire versions these assessments answer, each once, in order."""
    found = session.execute(
        select(Assessment.questionnaire_id, Assessment.questionnaire_version)
        .where(Assessment.id.in_(ids))
        .distinct()
    )
    registry = questionnaires(session)
    return [registry.get(qid, version) for qid, version in sorted(found)]


def _described(session: Session, assessment_id: int) -> tuple[Described, Questionnaire]:
    row = session.execute(
        select(
            Assessment.id,
            Country.code,
            Assessment.round_label,
            Assessment.questionnaire_id,
            Assessment.questionnaire_version,
            Assessment.status,
        )
        .join(Assessment.country)
        .where(Assessment.id == assessment_id)
    ).one()
    about = Described(*row)
    return about, questionnaires(session).get(about.questionnaire_id, about.version)


def stored_answers(session: Session, assessment_id: int) -> dict[str, Stored]:
    """The assessment's stored answers with their evidence names, read as plain rows."""
    answers = session.execute(
        select(
            AnswerRecord.id,
            AnswerRecord.question_id,
            AnswerRecord.status,
            AnswerRecord.value,
            AnswerRecord.comment,
        ).where(AnswerRecord.assessment_id == assessment_id)
    ).all()
    evidence: dict[int, list[str]] = {}
    for answer_id, kind, payload, filename in session.execute(
        select(Evidence.answer_id, Evidence.kind, Evidence.payload, Evidence.filename)
        .join(Evidence.answer)
        .where(AnswerRecord.assessment_id == assessment_id)
        .order_by(Evidence.id)
    ):
        evidence.setdefault(answer_id, []).append(filename if kind == "file" else payload)
    return {
        row.question_id: Stored(
            row.status, row.value, row.comment or "", tuple(evidence.get(row.id, ()))
        )
        for row in answers
    }


def _answers(session: Session, about: Described, questionnaire: Questionnaire, lang: str):
    stored = stored_answers(session, about.assessment_id)
    return answer_rows_of(about, questionnaire, stored, lang)


def _scored(build: Callable) -> Callable:
    def scored(session: Session, about: Described, questionnaire: Questionnaire, lang: str):
        stored = stored_answers(session, about.assessment_id)
        score = score_assessment(questionnaire, typed_answers(questionnaire, stored))
        return build(about, questionnaire, score, lang)

    return scored


def _actions(session: Session, about: Described, questionnaire: Questionnaire, lang: str):
    plan = session.scalar(select(Plan).where(Plan.assessment_id == about.assessment_id))
    found = [row.fields for row in action_rows(plan)]
    if plan is not None:
        session.expunge(plan)
        for action in plan.actions:
            session.expunge(action)
    return action_rows_of(about, found)


BUILDERS: dict[str, Callable[..., Iterator[dict[str, Any]]]] = {
    "answers": _answers,
    "scores": _scored(score_rows_of),
    "gaps": _scored(gap_rows_of),
    "risks": _scored(risk_rows_of),
    "actions": _actions,
}
