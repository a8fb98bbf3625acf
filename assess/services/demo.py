"""Demo data, seeded idempotently: real CoE regions, invented countries, one login per role and
place, and assessments in every status with answers generated from the questionnaire itself; with
a history where the questionnaire has one (an accepted round under the version before, its plan
progressed, carried into this round)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, Region, Role, User
from assess.questionnaire.answers import Answer, applicable, coerce
from assess.questionnaire.model import Question, Questionnaire
from assess.services import assessments as lifecycle
from assess.services import demo_history, ministries, plans, rounds
from assess.services.access import EDITABLE_STATUSES, NATIONAL_ROLES
from assess.services.answers import records_of, save_answer, typed_answers
from assess.services.people import ensure_country, ensure_region, ensure_user, hash_password
from assess.services.questionnaires import questionnaires

PASSWORD = "assess-demo"
PREFERRED = "cbrn-needs"
ROUND = "2026"
# The round before, under the version the questionnaire's newest declares its migration from.
PAST_ROUND = "2025"
REGIONS = (("SEEE", "South East and Eastern Europe"), ("AAF", "African Atlantic Façade"))
# ISO 3166 user-assigned codes and invented names: no real state's answers are made up.
COUNTRIES = (
    ("XA", "Arvenia", "SEEE"),
    ("XB", "Belmora", "SEEE"),
    ("XC", "Corvalia", "AAF"),
    ("XD", "Dravenland", "AAF"),
)
# The status each country's demo assessment is left in.
STATUSES = {"XA": "draft", "XB": "submitted", "XC": "returned", "XD": "accepted"}
# The countries whose round carries on from an accepted past round: all of AAF, so that region
# has trends; Belmora (XB) keeps only this round, as a country new to the cycle.
HISTORY = ("XA", "XC", "XD")
LIMITED_TEAM, LIMITED_AREAS = "team-xc", 2
# Arvenia's national team: two ministries sharing the areas (the first ones the team member's,
# so team-xa edits only those), the first's part of the 2026 round marked done.
MINISTRIES_COUNTRY = "XA"
MINISTRIES = (
    ("Ministry of Health", "MoH", "team-xa"),
    ("Civil Protection Agency", "CPA", "nfp-xa"),
)
# Each country's figures, by the id of the number question asking for them (cbrn-needs 1.2's
# profile): what the costs of its plan multiply by. Invented, of the size of small and mid-sized
# states; a questionnaire without these questions is answered as any other.
FIGURES: dict[str, dict[str, float]] = {
    "XA": {
        "pop_millions": 6.8,
        "admin_regions": 14,
        "border_points": 23,
        "cbrn_labs": 18,
        "hospitals_ed": 46,
        "responders_to_train": 3200,
        "licensed_facilities": 420,
    },
    "XB": {
        "pop_millions": 2.1,
        "admin_regions": 8,
        "border_points": 11,
        "cbrn_labs": 6,
        "hospitals_ed": 17,
        "responders_to_train": 900,
        "licensed_facilities": 130,
    },
    "XC": {
        "pop_millions": 14.5,
        "admin_regions": 10,
        "border_points": 19,
        "cbrn_labs": 9,
        "hospitals_ed": 38,
        "responders_to_train": 2600,
        "licensed_facilities": 210,
    },
    "XD": {
        "pop_millions": 31.2,
        "admin_regions": 16,
        "border_points": 34,
        "cbrn_labs": 22,
        "hospitals_ed": 95,
        "responders_to_train": 7500,
        "licensed_facilities": 640,
    },
}
QUERY = "Please say what this answer rests on (a law, a plan, an exercise report) and attach it."
# Given to every answer whose question requires evidence: submission refuses them without it.
EVIDENCE = "Decree 17/2024 of the national CBRN committee (ministry archive)"
COMMENTS = (
    "Agreed at the national team meeting; the ministry's figures.",
    "Estimate from the civil protection agency; to be confirmed next year.",
    "Based on the last inter-agency exercise report.",
)


@dataclass(frozen=True)
class Login:
    """One demo account as the demo command prints it."""

    username: str
    role: str
    place: str


def seed_people(session: Session, password_hash: str | None = None) -> list[Login]:
    """Regions, countries and one user per role and place (password: assess-demo)."""
    password_hash = password_hash or hash_password(PASSWORD)
    regions = {code: ensure_region(session, code, name) for code, name in REGIONS}
    logins = [
        Login("admin", Role.ADMIN, "everywhere"),
        Login("expert", Role.EXPERT, "questionnaires"),
        Login("coordinator", Role.COORDINATOR, "every region's aggregates"),
    ]
    ensure_user(session, "admin", password_hash, Role.ADMIN)
    ensure_user(session, "expert", password_hash, Role.EXPERT)
    ensure_user(session, "coordinator", password_hash, Role.COORDINATOR)
    for code, region in regions.items():
        name = f"secretariat-{code.lower()}"
        ensure_user(session, name, password_hash, Role.SECRETARIAT, region=region)
        logins.append(Login(name, Role.SECRETARIAT, f"{region.name} ({code})"))
    for code, name, region_code in COUNTRIES:
        country = ensure_country(session, code, name, regions[region_code])
        for role in NATIONAL_ROLES:
            username = f"{role}-{code.lower()}"
            ensure_user(session, username, password_hash, role, country=country)
            logins.append(Login(username, role, f"{name} ({code})"))
    return logins


def demo_questionnaire(session: Session) -> tuple[str, str] | None:
    """cbrn-needs at its latest version if published, else the first published questionnaire."""
    published = questionnaires(session).published()
    preferred = [item for item in published if item[0] == PREFERRED]
    if preferred:
        return preferred[-1]
    return published[0] if published else None


def seed(session: Session, password_hash: str | None = None) -> list[Login]:
    """The whole demo: people and places, then each region's rounds, each country's left in its
    status."""
    logins = seed_people(session, password_hash)
    chosen = demo_questionnaire(session)
    if chosen is None:
        return logins
    past = demo_history.past_version(session, *chosen)
    for code, _name in REGIONS:
        seed_region(session, code, *chosen, past)
    # One team member limited to some areas, to show that they may edit only those.
    questionnaire = questionnaires(session).get(*chosen)
    limited_to = questionnaire.areas()[:LIMITED_AREAS]
    limited = _user(session, LIMITED_TEAM)
    limited.areas = [area.id for area in limited_to]
    session.commit()
    seed_ministries(session, questionnaire)
    # The demo command prints in English, so the areas are named by their English titles.
    titles = "; ".join(area.title.get("en") for area in limited_to)
    return [
        Login(x.username, x.role, f"{x.place}, editing only: {titles}")
        if x.username == LIMITED_TEAM
        else x
        for x in logins
    ]


def seed_ministries(session: Session, questionnaire: Questionnaire) -> None:
    """Arvenia's two ministries with a member each and half the areas each, unless it has some."""
    country = session.scalars(select(Country).where(Country.code == MINISTRIES_COUNTRY)).one()
    if ministries.ministries_of(session, country):
        return
    nfp = _user(session, f"nfp-{MINISTRIES_COUNTRY.lower()}")
    areas = [area.id for area in questionnaire.areas()]
    half = (len(areas) + 1) // 2
    made = [
        ministries.create_ministry(
            session, nfp, country, name, short, shares, [_user(session, member).id]
        )
        for (name, short, member), shares in zip(
            MINISTRIES, (areas[:half], areas[half:]), strict=True
        )
    ]
    draft = _round(session, country, questionnaire.id, ROUND)
    if draft is not None and draft.status in EDITABLE_STATUSES:
        member = _user(session, MINISTRIES[0][2])
        ministries.mark_part(session, member, draft, made[0], True)


