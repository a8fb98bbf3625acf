"""Following an action in Chromium: the NFP gives it a KPI, a funding source and a request for
assistance with the support wanted, records progress against the KPI, and finds the request
among the country's own; the region's Secretariat sees it among the region's requests."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import ActionProgress, PlanAction
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import _national_plan

pytestmark = pytest.mark.browser


def _last_action(live) -> tuple[str, str]:
    """The path and title of the last action of XD's plan (the first is other tests' own)."""
    plan = _national_plan(live)
    with live.session() as session:
        row = session.scalars(
            select(PlanAction)
            .where(PlanAction.plan_id == plan.id, PlanAction.active)
            .order_by(PlanAction.id.desc())
        ).first()
        assert row is not None, "the demo plan proposes no action"
        return f"/plans/{plan.id}/actions/{row.action_id}", row.proposed["title"]


def test_the_nfp_funds_requests_assistance_and_records_progress(new_page, live):
    path, title = _last_action(live)
    page = new_page(locale="en-GB")
    sign_in(page, "nfp-xd")
    page.goto(path)
    page.locator('input[name="kpi-0-name"]').fill("Staff trained")
    page.locator('input[name="kpi-0-baseline"]').fill("0")
    page.locator('input[name="kpi-0-target"]').fill("30")
    page.locator('input[name="kpi-0-date"]').fill("2028-12-31")
    page.locator("#f-funding_source").select_option("partners")
    page.locator("#f-assistance_requested").check()
    page.locator("#f-support").select_option("training")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(path)
    expect(page.locator("#f-funding_source")).to_have_value("partners")
    expect(page.locator("#f-support")).to_have_value("training")
    page.locator("#p-kpi").select_option("Staff trained")
    page.locator("#p-value").fill("12")
    page.locator("#p-refers_to").fill("2026-11-30")
    page.locator("#p-note").fill("First course held")
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".flash-success")).to_be_visible()
    row = page.locator("table[aria-labelledby=progress] tbody tr").first
    expect(row).to_contain_text("2026-11-30")
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("First course held")
    screenshot(page, "plan-action-followed")
    with live.session() as session:
        recorded = session.scalars(select(ActionProgress).where(ActionProgress.value == "12"))
        assert [(p.kpi, p.note) for p in recorded] == [("Staff trained", "First course held")]

    page.goto("/countries/XD/assistance")
    requests = page.locator("main")
    expect(requests).to_contain_text(title)
    expect(requests).to_contain_text("Training")

    secretariat = new_page(locale="en-GB")
    sign_in(secretariat, "secretariat-aaf")
    secretariat.goto("/regions/AAF/assistance")
    expect(secretariat.locator("main")).to_contain_text(title)
