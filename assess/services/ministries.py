"""The ministries and agencies of a national team: named by the NFP, with members and areas, each
marking its part of an assessment done; who still owes what.

An area may be assigned to several ministries (a shared part, such as the legal framework): each
of them owes it and marks its own part done. Members edit their ministries' areas (see
assess.services.access.team_areas). Marks are a help to the NFP, never a block: the NFP alone
submits, parts done or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assess.models import Assessment, Country, Ministry, PartDone, User
from assess.services import access, audit
from assess.services.assessments import MissingAnswer, area_progress, blank_answers
from assess.services.errors import InvalidFields, InvalidTransition, NotAllowed, refusal_text
from assess.services.questionnaires import questionnaires

PART = "part"  # an assessment's audit action: a ministry's part marked done or not done
MAX_NAME = 200
MAX_SHORT_NAME = 32


@dataclass(frozen=True)
class Part:
    """A ministry's part of one assessment: its areas, how far they are, what is blank, and
    whether (by whom, when) it is marked done."""

    ministry: Ministry
    area_ids: tuple[str, ...]
    answered: int
    applicable: int
    blank: tuple[MissingAnswer, ...]
    done: PartDone | None


def ministries_of(session: Session, country: Country) -> list[Ministry]:
    """The country's ministries and agencies by name, with their members."""
    query = (
        select(Ministry)
        .where(Ministry.country_id == country.id)
        .options(selectinload(Ministry.members))
        .order_by(Ministry.name)
    )
    return list(session.scalars(query))


def ministry_of(session: Session, country: Country, ministry_id: int) -> Ministry | None:
    """The country's ministry with this id (None for another country's or none)."""
    ministry = session.get(Ministry, ministry_id)
    return ministry if ministry is not None and ministry.country_id == country.id else None


def area_titles(session: Session) -> dict[str, Any]:
    """Every area of the published questionnaires by id, with its title (newest wins)."""
    return {
        area.id: area.title
        for model in questionnaires(session).loadable()
        for area in model.areas()
    }


def possible_members(session: Session, country: Country) -> list[User]:
    """Who may serve in a ministry: the country's active NFP and team accounts."""
    return list(session.scalars(access.team_accounts(country)))


def _checked(
    session: Session,
    country: Country,
    name: str,
    short_name: str,
    areas: Iterable[str],
    member_ids: Iterable[int],
) -> tuple[str, str, list[str], list[User]]:
    """The values trimmed and checked, every refusal beside its field."""
    refusals = {}
    name, short_name = name.strip(), short_name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        refusals["name"] = refusal_text("name: use 1 to 200 printable characters")
    if len(short_name) > MAX_SHORT_NAME or not short_name.isprintable():
        refusals["short_name"] = refusal_text("short name: use at most 32 printable characters")
    known = area_titles(session)
    chosen = list(dict.fromkeys(areas))
    unknown = [area for area in chosen if area not in known]
    if unknown:
        refusals["areas"] = refusal_text("unknown area: %(areas)s", areas=", ".join(unknown))
    people = {user.id: user for user in possible_members(session, country)}
    wanted = list(dict.fromkeys(member_ids))
    if any(user_id not in people for user_id in wanted):
        refusals["members"] = refusal_text(
            "members: choose active national team accounts of the country"
        )
    if refusals:
        raise InvalidFields(refusals)
    return name, short_name, chosen, [people[user_id] for user_id in wanted]


def _described(ministry: Ministry) -> dict[str, Any]:
    return {
        "country": ministry.country.code,
        "name": ministry.name,
        "short_name": ministry.short_name,
        "areas": list(ministry.areas),
        "members": [user.username for user in ministry.members],
    }


def _name_taken() -> InvalidFields:
    return InvalidFields(
        {"name": refusal_text("name: the country already has a ministry or agency by this name")}
    )


def _allowed(actor: User, country: Country) -> None:
    if not access.can_manage_ministries(actor, country):
        raise NotAllowed(
            refusal_text("Only the country's National Focal Point may manage its ministries.")
        )


def _stored(session: Session, ministry: Ministry, event: str, actor: User, old: Any) -> None:
    """Commit the ministry with its audit event; a name taken meanwhile is refused beside it."""
    audit.record(session, actor, event, old=old, new=_described(ministry))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _name_taken() from None


