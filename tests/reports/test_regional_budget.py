"""The regional report's budget and proposals: each country's costed national plan with its
total, funded part, gap and ask, the proposals with their budgets, rendered to PDF in English
and Arabic and read back; one line each when nothing is costed or proposed."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from assess.plans import Proposal, ProposalAction, RegionalPlan, build_regional_plan
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.reports import document as d
from assess.reports.pdf import render_pdf
from assess.reports.plan_documents import CountryData, Cover
from assess.reports.regional_document import regional_document
from assess.reports.render import render_html
from assess.scoring import score_assessment
from assess.words.catalogue import words_in
from assess.words.numbers import money, number
from assess.words.plan_codes import code_word
from tests.plans.costed import action, plan
from tests.reports.readback import ARTIFACTS, REPORTS_DIR, normalised, run, stamp
from tests.reports.test_regional_document import DATA, NAMES, answers

D = Decimal


@pytest.fixture(scope="module")
def small() -> Questionnaire:
    return load_questionnaire(DATA / "plan-test" / "1.0.yaml", root=DATA)


COVER = Cover("South East and Eastern Europe", "2026", dt.date(2026, 11, 21))


def costed_region(small: Questionnaire, lang: str) -> RegionalPlan:
    scores = {c: score_assessment(small, answers(c)) for c in NAMES}
    built = build_regional_plan(small, scores, lang=lang, region="SEEE")
    national = dict(built.national)
    national["XA"] = plan(
        [
            action("a1", cost=1200.5, plan_year=1, funding_source="national"),
            action("a2", cost=800.0, plan_year=2, assistance_requested=True, support="training"),
        ]
    )
    national["XB"] = plan([action("b1", cost=3000.0, plan_year=1, funding_source="partners")])
    proposals = (
        Proposal(
            7,
            "Regional training of first responders",
            "submitted",
            ("XA", "XB"),
            (ProposalAction("XA", "a2", "Train responders", D("800")),),
            D("4500"),
            "USD",
        ),
        Proposal(
            8,
            "Shared laboratory network",
            "draft",
            ("XB",),
            (ProposalAction("XB", "b9", "Network labs", D("250.25")),),
            None,
            "USD",
        ),
    )
    return replace(built, national=national, proposals=proposals)


def regional(small: Questionnaire, plan_: RegionalPlan) -> d.ReportDocument:
    countries = {c: CountryData(name, answers(c), {}) for c, name in NAMES.items()}
    return regional_document(plan_, small, countries, COVER, shared=())


def section(doc: d.ReportDocument, heading: str) -> d.Section:
    return next(s for s in doc.sections if s.heading == heading)


def test_the_regions_budget_table(small: Questionnaire) -> None:
    doc = regional(small, costed_region(small, "en"))
    table = section(doc, "Budget of the region").blocks[-1]
    assert isinstance(table, d.Table)
    assert table.rows == (
        ("Arvenia", "$2,000.50", "$1,200.50", "$800.00", "$800.00"),
        ("Belmora", "$3,000.00", "$3,000.00", "$0.00", "$0.00"),
        ("Total", "$5,000.50", "$4,200.50", "$800.00", "$800.00"),
    )
    proposals = section(doc, "Regional project proposals").blocks[0]
    assert isinstance(proposals, d.Table)
    assert [(r[1], r[2], r[3], r[5]) for r in proposals.rows] == [
        ("Regional training of first responders", "Submitted", "Arvenia and Belmora", "$4,500.00"),
        ("Shared laboratory network", "Draft", "Belmora", "$250.25"),
    ]
    summary = " ".join(b.text for b in doc.sections[0].blocks)  # type: ignore[union-attr]
    assert "cost $5,000.50, of which $800.00 is not funded yet" in summary
    assert "2 regional project proposals amount to $4,750.25." in summary


def test_nothing_costed_nothing_proposed(small: Questionnaire) -> None:
    scores = {c: score_assessment(small, answers(c)) for c in NAMES}
    doc = regional(small, build_regional_plan(small, scores, lang="en", region="SEEE"))
    assert section(doc, "Budget of the region").blocks == (
        d.Paragraph("This plan is not costed: its questionnaire has no unit costs."),
    )
    assert section(doc, "Regional project proposals").blocks == (
        d.Paragraph("No proposal has been made yet."),
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_regional_pdf_reads_back(small: Questionnaire, lang: str) -> None:
    w = words_in(lang)
    doc = regional(small, costed_region(small, lang))
    html = render_html(doc, reports_dir=REPORTS_DIR)
    pdf = render_pdf(html, base_dir=REPORTS_DIR, metadata=stamp(doc.title, lang))
    pages = [normalised(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(pages)
    budget = text[text.rindex(normalised(w.gettext("Budget of the region"))) :]
    for value in (D("5000.50"), D("4200.50"), D("4500"), D("250.25")):
        figure = number(value, lang, places=2) if lang == "ar" else money(value, "USD", lang)
        assert normalised(figure) in budget, figure
    assert normalised(code_word("proposal", "submitted", lang)) in budget
    assert "Regional training of first responders" in budget
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = Path(ARTIFACTS / f"regional-budget-{lang}.pdf")
    path.write_bytes(pdf)
    first = max(
        n for n, p in enumerate(pages, 1) if normalised(w.gettext("Budget of the region")) in p
    )
    run(
        "pdftoppm",
        "-r",
        "50",
        "-png",
        "-f",
        first,
        "-l",
        first,
        path,
        ARTIFACTS / f"regional-budget-{lang}",
    )
