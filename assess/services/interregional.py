"""The interregional overview read from the stored regional plans, for coordinators and admins.

What it holds and leaves out is decided in assess.plans.interregional: region aggregates only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.models import Region, User, utcnow
from assess.plans.interregional import NO_PLAN, STALE_PLAN, Overview, RegionView, region_view
from assess.plans.interregional import overview as side_by_side
from assess.reports.document import marking_in
from assess.reports.interregional_report import interregional_document
from assess.reports.pdf import PdfStamp
from assess.services import access
from assess.services.errors import InvalidInput, NotAllowed, refusal_text
from assess.services.plan_inputs import SCORING_VERSION, digest, stored_regional_inputs
from assess.services.plan_reports import Report
from assess.services.plans import edited_regional, regional_plan_of


def check_sees_interregional(user: User) -> None:
    """Refuse anyone but coordinators and admins."""
    if not access.sees_interregional(user):
        raise NotAllowed(refusal_text("Only coordinators and admins see the regions side by side."))


def overview(session: Session, user: User, lang: str) -> Overview:
    """Every region's aggregates and shared priorities in `lang`, for coordinators and admins."""
    check_sees_interregional(user)
    regions = session.scalars(
        select(Region).options(selectinload(Region.countries)).order_by(Region.code)
    ).all()
    return side_by_side(_region(session, region, lang) for region in regions)


def _region(session: Session, region: Region, lang: str) -> RegionView:
    """The region's view from its stored plan (read again as its reports read it), if any."""
    view = RegionView(region.code, region.name, len(region.countries))
    plan = regional_plan_of(session, region)
    if plan is None:
        return replace(view, missing=NO_PLAN)
    try:
        inputs = stored_regional_inputs(session, plan)
    except InvalidInput:
        return replace(view, missing=STALE_PLAN)
    built = edited_regional(inputs, plan, lang)
    rounds = (country.round for country in inputs.countries.values())
    return region_view(view, built, inputs.questionnaire, rounds, plan.generated_at)


def interregional_report(
    session: Session, user: User, *, lang: str, marking: str | None, when: datetime | None
) -> Report:
    """The overview as a report in `lang`; dated by its newest regional plan unless `when`;
    marked `marking`, or the standard marking in `lang` when None."""
    marking = marking_in(marking, lang)
    found = overview(session, user, lang)
    made = [view.generated_at for view in found.planned if view.generated_at is not None]
    at = when or max(made, default=None) or utcnow()
    document = interregional_document(found, lang, date=at.date(), marking=marking)
    sources = sorted({view.source for view in found.planned})
    stamp = PdfStamp(
        title=f"{document.title} · {document.place}",
        questionnaire_id="; ".join(sources),
        questionnaire_version="",
        scoring_version=SCORING_VERSION,
        # The overview's repr holds every figure it prints, in a fixed order.
        data_sha256=digest({"overview": repr(found), "lang": lang, "marking": marking}),
        generated_at=at,
        lang=lang,
    )
    return Report(document, stamp, f"interregional-{lang}.pdf")
