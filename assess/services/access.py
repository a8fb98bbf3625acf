"""Who may see and do what: the rules every page and service asks, written once."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select

from assess.models import Assessment, Country, Region, User

EDITABLE_STATUSES = ("draft", "returned")


def sees_all(user: User) -> bool:
    """Admins see every region and country."""
    return user.role == "admin"


def can_see_region(user: User, region: Region) -> bool:
    """Admins see every region; a secretariat its own."""
    return sees_all(user) or (user.role == "secretariat" and user.region_id == region.id)


def can_see_country(user: User, country: Country) -> bool:
    """A country is seen by its own NFP and team, its region's secretariat and admins."""
    if user.role in ("nfp", "team"):
        return user.country_id == country.id
    return can_see_region(user, country.region)


def can_see_assessment(user: User, assessment: Assessment) -> bool:
    """An assessment is seen by whoever sees its country (experts see no country's answers)."""
    return can_see_country(user, assessment.country)


def can_review(user: User, assessment: Assessment) -> bool:
    """Return and accept: the secretariat of the country's region, or an admin."""
    return user.role in ("admin", "secretariat") and can_see_assessment(user, assessment)


def can_open_round(user: User, country: Country) -> bool:
    """Open a round: an admin, or the secretariat of the country's region."""
    return user.role in ("admin", "secretariat") and can_see_country(user, country)


def can_submit(user: User, assessment: Assessment) -> bool:
    """Submit and resubmit: the country's NFP."""
    return user.role == "nfp" and user.country_id == assessment.country_id


def can_edit_area(user: User, assessment: Assessment, area_ids: Iterable[str]) -> bool:
    """Change answers under these areas: the country's NFP, or its team within their areas."""
    if user.role == "nfp":
        return user.country_id == assessment.country_id
    if user.role != "team" or user.country_id != assessment.country_id:
        return False
    return not user.areas or any(area in user.areas for area in area_ids)


def visible_assessments(user: User) -> Select[tuple[Assessment]]:
    """A query for the assessments `user` may see, newest first."""
    query = select(Assessment).join(Assessment.country).order_by(Assessment.id.desc())
    if sees_all(user):
        return query
    if user.role == "secretariat":
        return query.where(Country.region_id == user.region_id)
    if user.role in ("nfp", "team"):
        return query.where(Assessment.country_id == user.country_id)
    return query.where(False)


def visible_regions(user: User) -> Select[tuple[Region]]:
    """A query for the regions `user` may see."""
    query = select(Region).order_by(Region.code)
    if sees_all(user):
        return query
    if user.role == "secretariat":
        return query.where(Region.id == user.region_id)
    return query.where(False)
