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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assess.models import Assessment, Country, Region, User
from assess.plans.outcome import (
    ActionOutcome,
    KpiOutcome,
    PlanOutcome,
    combined,
    plan_outcome,
)
from assess.scoring.trends import ScoredRound, Trends, country_trends, region_trends
from assess.services import access
from assess.services.errors import NotFound, refusal_text
from assess.services.plan_inputs import NationalInputs, national_inputs
from assess.services.plan_views import ActionRow, action_rows
from assess.services.plans import national_plan_of
from assess.services.progress import LastValue, last_values

COUNTED = "accepted"


@dataclass(frozen=True)
class CountryTrends:
    """A country's trends, the round still in progress (if the newest is), and how the
    previous round's plan ended (None: one round only, or no plan stored for it)."""

    country: Country
    trends: Trends | None  # None: no round yet
    in_progress: str | None = None
    outcome: PlanOutcome | None = None

    @property
    def compared(self) -> bool:
        """Whether there is an earlier round to compare with."""
        return self.trends is not None and len(self.trends.rounds) > 1


@dataclass(frozen=True)
class RegionTrends:
    """A region's trends over its accepted rounds, and its countries' previous-round plans."""

    region: Region
    trends: Trends | None  # None: no accepted round yet
    outcomes: Mapping[str, PlanOutcome]  # country code -> its plan of the previous label

    @property
    def compared(self) -> bool:
        return self.trends is not None and len(self.trends.rounds) > 1

    @property
    def outcome(self) -> PlanOutcome | None:
        """The previous label's plans of every country together (None: none stored)."""
        if not self.outcomes:
            return None
        return combined(self.trends.rounds[-2], self.outcomes.values())


def trends_of_country(
    session: Session, user: User, country: Country, lang: str | None = None
) -> CountryTrends:
    """The country's trends for `user` (the previous plan's actions worded in `lang` when
    given); NotFound when `user` may not see the country."""
    if not access.can_see_country_trends(user, country):
        raise NotFound(refusal_text("No such country."))
    return country_view(session, country, lang)


def country_view(session: Session, country: Country, lang: str | None = None) -> CountryTrends:
    """The country's trends (no access check: for reports, whose callers checked it)."""
    rounds = followed_rounds(session, country)
    if not rounds:
        return CountryTrends(country, None)
    trends = country_trends([scored(session, a) for a in rounds])
    newest = rounds[-1]
    in_progress = None if newest.status == COUNTED else newest.round_label
    outcome = outcome_of(session, rounds[-2], lang) if len(rounds) > 1 else None
    return CountryTrends(country, trends, in_progress, outcome)


def trends_of_region(
    session: Session, user: User, region: Region, lang: str | None = None
) -> RegionTrends:
    """The region's trends for `user` (the previous plans' actions worded in `lang` when
    given); NotFound when `user` may not see the region."""
    if not access.can_see_region_trends(user, region):
        raise NotFound(refusal_text("No such region."))
    return region_view(session, region, lang)


def region_view(session: Session, region: Region, lang: str | None = None) -> RegionTrends:
    """The region's trends over its accepted rounds (no access check: for reports)."""
    by_country = _accepted_by_country(session, region)
    labels = _labels([a for rounds in by_country.values() for a in rounds])
    countries = {code: [scored(session, a) for a in rounds] for code, rounds in by_country.items()}
    trends = region_trends(countries, labels)
    outcomes = {}
    if len(labels) > 1:
        for code, rounds in by_country.items():
            before = [a for a in rounds if a.round_label == labels[-2]]
            found = outcome_of(session, before[0], lang) if before else None
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
    """The round labels in the order their first rounds were opened, whatever the country."""
    return list(dict.fromkeys(a.round_label for a in sorted(assessments, key=_opened)))


def _opened(a: Assessment) -> tuple:
    """Where a round stands among rounds: as `_rounds` orders them."""
    return (a.round_year, a.created_at, a.id)


