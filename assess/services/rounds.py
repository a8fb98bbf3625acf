"""Opening assessment rounds: their names (a year, optionally a half or a quarter), their
deadline, and opening one round for many countries of a region at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.models import ROUND_PERIODS, Assessment, Country, User, utcnow
from assess.services import access, audit
from assess.services.errors import InvalidInput, NotAllowed, Text, refusal_text
from assess.services.questionnaires import questionnaires
from assess.services.text_input import checked

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Any script's digits (an Arabic keyboard types ٢٠٢٧): the label is written with ASCII ones.
YEAR = re.compile(r"\d{4}")


class RoundRefused(InvalidInput):
    """A round the service will not open; `field` names the part of the request that is wrong
    (year, period, deadline or countries), so a form can say it beside that field."""

    def __init__(self, message: Text, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RoundName:
    """Which round: a year and, optionally, a half (H1, H2) or a quarter (Q1..Q4) of it."""

    year: int
    period: str | None = None

    @property
    def label(self) -> str:
        """The name people read and type: '2027', '2027-H1'."""
        return f"{self.year}-{self.period}" if self.period else str(self.year)


def round_name(year: str, period: str | None = None) -> RoundName:
    """The round named by a year as typed and an optional period; refused when not one."""
    year = checked(year.strip(), refusal_text("The year"))
    if not YEAR.fullmatch(year) or not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise RoundRefused(
            refusal_text(
                "Give the round's year as four digits, from %(first)s to %(last)s, e.g. 2027.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
            "year",
        )
    period = (period or "").strip().upper() or None
    if period is not None and period not in ROUND_PERIODS:
        raise RoundRefused(
            refusal_text(
                "A round covers a whole year, a half (H1, H2) or a quarter (Q1 to Q4), "
                "not '%(period)s'.",
                period=period,
            ),
            "period",
        )
    return RoundName(int(year), period)


def parse_label(label: str) -> RoundName:
    """The round a label such as '2027' or '2027-H1' names; refused when it names none."""
    label = checked(label.strip(), refusal_text("The round label"))
    year, dash, period = label.partition("-")
    # '2026-' names no period: it is refused as the period '-' rather than read as the year.
    return round_name(year, period or dash)


def checked_deadline(deadline: date, today: date | None = None) -> date:
    """The deadline, refused when it is already past (today, in UTC, is allowed)."""
    today = today or utcnow().date()
    if deadline < today:
        raise RoundRefused(
            refusal_text(
                "The deadline %(deadline)s is past: choose %(today)s or a later day.",
                deadline=deadline.isoformat(),
                today=today.isoformat(),
            ),
            "deadline",
        )
    return deadline


@dataclass(frozen=True)
class RoundsOpened:
    """What opening a round for several countries did: the drafts opened, and the countries left
    as they were because they already have a round of that name."""

    name: RoundName
    opened: list[Assessment]
    already: list[Country]


def open_rounds(
    session: Session,
    user: User,
    countries: Sequence[Country],
    questionnaire_id: str,
    version: str,
    name: RoundName,
    deadline: date | None,
) -> RoundsOpened:
    """Open round `name` for each country on a published version, in one commit.

    A country that already has a round of that name keeps it and is listed in `already` (opening
    the round again for a whole region adds the countries it missed); when every chosen country
    has it, nothing is opened and the refusal names them.
    """
    _refuse_unless_open_to(user, countries)
    questionnaires(session).get(questionnaire_id, version)
    if deadline is not None:
        checked_deadline(deadline)
    already = _having_round(session, countries, questionnaire_id, name)
    if len(already) == len(countries):
        raise RoundRefused(already_text(already, questionnaire_id, name), "countries")
    opened = [
        _open(session, user, country, questionnaire_id, version, name, deadline)
        for country in countries
        if country not in already
    ]
    _flush_new_rounds(session, name)
    for assessment in opened:
        new = {
            "status": "draft",
            "questionnaire": f"{questionnaire_id} {version}",
            "round": name.label,
            "deadline": deadline.isoformat() if deadline else None,
        }
        audit.record(session, user, audit.OPEN, assessment, old=None, new=new)
    session.commit()
    return RoundsOpened(name, opened, already)


def _refuse_unless_open_to(user: User, countries: Sequence[Country]) -> None:
    """Refuse an empty choice, or a country whose rounds `user` may not open."""
    if not countries:
        raise RoundRefused(refusal_text("Choose at least one country."), "countries")
    for country in countries:
        if not access.can_open_round(user, country):
            raise NotAllowed(
                refusal_text(
                    "You may not open an assessment round for %(country)s.", country=country.name
                )
            )


def _flush_new_rounds(session: Session, name: RoundName) -> None:
    """Write the new rounds, refusing them all if one was opened meanwhile by someone else."""
    try:
        session.flush()
    except IntegrityError:
        # Someone opened the same round for one of them between our check and our insert.
        session.rollback()
        raise RoundRefused(
            refusal_text(
                "Round %(label)s was opened for one of these countries at this very moment: "
                "look at the region's page and try again.",
                label=name.label,
            ),
            "countries",
        ) from None


def _having_round(
    session: Session, countries: Sequence[Country], questionnaire_id: str, name: RoundName
) -> list[Country]:
    """The countries among `countries` that already have round `name` of the questionnaire."""
    taken = set(
        session.scalars(
            select(Assessment.country_id).where(
                Assessment.country_id.in_([country.id for country in countries]),
                Assessment.questionnaire_id == questionnaire_id,
                Assessment.round_label == name.label,
            )
        )
    )
    return [country for country in countries if country.id in taken]


def already_text(countries: Sequence[Country], questionnaire_id: str, name: RoundName) -> Text:
    """The countries that already have round `name` of the questionnaire, in a sentence."""
    if len(countries) == 1:
        return refusal_text(
            "%(country)s already has a round '%(label)s' of %(questionnaire)s.",
            country=countries[0].name,
            label=name.label,
            questionnaire=questionnaire_id,
        )
    return refusal_text(
        "%(countries)s already have a round '%(label)s' of %(questionnaire)s.",
        countries=", ".join(country.name for country in countries),
        label=name.label,
        questionnaire=questionnaire_id,
    )


def _open(
    session: Session,
    user: User,
    country: Country,
    questionnaire_id: str,
    version: str,
    name: RoundName,
    deadline: date | None,
) -> Assessment:
    assessment = Assessment(
        country=country,
        questionnaire_id=questionnaire_id,
        questionnaire_version=version,
        round_label=name.label,
        round_year=name.year,
        round_period=name.period,
        deadline=deadline,
        status="draft",
        created_by_id=user.id,
    )
    session.add(assessment)
    return assessment
