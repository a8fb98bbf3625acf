"""The assistance pipeline in Chromium: an NFP requests assistance on an action; the Secretariat
finds the request grouped with another country's, makes a proposal of the group, and finds it in
the regional plan; the NFP sees the proposal's title and status and nothing of the other country.
axe on each page, in English and Arabic."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from assess.models import ActionProgress, Assessment, Plan, PlanAction, Proposal, User
from assess.services import answers, plans
from assess.services import assessments as lifecycle
from assess.services.plans import national_plan_of
from assess.words.numbers import money, number
from assess.words.plan_codes import code_word
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


# The costed questionnaire (tests/data/costing/costed/1.0.yaml), answered by two
# countries of SEEE: Arvenia's laboratories at level 1, Belmora's at level 2. Both plans hold the
# step from 2 to 3, "Equip the laboratories": a one-off 10 detection kits at 0.083 per laboratory
# and a recurring small meeting (500) per region and laboratory, every plan year from the step's
# year to the fifth.
ANSWERS = {
    "XA": {"regions": 4, "labs": 3, "has_plan": "no", "lab_capacity": 1},
    "XB": {"regions": 2, "labs": 5, "has_plan": "yes", "lab_capacity": 2},
}
SHARED = "lab_capacity:2"
# By hand. XA reaches the step in plan year 2 (2 - 1 + 1): kits 0.083 x 10 x 3 = 2.49 once,
# meetings 500 x 4 x 3 = 6,000 in years 2 to 5. XB reaches it in year 1: kits 0.083 x 10 x 5 =
# 4.15, meetings 500 x 2 x 5 = 5,000 in years 1 to 5.
YEAR_COSTS = {
    "XA": ("0", "6002.49", "6000", "6000", "6000"),
    "XB": ("5004.15", "5000", "5000", "5000", "5000"),
}
COSTS = {"XA": Decimal("24002.49"), "XB": Decimal("25004.15")}
# The day the value was measured: today, as a value of the future is refused.
MEASURED = date.today()
KPI = {"name": "Laboratories equipped", "baseline": "0", "target": "3", "date": "2030-12-31"}


def costed_plan(live, code: str) -> Plan:
    """A round of the costed questionnaire for the country, after all its others (so its plan is
    the country's current one), answered by its NFP, submitted, accepted by the secretariat, its
    plan generated by the NFP."""
    assessment_id = live.open_round(code, "costed", after_all=True)
    with live.session() as session:
        assessment = session.get(Assessment, assessment_id)
        nfp = session.scalar(select(User).where(User.username == f"nfp-{code.lower()}"))
        for question_id, value in ANSWERS[code].items():
            answers.save_answer(session, nfp, assessment, question_id, "answered", value, None, 0)
        lifecycle.submit(session, nfp, assessment)
        secretariat = session.scalar(
            select(User).where(
                User.username == f"secretariat-{assessment.country.region.code.lower()}"
            )
        )
        lifecycle.accept(session, secretariat, assessment)
        plan = plans.generate_national(session, nfp, assessment).plan
        session.commit()
        session.expunge(plan)
        return plan


def stored_row(live, plan_id: int, action_id: str = SHARED) -> PlanAction:
    with live.session() as session:
        row = session.scalar(
            select(PlanAction).where(
                PlanAction.plan_id == plan_id, PlanAction.action_id == action_id
            )
        )
        session.expunge(row)
        return row


def words(page, selector: str = "main") -> str:
    """The text of `selector` with its white space as one space."""
    return " ".join(page.locator(selector).inner_text().split())


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_costed_request_is_followed_grouped_and_proposed(new_page, live, lang):
    """Arvenia's NFP chooses a funding source, asks assistance (equipment) with a KPI and records
    progress on the action's page; Belmora asks assistance on the same step; the Secretariat of
    SEEE finds both in one group with their costs, makes a proposal whose budget is the sum of
    both, and finds it in the regional plan; Arvenia sees its request and the proposal, never
    Belmora's request."""
    xa, xb = costed_plan(live, "XA"), costed_plan(live, "XB")
    start = stored_row(live, xa.id).proposed["plan_start_year"]

    # Arvenia's NFP: from the plan's page to the action's, then the follow-up form.
    nfp = new_page(locale=LOCALES[lang])
    sign_in(nfp, "nfp-xa")
    nfp.goto(f"/assessments/{xa.assessment_id}/plan")
    nfp.locator(f'tr[id="action-{SHARED}"] a').click()
    nfp.wait_for_url(re.compile(rf"/plans/{xa.id}/actions/{re.escape(SHARED)}$"))
    # The computed cost, in total and per calendar year, as the reader's language writes it.
    expect(nfp.locator("#computed-cost + p")).to_contain_text(money(COSTS["XA"], "USD", lang))
    table = nfp.locator('table[aria-labelledby="computed-cost"]')
    assert table.locator("thead th").all_inner_texts() == [str(start + i) for i in range(5)]
    assert table.locator("tbody td").all_inner_texts() == [
        money(Decimal(v), "USD", lang) for v in YEAR_COSTS["XA"]
    ]
    nfp.locator("#f-funding_source").select_option("initiative")
    nfp.locator("#f-assistance_requested").check()
    nfp.locator("#f-support").select_option("equipment")
    for field, value in KPI.items():
        nfp.locator(f'input[name="kpi-0-{field}"]').fill(value)
    nfp.locator("form.stack button[type=submit]").first.click()
    nfp.wait_for_url(re.compile(rf"/assessments/{xa.assessment_id}/plan$"))
    expect(nfp.locator(".flash-success")).to_be_visible()
    edits = stored_row(live, xa.id).edits
    assert {k: edits.get(k) for k in ("funding_source", "assistance_requested", "support")} == {
        "funding_source": "initiative",
        "assistance_requested": True,
        "support": "equipment",
    }
    assert edits["kpis"] == [KPI]
    assert "cost" not in edits  # the computed cost stays the action's cost

    nfp.goto(f"/plans/{xa.id}/actions/{SHARED}")
    nfp.locator("#p-kpi").select_option(KPI["name"])
    nfp.locator("#p-value").fill("1")
    nfp.locator("#p-refers_to").fill(MEASURED.isoformat())
    nfp.locator("#p-note").fill("The first laboratory received its kits.")
    nfp.locator('form[action$="/progress"] button[type=submit]').click()
    nfp.wait_for_url(re.compile(r"/actions/[^/]+#progress$"))
    progress_table = nfp.locator('table[aria-labelledby="progress"] tbody tr')
    expect(progress_table).to_have_count(1)
    expect(progress_table).to_contain_text("The first laboratory received its kits.")
    with live.session() as session:
        recorded = session.execute(
            select(
                ActionProgress.kpi,
                ActionProgress.value,
                ActionProgress.refers_to,
                ActionProgress.note,
                User.username,
            )
            .join(ActionProgress.by)
            .where(ActionProgress.plan_action_id == stored_row(live, xa.id).id)
        ).all()
    assert [tuple(r) for r in recorded] == [
        (KPI["name"], "1", MEASURED, "The first laboratory received its kits.", "nfp-xa")
    ]
    screenshot(nfp, f"assistance-action-{lang}")

    # Belmora asks assistance on the same step, as its NFP would on the action's page.
    with live.session() as session:
        belmora = session.scalar(select(User).where(User.username == "nfp-xb"))
        plan = session.get(Plan, xb.id)
        changes = {"assistance_requested": True, "support": "training"}
        plans.edit_action(session, belmora, plan, SHARED, changes)
    xa_row, xb_row = stored_row(live, xa.id), stored_row(live, xb.id)

    # The Secretariat of SEEE: from its dashboard to the region's requests.
    secretariat = new_page(locale=LOCALES[lang])
    sign_in(secretariat, "secretariat-seee")
    secretariat.locator('main a[href="/regions/SEEE/assistance"]').first.click()
    group = secretariat.locator("section.request-group", has_text="XA, XB").filter(
        has=secretariat.locator(f'tr[data-request="{xa_row.id}"]')
    )
    expect(group).to_have_count(1)
    for code, row, support in (("XA", xa_row, "equipment"), ("XB", xb_row, "training")):
        cells = group.locator(f'tr[data-request="{row.id}"] td').all_inner_texts()
        assert money(COSTS[code], "USD", lang) in cells
        assert code_word("support", support, lang) in cells
        assert number(ANSWERS[code]["lab_capacity"], lang) == cells[1]
    screenshot(secretariat, f"assistance-region-costed-{lang}")
    title = f"Laboratory equipment for SEEE ({lang})"
    group.locator('input[name="title"]').fill(title)
    group.locator("button[type=submit]").click()
    secretariat.wait_for_url(re.compile(r"/regions/SEEE/proposals/\d+$"))
    expect(secretariat.locator("h1")).to_have_text(title)
    total = money(COSTS["XA"] + COSTS["XB"], "USD", lang)
    expect(secretariat.locator("#proposal-budget")).to_contain_text(total)
    expect(secretariat.locator("#proposal-actions tbody tr")).to_have_count(2)
    screenshot(secretariat, f"assistance-proposal-costed-{lang}")
    proposal_id = int(secretariat.url.rsplit("/", 1)[1])
    with live.session() as session:
        proposal = session.get(Proposal, proposal_id)
        assert (proposal.title, proposal.region.code, proposal.status) == (title, "SEEE", "draft")
        assert (proposal.budget, proposal.currency) == (None, "USD")
        assert sorted(a.plan_action_id for a in proposal.actions) == sorted([xa_row.id, xb_row.id])

    # The proposal in the regional plan, reached from the proposal's page.
    secretariat.locator('main a[href="/regions/SEEE/assistance"]').click()
    secretariat.locator('main a[href="/regions/SEEE/plan"]').click()
    row = secretariat.locator("#proposals tbody tr", has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(total)
    expect(row).to_contain_text("XA, XB")
    screenshot(secretariat, f"assistance-regional-plan-{lang}")

    # Arvenia's NFP: its own request and the proposal, nothing of Belmora's.
    nfp.goto("/dashboard")
    nfp.locator('main a[href="/countries/XA/assistance"]').click()
    own = nfp.locator(f'tr[data-request="{xa_row.id}"]')
    expect(own).to_contain_text(code_word("support", "equipment", lang))
    expect(own).to_contain_text(money(COSTS["XA"], "USD", lang))
    expect(own).to_contain_text(title)
    expect(nfp.locator("#proposals", has_text=title)).to_be_visible()
    assert nfp.locator(f'tr[data-request="{xb_row.id}"]').count() == 0
    body = words(nfp)
    assert "Belmora" not in body and "XB" not in body
    assert money(COSTS["XB"], "USD", lang) not in body and total not in body
    screenshot(nfp, f"assistance-country-costed-{lang}")
