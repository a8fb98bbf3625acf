"""What a plan is made from: an assessment's (or a region's) answers, scored, and their hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import AnswerRecord, Assessment, Country, Region
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Questionnaire
from assess.scoring import AssessmentScore, score_assessment
from assess.services.answers import records_of, typed_answers
from assess.services.errors import InvalidInput, refusal_text
from assess.services.questionnaires import questionnaire_of

# The scoring engine ships with the package: its version is the package's.
SCORING_VERSION = f"assess {version('assess')}"


@dataclass(frozen=True)
class NationalInputs:
    """One assessment's questionnaire, stored and typed answers, and its score."""

    assessment: Assessment
    questionnaire: Questionnaire
    records: Mapping[str, AnswerRecord]
    answers: Mapping[str, Answer]
    score: AssessmentScore

    @property
    def changed_at(self) -> datetime:
        """When the assessment or one of its answers last changed."""
        times = [self.assessment.updated_at, *(r.updated_at for r in self.records.values())]
        return max(times)

    def content(self) -> dict[str, Any]:
        """Everything the plan depends on, in a canonical form for hashing."""
        a = self.assessment
        return {
            "country": a.country.code,
            "round": a.round_label,
            "questionnaire": [a.questionnaire_id, a.questionnaire_version],
            "scoring": SCORING_VERSION,
            "answers": {
                qid: [r.status, r.value, r.comment or ""] for qid, r in sorted(self.records.items())
            },
        }

    def fingerprint(self) -> str:
        return digest(self.content())


@dataclass(frozen=True)
class RegionalInputs:
    """A region's accepted assessments, each scored under its own questionnaire version."""

    region: Region
    questionnaire: Questionnaire
    countries: Mapping[str, NationalInputs]

    @property
    def scores(self) -> dict[str, AssessmentScore]:
        return {code: inputs.score for code, inputs in self.countries.items()}

    @property
    def changed_at(self) -> datetime:
        return max(inputs.changed_at for inputs in self.countries.values())

    def content(self) -> dict[str, Any]:
        return {
            "region": self.region.code,
            "countries": {code: i.content() for code, i in sorted(self.countries.items())},
        }

    def fingerprint(self) -> str:
        return digest(self.content())


def digest(content: Any) -> str:
    """The SHA-256 of `content` as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def national_inputs(session: Session, assessment: Assessment) -> NationalInputs:
    """The assessment's answers as stored, typed and scored."""
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    answers = typed_answers(questionnaire, records)
    score = score_assessment(questionnaire, answers)
    return NationalInputs(assessment, questionnaire, records, answers, score)


def regional_inputs(session: Session, region: Region) -> RegionalInputs:
    """Each country's latest accepted assessment, under the questionnaire most of them use."""
    latest = accepted_assessments(session, region)
    if not latest:
        raise InvalidInput(
            refusal_text(
                "No accepted assessment in %(region)s yet: nothing to plan from.",
                region=region.name,
            )
        )
    countries = {a.country.code: national_inputs(session, a) for a in latest}
    counts: dict[tuple[str, str], int] = {}
    for inputs in countries.values():
        key = (inputs.questionnaire.id, inputs.questionnaire.version)
        counts[key] = counts.get(key, 0) + 1
    chosen = max(counts, key=lambda key: (counts[key], key))
    questionnaire = next(
        i.questionnaire
        for i in countries.values()
        if (i.questionnaire.id, i.questionnaire.version) == chosen
    )
    return RegionalInputs(region, questionnaire, countries)


def accepted_assessments(session: Session, region: Region) -> list[Assessment]:
    """The newest accepted assessment of each of the region's countries, by country code."""
    rows = session.scalars(
        select(Assessment)
        .join(Assessment.country)
        .where(Country.region_id == region.id, Assessment.status == "accepted")
        .order_by(Country.code, Assessment.created_at.desc(), Assessment.id.desc())
    ).all()
    newest: dict[int, Assessment] = {}
    for assessment in rows:
        newest.setdefault(assessment.country_id, assessment)
    return list(newest.values())


def visible_assessments_of(session: Session, region: Region) -> list[Assessment]:
    """Every assessment of the region's countries, by country code then newest first."""
    return list(
        session.scalars(
            select(Assessment)
            .join(Assessment.country)
            .where(Country.region_id == region.id)
            .order_by(Country.code, Assessment.id.desc())
        )
    )
