"""The national plan report's budget, timeline and monitoring, read back from real PDFs of the
cbrn-needs plan costed by hand (tests/plans/costed.py): the budget tables add up to the sum of
the actions' costs, the Gantt charts and the monitoring table are there, in English and Arabic;
a plan without costing says so in one line. Each PDF is rendered once for the module."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from assess.plans import NationalPlan, build_national_plan
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.reports import document as d
from assess.reports.fetcher import AssetFetcher
from assess.reports.pdf import render_pdf
from assess.reports.plan_documents import CountryData, Cover, national_document
from assess.reports.render import render_html
from assess.scoring import AssessmentScore, score_assessment
from assess.words.catalogue import words_in
from assess.words.numbers import money, number, percent
from tests.plans.costed import costed, uncosted
from tests.plans.plan_data import generated_answers
from tests.reports.readback import ARTIFACTS, REPORTS_DIR, normalised, run, stamp

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "ar")
COVER = Cover("Arvenia", "2026", dt.date(2028, 3, 15))


@pytest.fixture(scope="module")
def cbrn() -> Questionnaire:
    folder = ROOT / "questionnaires"
    return load_questionnaire(folder / "cbrn-needs" / "1.1.yaml", root=folder)


@pytest.fixture(scope="module")
def score(cbrn: Questionnaire) -> AssessmentScore:
    return score_assessment(cbrn, generated_answers(cbrn, "XA"))


def plan_in(cbrn: Questionnaire, score: AssessmentScore, lang: str) -> NationalPlan:
    return costed(build_national_plan(cbrn, score, lang=lang, country="XA"))


def cost_of(action) -> Decimal | None:
    """An action's cost as the issue defines it, written out again here: the override, else
    the sum of its year costs."""
    if action.cost is not None:
        return Decimal(str(action.cost))
    return sum(action.year_costs, Decimal(0)) if action.year_costs else None


def document(
    cbrn: Questionnaire, score: AssessmentScore, lang: str, plan: NationalPlan | None = None, **kw
) -> d.ReportDocument:
    built = plan or plan_in(cbrn, score, lang)
    return national_document(built, cbrn, score, CountryData("Arvenia", {}, {}), COVER, **kw)


def pdf_text(doc: d.ReportDocument, path: Path) -> tuple[str, ...]:
    html = render_html(doc, reports_dir=REPORTS_DIR)
    data = render_pdf(
        html,
        base_dir=REPORTS_DIR,
        metadata=stamp(doc.title, doc.lang),
        fetcher=AssetFetcher(REPORTS_DIR),
    )
    path.write_bytes(data)
    return tuple(normalised(page.extract_text()) for page in pypdf.PdfReader(path).pages)


@pytest.fixture(scope="module")
def pdfs(
    cbrn: Questionnaire, score: AssessmentScore, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, tuple[str, ...]]]:
    folder = tmp_path_factory.mktemp("budget-pdf")
    found = {}
    for lang in LANGS:
        path = folder / f"costed-{lang}.pdf"
        found[lang] = (path, pdf_text(document(cbrn, score, lang), path))
    return found


def written(value: Decimal, lang: str) -> str:
    """An amount as read back: in Arabic pypdf reads the currency's sign apart from the figure
    (in visual order), so the figure alone, to the cent, as the language writes it."""
    if lang == "ar":
        return normalised(number(value, lang, places=2))
    return normalised(money(value, "USD", lang))


def share_written(share: Decimal, lang: str) -> str:
    """A percentage as read back: in Arabic, in visual order, its sign before the figure."""
    figure = normalised(percent(share, lang))
    return "%" + figure.rstrip("%") if lang == "ar" else figure


def section(pages: tuple[str, ...], heading: str, following: str) -> str:
    """The text from the last `heading` (the contents name it first) to the `following` one."""
    text = " ".join(pages)
    start = text.rindex(normalised(heading))
    return text[start : text.index(normalised(following), start)]


def test_the_hand_costed_plan_has_every_kind_of_action(
    cbrn: Questionnaire, score: AssessmentScore
) -> None:
    actions = plan_in(cbrn, score, "en").actions()
    assert len(actions) > 30
    assert any(a.cost is not None for a in actions)  # overridden
    assert any(a.cost is None and a.year_costs for a in actions)  # computed
    assert any(cost_of(a) is None for a in actions)  # not costed


@pytest.mark.parametrize("lang", LANGS)
def test_the_budget_tables_add_up_to_the_actions_costs(
    cbrn: Questionnaire, score: AssessmentScore, pdfs, lang: str
) -> None:
    w = words_in(lang)
    plan = plan_in(cbrn, score, lang)
    costs = [c for a in plan.actions() if (c := cost_of(a)) is not None]
    total = sum(costs, Decimal(0))
    budget = section(pdfs[lang][1], w.gettext("Budget summary"), w.gettext("Timeline"))
    # in the summary sentence, and the total rows of the tables by year, area and source
    assert budget.count(written(total, lang)) >= 4, budget[:2000]
    # each plan year's total is the sum of what the actions cost that year, an override
    # spread in the computed proportions, each part to the cent and the cents left over by
    # rounding on the largest (the rule of the issue, written out again here)
    years = [Decimal(0)] * 5
    for a in plan.actions():
        cost, computed = cost_of(a), sum(a.year_costs, Decimal(0))
        if cost is None:
            continue
        parts = [(y * cost / computed).quantize(Decimal("0.01")) for y in a.year_costs]
        largest = max(range(5), key=lambda i: (a.year_costs[i], -i))
        parts[largest] += cost - sum(parts)
        years = [t + p for t, p in zip(years, parts, strict=True)]
    assert sum(years) == total
    for year, spent in enumerate(years, start=1):
        assert written(spent, lang) in budget, year
    # the chart is there, its title under it
    assert normalised(w.gettext("Cost per year by funding source")) in budget


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_states_the_total_the_funded_share_and_the_ask(
    cbrn: Questionnaire, score: AssessmentScore, pdfs, lang: str
) -> None:
    w = words_in(lang)
    plan = plan_in(cbrn, score, lang)
    actions = [a for a in plan.actions() if cost_of(a) is not None]
    total = sum((cost_of(a) for a in actions), Decimal(0))
    funded = sum(
        (cost_of(a) for a in actions if a.funding_source in ("national", "initiative", "partners")),
        Decimal(0),
    )
    asked = sum((cost_of(a) for a in actions if a.assistance_requested), Decimal(0))
    summary = section(pdfs[lang][1], w.gettext("Executive summary"), w.gettext("Scores per area"))
    for figure in (
        written(total, lang),
        share_written(funded / total, lang),
        written(total - funded, lang),
        written(asked, lang),
    ):
        assert figure in summary, figure


@pytest.mark.parametrize("lang", LANGS)
def test_the_gantt_and_the_monitoring_table_are_there(
    cbrn: Questionnaire, score: AssessmentScore, pdfs, lang: str
) -> None:
    w = words_in(lang)
    plan = plan_in(cbrn, score, lang)
    pages = pdfs[lang][1]
    timeline = section(pages, w.gettext("Timeline"), w.gettext("Monitoring"))
    for year in range(2027, 2032):
        assert str(year) in timeline
    areas = [a for a in plan.areas if any(g.actions for g in a.gaps)]
    for area in areas:
        assert normalised(area.title) in timeline, area.title
    assert normalised(w.gettext("Report date")) in timeline
    text = " ".join(pages)
    monitoring = text[text.rindex(normalised(w.gettext("Monitoring"))) :]
    for n in (1, 2, 7, 13):
        assert f"KPI {n}" in monitoring
    assert "baseline 13" in monitoring and "target 13" in monitoring and "2030-06-30" in monitoring


def test_the_svg_gantt_draws_a_bar_per_scheduled_action(
    cbrn: Questionnaire, score: AssessmentScore
) -> None:
    doc = document(cbrn, score, "en")
    timeline = next(s for s in doc.sections if s.heading == "Timeline")
    charts = [b for b in timeline.blocks if isinstance(b, d.GanttChart)]
    plan = plan_in(cbrn, score, "en")
    assert sum(len(c.rows) for c in charts) == len(plan.actions())
    bars = sum(c.svg(False).count('class="bar"') for c in charts)
    assert bars == sum(1 for a in plan.actions() if a.plan_year is not None or a.start)


def test_last_recorded_values_get_a_column_of_their_own(
    cbrn: Questionnaire, score: AssessmentScore
) -> None:
    plan = plan_in(cbrn, score, "en")
    first = plan.actions()[0]
    values = {(first.id, first.kpis[0].name): "3 of 5 drafted"}
    table = document(cbrn, score, "en", last_values=values).sections[-1].blocks[0]
    assert isinstance(table, d.Table)
    assert "Last recorded" in table.columns
    assert table.rows[0][table.columns.index("Last recorded")] == "3 of 5 drafted"
    assert all(row[table.columns.index("Last recorded")] == "" for row in table.rows[1:])
    for none in (None, {}):  # nothing recorded yet: no empty column
        plain = document(cbrn, score, "en", last_values=none).sections[-1].blocks[0]
        assert isinstance(plain, d.Table) and "Last recorded" not in plain.columns


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_without_costing_says_so_in_one_line(
    cbrn: Questionnaire, score: AssessmentScore, lang: str, tmp_path: Path
) -> None:
    w = words_in(lang)
    plain = uncosted(build_national_plan(cbrn, score, lang=lang, country="XA"))
    doc = document(cbrn, score, lang, plan=plain)
    budget = next(s for s in doc.sections if s.heading == w.gettext("Budget summary"))
    assert budget.blocks == (
        d.Paragraph(w.gettext("This plan is not costed: its questionnaire has no unit costs.")),
    )
    summary = " ".join(b.text for b in doc.sections[0].blocks)  # type: ignore[union-attr]
    assert "USD" not in summary and "$" not in summary
    # no dates, no costing: the timeline says so too
    timeline = next(s for s in doc.sections if s.heading == w.gettext("Timeline"))
    assert timeline.blocks == (d.Paragraph(w.gettext("No action has dates yet.")),)


@pytest.mark.parametrize("lang", LANGS)
def test_budget_pages_to_png(pdfs, lang: str) -> None:
    """The budget, timeline and monitoring pages as PNG, to look at (test-artifacts/reports)."""
    path, pages = pdfs[lang]
    w = words_in(lang)
    heading = normalised(w.gettext("Budget summary"))
    first = max(n for n, page in enumerate(pages, start=1) if heading in page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    last = min(first + 4, len(pages))
    prefix = ARTIFACTS / f"budget-{lang}"
    run("pdftoppm", "-r", "50", "-png", "-f", first, "-l", last, path, prefix)
    assert len(list(ARTIFACTS.glob(f"budget-{lang}*.png"))) >= last - first + 1


def test_an_override_and_no_start_year(cbrn: Questionnaire, score: AssessmentScore) -> None:
    plan = replace(plan_in(cbrn, score, "en"), start_year=None)
    doc = document(cbrn, score, "en", plan=plan)
    budget = next(s for s in doc.sections if s.heading == "Budget summary")
    table = next(b for b in budget.blocks if isinstance(b, d.Table))
    assert [row[0] for row in table.rows] == [f"Year {n}" for n in range(1, 6)] + ["Total"]
