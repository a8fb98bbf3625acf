"""What a plan is made from: an assessment's (or a region's) answers, scored, and their hash.

A stored plan keeps the answers it was made from (`Plan.inputs`): its pages and its reports read
them back, so a plan reads the same wherever it is shown, and the hash of today's answers says
whether they changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib.metadata import version
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, Plan, Region
from assess.plans import (
    NationalPlan,
    RegionalPlan,
    RegionCoverage,
    build_national_plan,
    build_regional_plan,
)
from assess.plans.costing import number_answers, plan_start_year
from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Questionnaire
from assess.scoring import AssessmentScore, score_assessment
from assess.scoring.versions import NotComparable, OnTarget, named, newest, onto
from assess.services.answers import records_of, typed_answers
from assess.services.errors import InvalidInput, Text, refusal_text
from assess.services.questionnaires import questionnaires
from assess.words.people import role_name

# The scoring engine ships with the package: its version is the package's.
SCORING_VERSION = f"assess {version('assess')}"


class Given(NamedTuple):
    """One answer as a plan reads it: its status, its stored value and its comment."""

    status: str
    value: Any
    comment: str


@dataclass(frozen=True)
class NationalInputs:
    """One assessment's questionnaire, given answers and their score, and when they changed."""

    country: str  # the country's code
    round: str
    questionnaire: Questionnaire
    given: Mapping[str, Given]
    answers: Mapping[str, Answer]
    score: AssessmentScore
    changed_at: datetime  # when the assessment or one of its answers last changed
    scoring: str = SCORING_VERSION
    reopened: str = ""  # when it was last reopened after acceptance (ISO), if ever
    created_year: int | None = None  # the year the assessment was created

    @property
    def start_year(self) -> int | None:
        """The calendar year of the plan's first year."""
        return plan_start_year(self.round, self.created_year)

    @property
    def comments(self) -> dict[str, str]:
        """The answers' comments, by question id (answers without one left out)."""
        return {qid: given.comment for qid, given in self.given.items() if given.comment}

    def content(self) -> dict[str, Any]:
        """Everything the plan depends on, in a canonical form for hashing."""
        q = self.questionnaire
        return _content(
            self.country, self.round, (q.id, q.version), self.scoring, self.given, self.reopened
        )

    def fingerprint(self) -> str:
        return digest(self.content())


@dataclass(frozen=True)
class RegionalInputs:
    """A region's accepted assessments, each brought onto one questionnaire version and scored.

    `on_target` holds each country's round under `questionnaire` (carried through the declared
    migration when it was answered under an earlier version); `coverage` names every country;
    `shared` the countries whose NFP agreed to print their answers in the regional report.
    """

    region: Region
    questionnaire: Questionnaire
    countries: Mapping[str, NationalInputs]
    on_target: Mapping[str, OnTarget]
    coverage: RegionCoverage
    shared: tuple[str, ...] = ()

    @property
    def scores(self) -> dict[str, AssessmentScore]:
        """Each country's score under the target version (its own, for another questionnaire)."""
        return {
            code: self.on_target[code].score if code in self.on_target else inputs.score
            for code, inputs in self.countries.items()
        }

    @property
    def numbers(self) -> dict[str, dict[str, Decimal]]:
        """Each country's answers to number questions under the target version (the multipliers
        its actions are costed with)."""
        return {
            code: number_answers(
                self.questionnaire,
                self.on_target[code].answers if code in self.on_target else inputs.answers,
            )
            for code, inputs in self.countries.items()
        }

    @property
    def not_comparable(self) -> tuple[NotComparable, ...]:
        """Each country's indicators that do not compare with the target version's."""
        version = self.questionnaire.version
        return tuple(
            item for code, on in sorted(self.on_target.items()) for item in named(code, on, version)
        )

    @property
    def changed_at(self) -> datetime:
        return max(inputs.changed_at for inputs in self.countries.values())

    def content(self) -> dict[str, Any]:
        countries = {code: i.content() for code, i in self.countries.items()}
        return _regional_content(self.region, countries, self.coverage, self.shared)

    def fingerprint(self) -> str:
        return digest(self.content())


def _content(
    country: str,
    round_label: str,
    questionnaire: tuple[str, str],
    scoring: str,
    given: Mapping[str, Given],
    reopened: str = "",
) -> dict[str, Any]:
    content = {
        "country": country,
        "round": round_label,
        "questionnaire": list(questionnaire),
        "scoring": scoring,
        "answers": {qid: list(g) for qid, g in sorted(given.items())},
    }
    # Only once reopened after acceptance: the plans made before are stale from then on (their
    # hash differs), and plans of rounds never reopened keep theirs.
    if reopened:
        content["reopened"] = reopened
    return content


