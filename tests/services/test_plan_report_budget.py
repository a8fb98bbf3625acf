"""The national report of a stored plan costed by the engine (tests/data/costing/costed): its
budget, computed by hand from the definition, and its monitoring table with the last value
recorded for each KPI, with its day, as the follow-up records them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assess.plans.budget import national_budget
from assess.reports import document as d
from assess.services import plan_reports, plans, progress
from assess.services.plan_inputs import stored_national_inputs
from tests.services.test_plan_costing import APP_SETTINGS, costed_round

__all__ = ["APP_SETTINGS"]  # the costed questionnaires, for the app these tests use
D = Decimal
TODAY = dt.date(2027, 12, 31)


@pytest.fixture
def stored(db, world):
    """Laboratory capacity at level 1 of 5, 4 regions, 3 laboratories; the plan starts in 2026."""
    assessment = costed_round(db, world, "2025-H1", {"lab_capacity": 1, "regions": 4, "labs": 3})
    plan = plans.generate_national(db, world["nfp-xa"], assessment).plan
    kpis = [{"name": "Labs equipped", "baseline": "0", "target": "3", "date": "2028-12-31"}]
    changes = {"kpis": kpis, "funding_source": "partners"}
    plans.edit_action(db, world["nfp-xa"], plan, "lab_capacity:2", changes)
    return plan


def section(document: d.ReportDocument, heading: str) -> d.Section:
    return next(s for s in document.sections if s.heading == heading)


def test_the_engines_costs_add_up_in_the_budget(db, stored):
    built = plans.edited_national(stored_national_inputs(db, stored), stored, "en")
    budget = national_budget(built)
    assert budget is not None
    # step 1 (year 1): 2 meetings of 500 once, a quarter of a 41,520.50 salary every year;
    # step 2 (year 2): 10 kits of 0.083 per laboratory once, a meeting per region and
    # laboratory every year; step 3 (year 3): a meeting per region once; step 4 not costed.
    salary = D("41520.5") * D("0.25")
    assert [y.total for y in budget.years] == [
        1000 + salary,
        salary + D("2.49") + 6000,
        salary + 6000 + 2000,
        salary + 6000,
        salary + 6000,
    ]
    assert [y.calendar_year for y in budget.years] == [2026, 2027, 2028, 2029, 2030]
    assert budget.total == D("78903.115")
    partners = dict((s.key, s.amount) for s in budget.sources)["partners"]
    assert partners == D("24002.49") and budget.gap == budget.total - partners
    assert [(c.key, c.amount) for c in budget.categories] == [
        ("equipment", D("2.49")),
        ("workforce", budget.total - D("2.49")),
    ]


def test_the_report_prints_the_budget_and_the_last_values(db, world, stored):
    nfp = world["nfp-xa"]
    for value, day in (("1 of 3", "2027-03-31"), ("2 of 3", "2027-05-31")):
        fields = {"kpi": "Labs equipped", "value": value, "refers_to": day, "note": ""}
        progress.record_progress(db, nfp, stored, "lab_capacity:2", fields, today=TODAY)
    report = plan_reports.national_report(db, stored, lang="en", marking="", when=None)
    monitoring = section(report.document, "Monitoring").blocks[0]
    assert isinstance(monitoring, d.Table)
    column = monitoring.columns.index("Last recorded")
    row = next(r for r in monitoring.rows if r[2] == "Labs equipped")
    assert (row[3], row[4], row[5], row[column]) == (
        "0",
        "3",
        "2028-12-31",
        "2 of 3 (May 31, 2027)",
    )
    budget = section(report.document, "Budget summary")
    by_year = next(b for b in budget.blocks if isinstance(b, d.Table))
    assert by_year.rows[-1][0] == "Total"
    assert by_year.rows[-1][3] == "$24,002.49"  # other partners
    categories = next(
        b for b in budget.blocks if isinstance(b, d.Table) and b.caption == "Cost per category"
    )
    assert [r[0] for r in categories.rows] == ["Equipment", "Workforce", "Total"]
    summary = " ".join(b.text for b in report.document.sections[0].blocks)  # type: ignore[union-attr]
    assert "The 3 costed actions of the plan cost" in summary
    assert "1 action has no cost yet." in summary


def test_the_stamp_changes_with_a_recorded_value(db, world, stored):
    before = plan_reports.national_report(db, stored, lang="en", marking="", when=None)
    fields = {"kpi": "Labs equipped", "value": "3 of 3", "refers_to": "2027-09-30", "note": ""}
    progress.record_progress(db, world["nfp-xa"], stored, "lab_capacity:2", fields, today=TODAY)
    after = plan_reports.national_report(db, stored, lang="en", marking="", when=None)
    assert before.stamp.data_sha256 != after.stamp.data_sha256
