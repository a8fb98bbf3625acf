"""A country's and a region's trends: their rounds read, scored and followed round to round.

Which rounds count. A country's trends follow its accepted rounds and its current round (the
newest it has, whatever its status): the accepted ones are what its region agreed on, and the
national team wants to see where the round it works on stands against them (the page says that
round is not accepted yet). A round opened since the newest accepted one and left aside for a
newer one is not followed. A region's trends combine only accepted rounds, as its regional plans
do: a country's draft is not yet what the country reports, and means over drafts would change
under the readers' eyes. Only rounds of the questionnaire the newest round answers count.

The previous round's plan is the national plan stored for the round before the newest one; a
region's is each of its countries' plans of that round (by country, and in total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assess.models import Assessment, Country, Region, User
from assess.plans.outcome import ActionOutcome, PlanOutcome, plan_outcome
from assess.scoring.trends import ScoredRound, Trends, country_trends, region_trends
from assess.services import access
from assess.services.errors import NotFound, refusal_text
from assess.services.plan_inputs import national_inputs
from assess.services.plan_views import action_rows
from assess.services.plans import national_plan_of

COUNTED = "accepted"


@dataclass(frozen=True)
class CountryTrends:
    """A country's trends, the round still in progress (if the newest is), and how the
    previous round's plan ended (None: one round only, or no plan stored for it)."""

    country: Country
    trends: Trends
    in_progress: str | None
    outcome: PlanOutcome | None

    @property
    def compared(self) -> bool:
        """Whether there is an earlier round to compare with."""
        return len(self.trends.rounds) > 1


@dataclass(frozen=True)
class RegionTrends:
    """A region's trends over its accepted rounds, and its countries' previous-round plans."""

    region: Region
    trends: Trends
    outcomes: Mapping[str, PlanOutcome]  # country code -> its plan of the previous label

    @property
    def compared(self) -> bool:
        return len(self.trends.rounds) > 1


def trends_of_country(session: Session, user: User, country: Country) -> CountryTrends:
    """The country's trends for `user`; NotFound when it has no round, or `user` may not see it."""
    if not access.can_see_country_trends(user, country):
        raise NotFound(refusal_text("No such country."))
    return country_view(session, country)


def country_view(session: Session, country: Country) -> CountryTrends:
    """The country's trends (no access check: for reports, whose callers checked it)."""
    rounds = followed_rounds(session, country)
    if not rounds:
        raise NotFound(
            refusal_text("%(country)s has no assessment of any round.", country=country.name)
        )
    trends = country_trends([scored(session, a) for a in rounds])
    newest = rounds[-1]
    in_progress = None if newest.status == COUNTED else newest.round_label
    outcome = outcome_of(session, rounds[-2]) if len(rounds) > 1 else None
    return CountryTrends(country, trends, in_progress, outcome)


def trends_of_region(session: Session, user: User, region: Region) -> RegionTrends:
    """The region's trends for `user`; NotFound when `user` may not see them or none exist."""
    if not access.can_see_region_trends(user, region):
        raise NotFound(refusal_text("No such region."))
    return region_view(session, region)


def region_view(session: Session, region: Region) -> RegionTrends:
    """The region's trends over its accepted rounds (no access check: for reports)."""
    by_country = _accepted_by_country(session, region)
    labels = _labels([a for rounds in by_country.values() for a in rounds])
    countries = {code: [scored(session, a) for a in rounds] for code, rounds in by_country.items()}
    trends = region_trends(countries, labels)
    if trends is None:
        raise NotFound(
            refusal_text(
                "No accepted assessment in %(region)s yet: nothing to follow.", region=region.name
            )
        )
    outcomes = {}
    if len(labels) > 1:
        for code, rounds in by_country.items():
            before = [a for a in rounds if a.round_label == labels[-2]]
            found = outcome_of(session, before[0]) if before else None
            if found is not None:
                outcomes[code] = found
    return RegionTrends(region, trends, outcomes)


def followed_rounds(session: Session, country: Country) -> list[Assessment]:
    """The country's accepted rounds and its newest one, oldest first, of the newest's
    questionnaire."""
    every = session.scalars(_rounds().where(Assessment.country_id == country.id)).all()
    if not every:
        return []
    newest = every[-1]
    return [
        a
        for a in every
        if a.questionnaire_id == newest.questionnaire_id and (a.status == COUNTED or a is newest)
    ]


def _accepted_by_country(session: Session, region: Region) -> dict[str, list[Assessment]]:
    """Each country's accepted rounds, oldest first, of the questionnaire most rounds answer."""
    found = session.scalars(
        _rounds().where(Country.region_id == region.id, Assessment.status == COUNTED)
    ).all()
    if not found:
        return {}
    counts: dict[str, int] = {}
    for a in found:
        counts[a.questionnaire_id] = counts.get(a.questionnaire_id, 0) + 1
    chosen = max(counts, key=lambda qid: (counts[qid], qid))
    by_country: dict[str, list[Assessment]] = {}
    for a in found:
        if a.questionnaire_id == chosen:
            by_country.setdefault(a.country.code, []).append(a)
    return dict(sorted(by_country.items()))


def _rounds():
    """Assessments in the order their rounds were opened: by year, then as they were opened."""
    return (
        select(Assessment)
        .join(Assessment.country)
        .options(joinedload(Assessment.country))
        .order_by(Assessment.round_year, Assessment.created_at, Assessment.id)
    )


def _labels(assessments: Sequence[Assessment]) -> list[str]:
    """The round labels, each where its first round was opened (the order of `assessments`)."""
    return list(dict.fromkeys(a.round_label for a in assessments))


def scored(session: Session, assessment: Assessment) -> ScoredRound:
    """The round as the trends read it: its answers typed and scored as its plan scores them."""
    inputs = national_inputs(session, assessment)
    return ScoredRound(assessment.round_label, inputs.questionnaire, inputs.answers, inputs.score)


def outcome_of(session: Session, assessment: Assessment) -> PlanOutcome | None:
    """How the round's stored plan ended: its active actions with people's last status."""
    plan = national_plan_of(session, assessment)
    if plan is None:
        return None
    actions = (ActionOutcome(r.action_id, r["title"], r["status"]) for r in action_rows(plan))
    return plan_outcome(assessment.round_label, actions)
