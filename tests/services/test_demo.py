"""The demo's history (assess.services.demo, demo_history) on the shipped questionnaires: an
accepted 2025 round under the version cbrn-needs' newest migrates from (PAST), whose plan
progressed, carried into the 2026 round under the newest (LATEST) with answers confirmed and
changed; seeded once per module, idempotently."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pypdf
from sqlalchemy import func, select

from assess.models import (
    ActionProgress,
    AnswerRecord,
    Assessment,
    AuditEvent,
    Base,
    Country,
    Plan,
    Region,
)
from assess.reports.fetcher import AssetFetcher
from assess.reports.pdf import render_pdf
from assess.reports.render import render_html
from assess.services import carry_forward, plan_reports
from assess.services import demo as demo_data
from assess.services.answers import records_of
from assess.services.demo_history import SUPPORT_BY_TYPE, past_version
from assess.services.questionnaires import questionnaire_of, questionnaires
from assess.words.numbers import money
from tests.reports.readback import REPORTS_DIR, normalised, stamp
from tests.services.carry_support import CBRN_APP, LATEST, PAST

APP_SETTINGS = CBRN_APP


def seed_demo(app, session, users) -> None:
    demo_data.seed(session, users["admin"].password_hash)


WORLD = seed_demo


def round_of(db, code: str, label: str) -> Assessment:
    return db.scalars(
        select(Assessment)
        .join(Assessment.country)
        .where(Country.code == code, Assessment.round_label == label)
    ).one()


def test_the_past_version_is_the_one_the_newest_migrates_from(db, world) -> None:
    assert (demo_data.demo_questionnaire(db), past_version(db, "cbrn-needs", LATEST)) == (
        ("cbrn-needs", LATEST),
        PAST,
    )
    assert PAST != LATEST


def test_history_countries_have_an_accepted_2025_round_and_belmora_only_2026(db, world) -> None:
    rows = db.execute(
        select(
            Country.code,
            Assessment.round_label,
            Assessment.questionnaire_version,
            Assessment.status,
        ).join(Assessment.country)
    ).all()
    assert sorted(rows) == [
        ("XA", "2025", PAST, "accepted"),
        ("XA", "2026", LATEST, "draft"),
        ("XB", "2026", LATEST, "submitted"),
        ("XC", "2025", PAST, "accepted"),
        ("XC", "2026", LATEST, "returned"),
        ("XD", "2025", PAST, "accepted"),
        ("XD", "2026", LATEST, "accepted"),
    ]


def test_round_2026_was_opened_per_region_carrying_from_2025(db, world) -> None:
    codes = dict(db.execute(select(Assessment.id, Country.code).join(Assessment.country)).all())
    opened = db.scalars(select(AuditEvent).where(AuditEvent.action == "open")).all()
    in_2026 = {
        (codes[event.assessment_id], event.user.username, event.new["carried_from"])
        for event in opened
        if event.new["round"] == "2026"
    }
    assert in_2026 == {
        ("XA", "secretariat-seee", "2025"),
        ("XB", "secretariat-seee", None),
        ("XC", "secretariat-aaf", "2025"),
        ("XD", "secretariat-aaf", "2025"),
    }


def confirmed_in(db, assessment: Assessment) -> int:
    return db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.assessment_id == assessment.id, AuditEvent.action == "confirm")
    )


def test_the_draft_has_answers_confirmed_and_answers_still_to_confirm(db, world) -> None:
    draft = round_of(db, "XA", "2026")
    still = carry_forward.unconfirmed(db, draft)
    confirmed = confirmed_in(db, draft)
    assert (len(still) > 20, confirmed > 20) == (True, True)
    # The first areas were worked on, the last ones not yet.
    questions = [q.id for q in questionnaire_of(db, draft).questions()]
    assert questions.index(still[0]) > len(questions) // 3


def test_the_rounds_sent_carry_nothing_unconfirmed(db, world) -> None:
    for code in ("XC", "XD"):
        sent = round_of(db, code, "2026")
        assert (code, carry_forward.unconfirmed(db, sent)) == (code, [])
        assert confirmed_in(db, sent) > 50


def level_changes(db, code: str) -> Counter:
    """How the country's 2026 level answers moved from 2025, question by question."""
    before = records_of(db, round_of(db, code, "2025"))
    after = records_of(db, round_of(db, code, "2026"))
    levels = [
        q.id
        for q in questionnaire_of(db, round_of(db, code, "2026")).questions()
        if q.type == "level"
    ]
    return Counter(
        after[qid].value - before[qid].value
        for qid in levels
        if qid in before and qid in after and before[qid].status == after[qid].status == "answered"
    )