def _regional_content(
    region: Region,
    countries: Mapping[str, Any],
    coverage: RegionCoverage,
    shared: tuple[str, ...],
) -> dict[str, Any]:
    # Only when some country waits or shares: plans stored before coverage and consent were kept
    # keep their hash (and, consent being off by default, print no country's answers).
    kept_apart = {
        "in_progress": coverage.in_progress,
        "not_started": coverage.not_started,
        "shared": tuple(sorted(shared)),
    }
    kept = {key: list(codes) for key, codes in kept_apart.items() if codes}
    return {"region": region.code, "countries": dict(sorted(countries.items())), **kept}


def national_plan(inputs: NationalInputs, lang: str) -> NationalPlan:
    """The national plan its inputs make, in `lang` (nobody's edits)."""
    return build_national_plan(
        inputs.questionnaire,
        inputs.score,
        lang=lang,
        country=inputs.country,
        numbers=number_answers(inputs.questionnaire, inputs.answers),
        start_year=inputs.start_year,
    )


def regional_plan(inputs: RegionalInputs, lang: str) -> RegionalPlan:
    """The regional plan its inputs make, in `lang` (nobody's edits)."""
    return build_regional_plan(
        inputs.questionnaire,
        inputs.scores,
        lang=lang,
        region=inputs.region.code,
        coverage=inputs.coverage,
        not_comparable=inputs.not_comparable,
        numbers=inputs.numbers,
        secretariat=role_name("secretariat", lang),
    )


def digest(content: Any) -> str:
    """The SHA-256 of `content` as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def national_inputs(session: Session, assessment: Assessment) -> NationalInputs:
    """The assessment's answers as stored now, typed and scored."""
    return _scored(session, *_current(session, assessment), assessment.created_at.year)


def regional_inputs(session: Session, region: Region) -> RegionalInputs:
    """Each country's latest accepted assessment, brought onto the newest version they answered
    (of the questionnaire most of them use)."""
    latest = accepted_assessments(session, region)
    if not latest:
        raise InvalidInput(nothing_to_plan(region))
    countries = {a.country.code: national_inputs(session, a) for a in latest}
    counts: dict[str, int] = {}
    for inputs in countries.values():
        counts[inputs.questionnaire.id] = counts.get(inputs.questionnaire.id, 0) + 1
    chosen = max(counts, key=lambda qid: (counts[qid], qid))
    version = newest(
        i.questionnaire.version for i in countries.values() if i.questionnaire.id == chosen
    )
    questionnaire = questionnaires(session).get(chosen, version)
    coverage = region_coverage(session, region)
    return _combined(region, questionnaire, countries, coverage, sharing(latest))


def _combined(
    region: Region,
    questionnaire: Questionnaire,
    countries: Mapping[str, NationalInputs],
    coverage: RegionCoverage,
    shared: tuple[str, ...],
) -> RegionalInputs:
    """The countries' rounds brought onto `questionnaire`; a refusal when one cannot be."""
    on_target: dict[str, OnTarget] = {}
    for code, inputs in countries.items():
        if inputs.questionnaire.id != questionnaire.id:
            continue  # another questionnaire: the roll-up names it as left out
        try:
            on_target[code] = onto(
                inputs.questionnaire, questionnaire, inputs.answers, inputs.comments
            )
        except ValueError:
            raise InvalidInput(
                refusal_text(
                    "%(country)s answered under version %(old)s, and %(questionnaire)s "
                    "%(new)s declares its migration from %(earlier)s: answers cannot be compared "
                    "across more than one migration yet.",
                    country=next((c.name for c in region.countries if c.code == code), code),
                    old=inputs.questionnaire.version,
                    questionnaire=questionnaire.id,
                    new=questionnaire.version,
                    earlier=_declared_from(questionnaire),
                )
            ) from None
    return RegionalInputs(region, questionnaire, countries, on_target, coverage, shared)


def sharing(assessments: list[Assessment]) -> tuple[str, ...]:
    """The codes of the countries whose NFP agreed to print these answers in the regional report."""
    return tuple(sorted(a.country.code for a in assessments if a.shares_answers))


def _declared_from(questionnaire: Questionnaire) -> str:
    return questionnaire.migration.from_version if questionnaire.migration else ""


