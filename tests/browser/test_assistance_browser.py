"""The assistance pipeline in Chromium: an NFP requests assistance on an action; the Secretariat
finds the request grouped with another country's, makes a proposal of the group, and finds it in
the regional plan; the NFP sees the proposal's title and status and nothing of the other country.
axe on each page, in English and Arabic."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import Assessment, Plan, Proposal, User
from assess.services import plans
from assess.services.plans import national_plan_of
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import LOCALES, WCAG_21_AA, described

pytestmark = pytest.mark.browser


def no_violations(page, name: str) -> list[str]:
    screenshot(page, name)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return described(results.response["violations"])


def _plan(session, live, code: str) -> Plan:
    assessment = session.get(Assessment, live.demo_assessment(code))
    found = national_plan_of(session, assessment)
    if found is None:
        nfp = session.scalar(select(User).where(User.username == f"nfp-{code.lower()}"))
        found = plans.generate_national(session, nfp, assessment).plan
    return found


def shared_action(live) -> tuple[int, str]:
    """XC's plan id and an action XD's plan has too, XD asking assistance on it (as its NFP
    would on the action's page); the proposals of earlier runs removed."""
    with live.session() as session:
        for proposal in session.scalars(select(Proposal)):
            session.delete(proposal)
        session.commit()
        xc, xd = _plan(session, live, "XC"), _plan(session, live, "XD")
        theirs = {row.action_id for row in xd.actions if row.active}
        action_id = next(row.action_id for row in xc.actions if row.action_id in theirs)
        nfp = session.scalar(select(User).where(User.username == "nfp-xd"))
        changes = {"assistance_requested": True, "support": "equipment"}
        plans.edit_action(session, nfp, xd, action_id, changes)
        return xc.id, action_id


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_request_becomes_a_proposal_of_the_region(new_page, live, lang):
    plan_id, action_id = shared_action(live)
    nfp = new_page(locale=LOCALES[lang])
    sign_in(nfp, "nfp-xc")
    nfp.goto(f"/plans/{plan_id}/actions/{action_id}")
    nfp.locator("#f-assistance_requested").check()
    nfp.locator("#f-support").select_option("training")
    nfp.locator("form.stack button[type=submit]").first.click()
    expect(nfp.locator(".flash-success")).to_be_visible()

    secretariat = new_page(locale=LOCALES[lang])
    sign_in(secretariat, "secretariat-aaf")
    secretariat.locator('main a[href="/regions/AAF/assistance"]').first.click()
    group = secretariat.locator("section.request-group", has_text="XC, XD").first
    expect(group).to_be_visible()
    assert no_violations(secretariat, f"assistance-region-{lang}") == []
    title = f"Detection kits {lang}"
    group.locator('input[name="title"]').fill(title)
    group.locator("button[type=submit]").click()
    secretariat.wait_for_url(re.compile(r"/regions/AAF/proposals/\d+$"))
    expect(secretariat.locator("h1")).to_have_text(title)
    assert secretariat.locator("#proposal-actions tbody tr").count() == 2
    assert no_violations(secretariat, f"assistance-proposal-{lang}") == []
    secretariat.goto("/regions/AAF/plan")
    expect(secretariat.locator("#proposals", has_text=title)).to_be_visible()

    nfp.goto("/dashboard")
    nfp.locator('main a[href="/countries/XC/assistance"]').click()
    expect(nfp.locator("#proposals", has_text=title)).to_be_visible()
    body = nfp.locator("main").inner_text()
    assert "Dravenland" not in body and "XD" not in body
    assert no_violations(nfp, f"assistance-country-{lang}") == []
