"""What regional plans are made from (assess.services.plan_inputs): every country of the region
counted, whatever its round, in the report's coverage sentence."""

from __future__ import annotations

from sqlalchemy import select

from assess.models import Country, Region
from assess.services import assessments as lifecycle
from assess.services.plan_inputs import region_coverage
from assess.services.plan_reports import regional_report
from assess.services.plans import generate_regional
from tests.services.carry_support import CBRN_APP, accepted_round

APP_SETTINGS = CBRN_APP
ADDED = {"XE": "Elmora", "XF": "Fenwick", "XG": "Galdor"}


def region_of_five(db, world) -> Region:
    """AAF with five countries: Dravenland accepted, Corvalia and Elmora in progress, two none."""
    region = db.scalars(select(Region).where(Region.code == "AAF")).one()
    for code, name in ADDED.items():
        db.add(Country(code=code, name=name, region=region))
    db.commit()
    accepted_round(db, world, "cbrn-needs", "1.1", "2026", code="XD")
    for code in ("XC", "XE"):
        country = db.scalars(select(Country).where(Country.code == code)).one()
        lifecycle.open_round(db, world["admin"], country, "cbrn-needs", "1.1", "2026")
    db.commit()
    return region


def test_the_coverage_counts_every_country_of_the_region(db, world) -> None:
    region = region_of_five(db, world)
    coverage = region_coverage(db, region)
    assert (coverage.combined, coverage.in_progress, coverage.not_started, coverage.total) == (
        ("XD",),
        ("XC", "XE"),
        ("XF", "XG"),
        5,
    )


def test_the_regional_report_says_one_of_five_and_names_the_others(db, world) -> None:
    region = region_of_five(db, world)
    plan = generate_regional(db, world["secretariat-aaf"], region).plan
    db.commit()
    report = regional_report(db, plan, lang="en", marking="", when=None)
    sentence = report.document.sections[0].blocks[0].text  # type: ignore[union-attr]
    assert sentence == (
        "1 of 5 countries combined (accepted); 2 in progress: Corvalia and Elmora; "
        "2 not started: Fenwick and Galdor."
    )