def region_coverage(session: Session, region: Region) -> RegionCoverage:
    """The region's countries by code: with an accepted round, with a round in progress only,
    and with no round at all."""
    rows = session.execute(
        select(Country.code, Assessment.status)
        .outerjoin(Assessment, Assessment.country_id == Country.id)
        .where(Country.region_id == region.id)
        .order_by(Country.code)
    ).all()
    statuses: dict[str, set[str]] = {}
    for code, status in rows:
        statuses.setdefault(code, set()).update([status] if status else [])
    return RegionCoverage(
        combined=tuple(c for c, found in statuses.items() if "accepted" in found),
        in_progress=tuple(c for c, found in statuses.items() if found and "accepted" not in found),
        not_started=tuple(c for c, found in statuses.items() if not found),
    )


def nothing_to_plan(region: Region) -> Text:
    """Why a region without an accepted assessment has no plan."""
    return refusal_text(
        "No accepted assessment in %(region)s yet: nothing to plan from.", region=region.name
    )


def stored_national_inputs(session: Session, plan: Plan) -> NationalInputs:
    """The answers a national plan was made from, typed and scored again."""
    created = plan.assessment.created_at.year if plan.assessment else None
    return _scored(session, *_stored(session, plan), created)


def stored_regional_inputs(session: Session, plan: Plan) -> RegionalInputs:
    """The accepted assessments a regional plan was made from, each typed and scored again."""
    content, changed_at = _stored(session, plan)
    countries = {
        code: _scored(session, country, changed_at)
        for code, country in content["countries"].items()
    }
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    assert plan.region is not None
    coverage = RegionCoverage(
        tuple(sorted(countries)),
        tuple(content.get("in_progress", ())),
        tuple(content.get("not_started", ())),
    )
    shared = tuple(content.get("shared", ()))
    return _combined(plan.region, questionnaire, countries, coverage, shared)


def inputs_changed(session: Session, plan: Plan) -> bool:
    """Whether the answers a plan is made from changed after it was made (their hash differs)."""
    return digest(_current_of(session, plan)[0]) != plan.data_sha256


def _stored(session: Session, plan: Plan) -> tuple[dict[str, Any], datetime]:
    if plan.inputs is not None and plan.inputs_changed_at is not None:
        return plan.inputs, plan.inputs_changed_at
    # A plan stored before plans kept their inputs: today's answers are those it was made from
    # as long as their hash is the one it stored; otherwise they are gone.
    content, changed_at = _current_of(session, plan)
    if changed_at is None or digest(content) != plan.data_sha256:
        raise InvalidInput(
            refusal_text(
                "This plan was made before plans kept their answers, and the answers changed "
                "since: regenerate it."
            )
        )
    return content, changed_at


def _current_of(session: Session, plan: Plan) -> tuple[dict[str, Any], datetime | None]:
    """What the plan would be made from today (unscored) and when that last changed."""
    if plan.kind == "national":
        assert plan.assessment is not None
        return _current(session, plan.assessment)
    assert plan.region is not None
    accepted = accepted_assessments(session, plan.region)
    found = [_current(session, a) for a in accepted]
    countries = {content["country"]: content for content, _ in found}
    coverage = region_coverage(session, plan.region)
    changed_at = max((t for _, t in found), default=None)
    content = _regional_content(plan.region, countries, coverage, sharing(accepted))
    return content, changed_at


def _current(session: Session, assessment: Assessment) -> tuple[dict[str, Any], datetime]:
    records = records_of(session, assessment)
    given = {qid: Given(r.status, r.value, r.comment or "") for qid, r in records.items()}
    questionnaire = (assessment.questionnaire_id, assessment.questionnaire_version)
    content = _content(
        assessment.country.code,
        assessment.round_label,
        questionnaire,
        SCORING_VERSION,
        given,
        assessment.reopened_at.isoformat() if assessment.reopened_at else "",
    )
    return content, max([assessment.updated_at, *(r.updated_at for r in records.values())])


def _scored(
    session: Session,
    content: Mapping[str, Any],
    changed_at: datetime,
    created_year: int | None = None,
) -> NationalInputs:
    """Inputs from their content: its questionnaire version, its answers typed and scored."""
    questionnaire = questionnaires(session).get(*content["questionnaire"])
    given = {qid: Given(*fields) for qid, fields in content["answers"].items()}
    answers = typed_answers(questionnaire, given)
    score = score_assessment(questionnaire, answers)
    return NationalInputs(
        content["country"],
        content["round"],
        questionnaire,
        given,
        answers,
        score,
        changed_at,
        content["scoring"],
        content.get("reopened", ""),
        created_year,
    )


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