def _user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _round(
    session: Session, country: Country, questionnaire_id: str, label: str
) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(
            Assessment.country_id == country.id,
            Assessment.questionnaire_id == questionnaire_id,
            Assessment.round_label == label,
        )
    )


def seed_region(
    session: Session, code: str, questionnaire_id: str, version: str, past: str | None
) -> None:
    """The region's rounds, for its countries without one yet (seeding twice changes nothing):
    with a `past` version, its HISTORY countries' accepted past rounds, their plans and the
    region's plan of them progressed; then the round opened for the region as its page opens it
    (carrying each country's past round forward), each country's worked on and left in its
    status."""
    region = session.scalars(select(Region).where(Region.code == code)).one()
    countries = [
        country
        for country in sorted(region.countries, key=lambda country: country.code)
        if _round(session, country, questionnaire_id, ROUND) is None
    ]
    if not countries:
        return
    secretariat = _user(session, f"secretariat-{code.lower()}")
    if past is not None:
        earlier = [
            country
            for country in countries
            if country.code in HISTORY
            and _round(session, country, questionnaire_id, PAST_ROUND) is None
        ]
        for country in earlier:
            seed_past_round(session, country, questionnaire_id, past)
        if earlier:
            regional = plans.generate_regional(session, secretariat, region).plan
            demo_history.progress_plan(session, secretariat, regional)
    name = rounds.parse_label(ROUND)
    rounds.open_rounds(session, secretariat, countries, questionnaire_id, version, name, None)
    for country in countries:
        take_round(session, _round(session, country, questionnaire_id, ROUND))


def seed_past_round(session: Session, country: Country, questionnaire_id: str, past: str) -> None:
    """The country's past round under version `past`, answered in full and accepted, and its
    national plan generated, then a year of work on its actions."""
    secretariat = _user(session, f"secretariat-{country.region.code.lower()}")
    nfp = _user(session, f"nfp-{country.code.lower()}")
    assessment = lifecycle.open_round(
        session, secretariat, country, questionnaire_id, past, PAST_ROUND
    )
    questionnaire = questionnaires(session).get(questionnaire_id, past)
    fill(session, nfp, assessment, questionnaire, country.code, share=1.0)
    lifecycle.submit(session, nfp, assessment)
    lifecycle.accept(session, secretariat, assessment)
    plan = plans.generate_national(session, secretariat, assessment).plan
    demo_history.progress_plan(session, nfp, plan)


