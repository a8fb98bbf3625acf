"""Finding what a report is about from codes typed on the command line."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, Region
from assess.services.errors import NotFound, refusal_text


def assessment_of(session: Session, code: str, round_label: str | None) -> Assessment:
    """The country's assessment of that round, else its newest (accepted ones first)."""
    country = session.scalar(select(Country).where(Country.code == code.upper()))
    if country is None:
        raise NotFound(refusal_text("No country with the code '%(code)s'.", code=code))
    query = select(Assessment).where(Assessment.country_id == country.id)
    if round_label is not None:
        query = query.where(Assessment.round_label == round_label)
    found = session.scalars(query.order_by(Assessment.id.desc())).all()
    if not found:
        if not round_label:
            raise NotFound(
                refusal_text("%(country)s has no assessment of any round.", country=country.name)
            )
        raise NotFound(
            refusal_text(
                "%(country)s has no assessment of round '%(round)s'.",
                country=country.name,
                round=round_label,
            )
        )
    accepted = [a for a in found if a.status == "accepted"]
    return (accepted or found)[0]


def region_of(session: Session, code: str) -> Region:
    """The region with this code."""
    region = session.scalar(select(Region).where(Region.code == code.upper()))
    if region is None:
        raise NotFound(refusal_text("No region with the code '%(code)s'.", code=code))
    return region