def test_changed_levels_mostly_improved_a_few_regressed(db, world) -> None:
    for code in demo_data.HISTORY:
        moved = level_changes(db, code)
        assert set(moved) == {-1, 0, 1}, code
        assert moved[1] > moved[-1] > 0, (code, moved)
        assert moved[0] > moved[1], (code, moved)


def test_the_2026_rounds_keep_new_questions_answered_where_sent(db, world) -> None:
    for code in ("XC", "XD"):
        records = records_of(db, round_of(db, code, "2026"))
        assert {"surv_wastewater", "aware_rumours"} <= set(records), code


def statuses_of(plan: Plan) -> Counter:
    return Counter(row.edits.get("status", "planned") for row in plan.actions if row.active)


def test_each_2025_plan_progressed_through_audited_edits(db, world) -> None:
    for code in demo_data.HISTORY:
        plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, code, "2025"))).one()
        counted = statuses_of(plan)
        assert set(counted) == {"planned", "ongoing", "completed", "delayed"}, code
        edited = [row for row in plan.actions if row.edits]
        assert all(
            row.edits["progress"] == 100 for row in edited if row.edits["status"] == "completed"
        )
        assert {row.edits["last_review"] for row in edited} == {"2025-11-05", "2026-01-20"}
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "plan-edit", AuditEvent.assessment_id == plan.assessment_id
            )
        ).all()
        assert sorted(e.question_id for e in events) == sorted(r.action_id for r in edited)


def test_a_gaps_first_steps_are_furthest_along(db, world) -> None:
    plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, "XC", "2025"))).one()
    along: dict[str, list[int]] = {}
    for row in sorted(plan.actions, key=lambda row: row.position):
        along.setdefault(row.action_id.rpartition(":")[0], []).append(row.edits.get("progress", 0))
    assert all(steps == sorted(steps, reverse=True) for steps in along.values()), along
    assert any(len(set(steps)) > 1 for steps in along.values())


def test_each_region_has_a_2025_plan_and_aafs_shared_actions_progressed(db, world) -> None:
    found = {
        code: db.scalars(select(Plan).join(Plan.region).where(Region.code == code)).one()
        for code in ("SEEE", "AAF")
    }
    assert {code: plan.questionnaire_version for code, plan in found.items()} == {
        "SEEE": PAST,
        "AAF": PAST,
    }
    assert set(statuses_of(found["AAF"])) == {"planned", "ongoing", "completed", "delayed"}
    assert found["AAF"].inputs["countries"].keys() == {"XC", "XD"}


def test_dravenlands_accepted_round_has_its_plan_costed_from_its_own_figures(db, world) -> None:
    """Each line of each action of XD's 2026 plan is the unit cost x its fixed multipliers x the
    demo's figures for XD, in its plan year (and every later one when it recurs)."""
    plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, "XD", "2026"))).one()
    questionnaire = questionnaires(db).get("cbrn-needs", LATEST)
    costing, figures = questionnaire.costing, demo_data.FIGURES["XD"]
    proposals = [row.proposed for row in plan.actions if row.active]
    carriers = {p["id"] for p in proposals if not p.get("cost_shared_with")}
    multiplied = shared = 0
    for proposal in proposals:
        node_id, _, step = proposal["id"].rpartition(":")
        path = questionnaire.node(node_id).path
        template = next(
            t for n in reversed(path) for t in questionnaire.node(n).actions if t.step == int(step)
        )
        if proposal.get("cost_shared_with"):  # its template is costed once, by that action
            assert proposal["cost_shared_with"] in carriers
            assert (proposal["cost"], proposal["cost_lines"]) == (0, [])
            shared += 1
            continue
        assert [line["unit_cost"] for line in proposal["cost_lines"]] == [
            item.unit_cost for item in template.costs
        ]
        for item, line in zip(template.costs, proposal["cost_lines"], strict=True):
            amount = costing.unit_costs[item.unit_cost].value
            for factor in (*item.times, *(Decimal(str(figures[name])) for name in item.per)):
                amount *= factor
            year = proposal["plan_year"]
            costed = range(year, costing.years + 1) if item.recurring else (year,)
            expected = [amount if y in costed else 0 for y in range(1, costing.years + 1)]
            assert [Decimal(y) for y in line["years"]] == expected, (proposal["id"], item)
            multiplied += bool(item.per)
        assert proposal["currency"] == costing.currency == "USD"
        assert Decimal(str(proposal["cost"])) == sum(Decimal(y) for y in proposal["year_costs"])
    assert proposals and multiplied > 0 and shared > 0  # two gaps of an area share a template
    assert sum(Decimal(str(p["cost"])) for p in proposals) > 0