def scored(session: Session, assessment: Assessment) -> ScoredRound:
    """The round as the trends read it: its answers typed and scored as its plan scores them."""
    return _from_inputs(national_inputs(session, assessment))


def outcome_of(
    session: Session, assessment: Assessment, lang: str | None = None
) -> PlanOutcome | None:
    """How the round's stored plan ended: its active actions with people's last status (their
    proposals' words in `lang` when given, else as stored)."""
    plan = national_plan_of(session, assessment)
    if plan is None:
        return None
    last = last_values(session, plan)
    actions = (
        ActionOutcome(r.action_id, r["title"], r["status"], _kpi_outcomes(r, last))
        for r in action_rows(plan, lang)
    )
    return plan_outcome(assessment.round_label, actions)


def _kpi_outcomes(row: ActionRow, last: Mapping[tuple[str, str], LastValue]) -> tuple:
    """The action's KPIs with their targets and the newest value recorded for each."""
    found = []
    for kpi in row["kpis"]:
        # Values are recorded against the KPI's stored name; the template's shows in the row's
        # language.
        recorded = last.get((row.action_id, kpi.name))
        value, day = (recorded.value, recorded.refers_to.isoformat()) if recorded else ("", "")
        name = row.kpi_name(kpi.name).text
        found.append(KpiOutcome(name, kpi.baseline, kpi.target, kpi.date, value, day))
    return tuple(found)


@dataclass(frozen=True)
class ReportTrends:
    """What a plan report's "Trends" section prints, and the data it rests on (for its stamp)."""

    trends: Trends
    outcome: PlanOutcome | None
    content: dict[str, Any]


def national_report_trends(
    session: Session, assessment: Assessment, stored: NationalInputs
) -> ReportTrends | None:
    """The trends a national plan's report prints: the country's accepted rounds before the
    plan's, then the plan's own round as the plan stored it; None without an earlier round.

    Only the plan's own round comes from the plan's stored inputs. The earlier rounds are not
    copied into them: they are accepted, so their answers no longer change (a reopened round
    changes them, and the report's stamp, which hashes them, says the data changed), and the
    previous plan's statuses are meant to be read as they stand when the report is made.
    """
    earlier = [
        a
        for a in followed_rounds(session, assessment.country)
        if a.status == COUNTED
        and a.id != assessment.id
        and _before(a, assessment)
        and a.questionnaire_id == assessment.questionnaire_id
    ]
    if not earlier:
        return None
    found = [national_inputs(session, a) for a in earlier]
    rounds = [*(_from_inputs(inputs) for inputs in found), _from_inputs(stored)]
    outcome = outcome_of(session, earlier[-1])
    content = {
        "rounds": [inputs.fingerprint() for inputs in found],
        "outcome": _outcome_content(outcome),
    }
    return ReportTrends(country_trends(rounds), outcome, content)


def regional_report_trends(session: Session, region: Region) -> ReportTrends | None:
    """The trends a regional plan's report prints (its accepted rounds as they stand when the
    report is made, as on the region's trends page); None without an earlier round."""
    found = region_view(session, region)
    if not found.compared or found.trends is None:
        return None
    content = {
        "rounds": {
            code: [national_inputs(session, a).fingerprint() for a in rounds]
            for code, rounds in _accepted_by_country(session, region).items()
        },
        "outcome": _outcome_content(found.outcome),
    }
    return ReportTrends(found.trends, found.outcome, content)


def _before(a: Assessment, b: Assessment) -> bool:
    return _opened(a) < _opened(b)


def _from_inputs(inputs: NationalInputs) -> ScoredRound:
    return ScoredRound(inputs.round, inputs.questionnaire, inputs.answers, inputs.score)


def _outcome_content(outcome: PlanOutcome | None) -> list[list[str]] | None:
    if outcome is None:
        return None
    return [[a.action_id, a.status] for a in outcome.actions]