def seed_assessment(session: Session, code: str, questionnaire_id: str, version: str) -> None:
    """The country's demo round, unless it already exists (seeding twice changes nothing)."""
    country = session.scalars(select(Country).where(Country.code == code)).one()
    if _round(session, country, questionnaire_id, ROUND) is not None:
        return
    secretariat = _user(session, f"secretariat-{country.region.code.lower()}")
    take_round(
        session,
        lifecycle.open_round(session, secretariat, country, questionnaire_id, version, ROUND),
    )


def take_round(session: Session, assessment: Assessment) -> None:
    """Work on a newly opened round as the country's NFP would (carried answers confirmed or
    changed, the others given; a draft only half way), then take it to the country's status; an
    accepted round gets its national plan, costed where the questionnaire has costing, and its
    NFP names a funding source for most of its actions."""
    code = assessment.country.code
    secretariat = _user(session, f"secretariat-{assessment.country.region.code.lower()}")
    nfp = _user(session, f"nfp-{code.lower()}")
    questionnaire = questionnaires(session).get(
        assessment.questionnaire_id, assessment.questionnaire_version
    )
    status = STATUSES[code]
    share = 0.5 if status == "draft" else 1.0
    demo_history.rework_carried(session, nfp, assessment, questionnaire, share)
    fill(session, nfp, assessment, questionnaire, code, share)
    if status == "draft":
        return
    lifecycle.submit(session, nfp, assessment)
    if status == "returned":
        first = next(questionnaire.questions())
        lifecycle.return_with_queries(session, secretariat, assessment, {first.id: QUERY})
    elif status == "accepted":
        lifecycle.accept(session, secretariat, assessment)
        plan = plans.generate_national(session, secretariat, assessment).plan
        demo_history.fund_plan(session, nfp, plan, dt.date.today())


def fill(
    session: Session,
    user: User,
    assessment: Assessment,
    questionnaire: Questionnaire,
    seed_text: str,
    share: float,
) -> None:
    """Answer the first `share` of the applicable questions not answered yet (a carried round's
    are), deterministically per country; the country's FIGURES as they are."""
    questions = list(questionnaire.questions())
    given: dict[str, Answer] = typed_answers(questionnaire, records_of(session, assessment))
    figures = FIGURES.get(assessment.country.code, {})
    for index, question in enumerate(questions[: max(1, round(len(questions) * share))]):
        if question.id in given or question.id not in applicable(questionnaire, given):
            continue
        rng = random.Random(f"{seed_text}:{question.id}")
        answer = figure_answer(question, figures) or realistic_answer(question, rng, index)
        comment = COMMENTS[index % len(COMMENTS)] if question.comment and index % 4 == 0 else None
        needed = question.evidence.required and answer.status == "answered"
        save_answer(
            session,
            user,
            assessment,
            question.id,
            answer.status,
            answer.value,
            comment,
            0,
            [EVIDENCE] if needed else None,
        )
        given[question.id] = answer


def figure_answer(question: Question, figures: dict[str, float]) -> Answer | None:
    """The country's figure for a number question that asks for one, typed as a person's text."""
    if question.type != "number" or question.id not in figures:
        return None
    return Answer(question.id, "answered", coerce(question, f"{figures[question.id]:g}"))


def realistic_answer(question: Question, rng: random.Random, index: int) -> Answer:
    """A plausible answer to `question`: a typed value made from text by answers.coerce."""
    if question.allow_dont_know and index % 11 == 10:
        return Answer(question.id, "dont_know")
    return Answer(question.id, "answered", coerce(question, raw_answer(question, rng)))


def raw_answer(question: Question, rng: random.Random) -> str | list[str]:
    """What a person would type or tick for this question."""
    if question.type == "level":
        scale = question.scale
        return str(rng.randint(scale.min_level, min(scale.max_level, scale.min_level + 3)))
    if question.type == "checklist":
        levels = sorted(question.attributes)
        reached = levels[: rng.randint(1, len(levels))]
        return [attr.id for level in reached for attr in question.attributes[level]]
    if question.type in ("yes_partial_no", "single_choice"):
        options = question.options or (question.scale.options if question.scale else ())
        return rng.choice(options).id if options else rng.choice(("yes", "partial", "no"))
    if question.type == "multiple_choice":
        options = question.options or question.scale.options
        return [o.id for o in rng.sample(list(options), rng.randint(1, len(options)))]
    if question.type == "number":
        return str(_number(question, rng))
    if question.type == "date":
        return (date(2022, 1, 1) + timedelta(days=rng.randint(0, 1200))).isoformat()
    return "Coordinated by the national CBRN committee; procedures reviewed after each exercise."


def _number(question: Question, rng: random.Random) -> int:
    spec = question.number
    low = int(spec.min) if spec and spec.min is not None else 0
    high = int(spec.max) if spec and spec.max is not None else low + 50
    return rng.randint(low, max(low, high))