def test_dravenlands_costed_plan_is_partly_funded_through_audited_edits(db, world) -> None:
    plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, "XD", "2026"))).one()
    sources = {row.action_id: row.edits.get("funding_source") for row in plan.actions}
    assert set(sources.values()) == {"national", "initiative", "partners", None}
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "plan-edit", AuditEvent.assessment_id == plan.assessment_id
        )
    ).all()
    funded = {e.question_id: e.new["funding_source"] for e in events if "funding_source" in e.new}
    assert funded == {action: source for action, source in sources.items() if source}


def row_counts(db) -> dict[str, int]:
    return {
        table.name: db.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def test_seeding_twice_changes_nothing(db, world) -> None:
    before = row_counts(db)
    answers = sorted(db.execute(select(AnswerRecord.id, AnswerRecord.version, AnswerRecord.value)))
    demo_data.seed(db, world["admin"].password_hash)
    assert row_counts(db) == before
    assert sorted(
        db.execute(select(AnswerRecord.id, AnswerRecord.version, AnswerRecord.value))
    ) == (answers)


def test_dravenlands_plan_pdf_budget_adds_up_to_its_actions_costs(db, world, tmp_path) -> None:
    """The national PDF of the demo's accepted country, read back: the budget's total row (per
    year and source) and the executive summary give the sum of the actions' costs."""
    plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, "XD", "2026"))).one()
    costs = [
        Decimal(str(row.edits.get("cost", row.proposed["cost"])))
        for row in plan.actions
        if row.active
    ]
    total = money(sum(costs, Decimal(0)), "USD", "en")
    report = plan_reports.national_report(db, plan, lang="en", marking="R", when=None)
    doc = report.document
    html = render_html(doc, reports_dir=REPORTS_DIR)
    pdf = tmp_path / "xd.pdf"
    pdf.write_bytes(
        render_pdf(
            html,
            base_dir=REPORTS_DIR,
            metadata=stamp(doc.title, doc.lang),
            fetcher=AssetFetcher(REPORTS_DIR),
        )
    )
    pages = [normalised(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]
    budget = next(p for p in pages if "Cost per year and funding source" in p)
    table = budget[budget.index("Cost per year and funding source") :]
    # the total row: one amount per funding source (three and the gap), then the total
    assert re.search(r"Total (\S+ ){4}" + re.escape(total), table), table[:600]
    assert any(f"cost {total} in all" in page for page in pages[:5])
    assert any("Timeline" in p for p in pages) and any("Monitoring" in p for p in pages)


def test_dravenlands_unfunded_actions_ask_partners_and_one_kpi_is_followed(db, world) -> None:
    """Every action left without a funding source asks for assistance in the form its type
    calls for; the first action with a KPI has a progress record; all through audited edits."""
    plan = db.scalars(select(Plan).where(Plan.assessment == round_of(db, "XD", "2026"))).one()
    active = [row for row in plan.actions if row.active]
    asking = [row for row in active if row.edits.get("assistance_requested")]
    assert asking and all(not row.edits.get("funding_source") for row in asking)
    assert {row.action_id for row in asking} == {
        row.action_id for row in active if not row.edits.get("funding_source")
    }
    for row in asking:
        assert row.edits["support"] == SUPPORT_BY_TYPE.get(row.proposed["type"], "expertise")
    [recorded] = db.scalars(select(ActionProgress)).all()
    assert recorded.value == "started"