def create_ministry(
    session: Session,
    actor: User,
    country: Country,
    name: str,
    short_name: str = "",
    areas: Iterable[str] = (),
    member_ids: Iterable[int] = (),
) -> Ministry:
    """A new ministry or agency of the country, with its areas and members (the NFP only)."""
    _allowed(actor, country)
    name, short_name, areas, members = _checked(
        session, country, name, short_name, areas, member_ids
    )
    if any(m.name.casefold() == name.casefold() for m in ministries_of(session, country)):
        raise _name_taken()
    ministry = Ministry(country=country, name=name, short_name=short_name, areas=areas)
    ministry.members = members
    session.add(ministry)
    _stored(session, ministry, "ministry-created", actor, None)
    return ministry


def update_ministry(
    session: Session,
    actor: User,
    ministry: Ministry,
    name: str,
    short_name: str,
    areas: Iterable[str],
    member_ids: Iterable[int],
) -> None:
    """Rename a ministry and set its areas and members (the NFP only)."""
    country = ministry.country
    _allowed(actor, country)
    name, short_name, areas, members = _checked(
        session, country, name, short_name, areas, member_ids
    )
    taken = ministries_of(session, country)
    if any(m.name.casefold() == name.casefold() and m.id != ministry.id for m in taken):
        raise _name_taken()
    old = _described(ministry)
    ministry.name, ministry.short_name, ministry.areas = name, short_name, areas
    ministry.members = members
    _stored(session, ministry, "ministry-changed", actor, old)


def remove_ministry(session: Session, actor: User, ministry: Ministry) -> None:
    """Remove a ministry, its memberships and its marks (the NFP only; audited)."""
    _allowed(actor, ministry.country)
    old = _described(ministry)
    session.execute(delete(PartDone).where(PartDone.ministry_id == ministry.id))
    ministry.members = []
    session.delete(ministry)
    audit.record(session, actor, "ministry-removed", old=old)
    session.commit()


def parts(session: Session, assessment: Assessment) -> list[Part]:
    """Each ministry's part of the assessment: the areas of this round's questionnaire it holds,
    answered of applicable, blank questions, and its mark."""
    ministries = ministries_of(session, assessment.country)
    if not ministries:
        return []
    progress = {p.area_id: p for p in area_progress(session, assessment)}
    blank = blank_answers(session, assessment)
    marks = {
        mark.ministry_id: mark
        for mark in session.scalars(
            select(PartDone)
            .where(PartDone.assessment_id == assessment.id)
            .options(selectinload(PartDone.by))
        )
    }
    found = []
    for ministry in ministries:
        held = tuple(area for area in progress if area in ministry.areas)
        found.append(
            Part(
                ministry,
                held,
                sum(progress[a].answered for a in held),
                sum(progress[a].applicable for a in held),
                tuple(m for m in blank if m.area_id in held),
                marks.get(ministry.id),
            )
        )
    return found


def part_of(session: Session, assessment: Assessment, ministry: Ministry) -> Part:
    """One ministry's part of the assessment."""
    return next(p for p in parts(session, assessment) if p.ministry.id == ministry.id)


def not_done(found: Sequence[Part]) -> list[Part]:
    """The parts still not marked done."""
    return [part for part in found if part.done is None]


def mark_part(
    session: Session, actor: User, assessment: Assessment, ministry: Ministry, done: bool
) -> None:
    """Mark the ministry's part done (or not) while the assessment is open for changes; audited.
    Marking it again as it is changes nothing."""
    if not access.can_mark_part(actor, assessment, ministry):
        raise NotAllowed(
            refusal_text("Only the NFP or a member of this ministry may mark its part done.")
        )
    if assessment.status not in access.EDITABLE_STATUSES:
        raise InvalidTransition(
            refusal_text("The assessment is sent for review: its parts can no longer change.")
        )
    mark = session.scalar(
        select(PartDone).where(
            PartDone.ministry_id == ministry.id, PartDone.assessment_id == assessment.id
        )
    )
    if (mark is not None) == done:
        return
    if done:
        session.add(PartDone(ministry_id=ministry.id, assessment_id=assessment.id, by=actor))
    else:
        session.delete(mark)
    said = {"ministry": ministry.name}
    audit.record(
        session, actor, PART, assessment, old={**said, "done": not done}, new={**said, "done": done}
    )
    session.commit()
