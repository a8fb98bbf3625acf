"""An area scored from 1 of its 5 answers: the report marks its score provisional with its
completeness and the executive summary never names it (#11 item 5), read back from the PDF."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest

from assess.plans import NationalPlan, build_national_plan, build_regional_plan
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Question, Questionnaire
from assess.reports.document import RadarChart
from assess.reports.fetcher import AssetFetcher
from assess.reports.pdf import render_pdf
from assess.reports.plan_documents import CountryData, Cover, national_document
from assess.reports.plan_tables import comparison_notes, comparison_provisional
from assess.reports.render import render_html
from assess.scoring import AssessmentScore, score_assessment
from assess.words.catalogue import words_in
from assess.words.numbers import percent
from tests.plans.plan_data import generated_answers
from tests.reports.chart_geometry import NS, drawn
from tests.reports.readback import REPORTS_DIR, normalised, stamp

ROOT = Path(__file__).resolve().parents[2]
AREA = "decon"
KEPT = "decon_mass"


@pytest.fixture(scope="module")
def cbrn() -> Questionnaire:
    folder = ROOT / "questionnaires"
    return load_questionnaire(folder / "cbrn-needs" / "1.1.yaml", root=folder)


@pytest.fixture(scope="module")
def score(cbrn: Questionnaire) -> AssessmentScore:
    """Every area answered as the demo answers, but Decontamination: 1 of its 5, at the top."""
    answers = {
        qid: answer
        for qid, answer in generated_answers(cbrn, "XA").items()
        if AREA not in cbrn.node(qid).path
    }
    question = cbrn.node(KEPT)
    assert isinstance(question, Question) and question.scale is not None
    answers[KEPT] = Answer(KEPT, "answered", float(question.scale.max_level))
    return score_assessment(cbrn, answers)


def plan_in(cbrn: Questionnaire, score: AssessmentScore, lang: str) -> NationalPlan:
    return build_national_plan(cbrn, score, lang=lang, country="XA")


def summary_text(cbrn: Questionnaire, score: AssessmentScore, lang: str) -> str:
    document = national_document(
        plan_in(cbrn, score, lang),
        cbrn,
        score,
        CountryData("Arvenia", {}, {}),
        Cover("Arvenia", "2026", dt.date(2026, 11, 21)),
    )
    return " ".join(block.text for block in document.sections[0].blocks)  # type: ignore[union-attr]


def test_the_area_would_be_the_strongest_but_is_provisional(
    cbrn: Questionnaire, score: AssessmentScore
) -> None:
    area = next(a for a in plan_in(cbrn, score, "en").areas if a.area_id == AREA)
    others = [a.score for a in plan_in(cbrn, score, "en").areas if a.area_id != AREA and a.score]
    assert (area.completeness, area.provisional) == (0.2, True)
    assert area.score is not None and area.score > max(others)


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "ru"])
def test_the_summary_never_names_a_provisional_area(
    cbrn: Questionnaire, score: AssessmentScore, lang: str
) -> None:
    text = summary_text(cbrn, score, lang)
    strongest = words_in(lang).gettext(
        "The strongest area is %(best)s (%(best_score)s); the weakest is %(worst)s "
        "(%(worst_score)s).",
        best="",
        best_score="",
        worst="",
        worst_score="",
    )
    assert strongest.split()[0] in text  # the sentence is there, naming other areas
    assert cbrn.node(AREA).title.get(lang) not in text  # type: ignore[union-attr]


def read_back(cbrn: Questionnaire, score: AssessmentScore, lang: str, folder: Path) -> str:
    plan = plan_in(cbrn, score, lang)
    document = national_document(
        plan,
        cbrn,
        score,
        CountryData("Arvenia", {}, {}),
        Cover("Arvenia", "2026", dt.date(2026, 11, 21)),
    )
    html = render_html(document, reports_dir=REPORTS_DIR)
    data = render_pdf(
        html,
        base_dir=REPORTS_DIR,
        metadata=stamp(document.title, lang),
        fetcher=AssetFetcher(REPORTS_DIR),
    )
    path = folder / f"provisional-{lang}.pdf"
    path.write_bytes(data)
    return normalised(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_marks_the_area_provisional_and_keeps_it_out_of_the_summary(
    cbrn: Questionnaire, score: AssessmentScore, lang: str, tmp_path: Path
) -> None:
    w = words_in(lang)
    text = read_back(cbrn, score, lang, tmp_path)
    title = normalised(cbrn.node(AREA).title.get(lang))  # type: ignore[union-attr]
    summary_heading, scores_heading = w.gettext("Executive summary"), w.gettext("Scores per area")
    # The contents list the headings first: the summary is between their last occurrences.
    start = text.rindex(normalised(summary_heading))
    end = text.index(normalised(scores_heading), start)
    assert title not in text[start:end]
    scores = text[end : text.index(normalised(w.gettext("Priority gaps")), end)]
    marked = normalised(w.pgettext("a score", "%(score)s (provisional)", score="")).strip("() ")
    row = scores[scores.rindex(title) :][:200]  # the table row, after the radar's axis names
    assert marked in row
    # The radar says it too: the only provisional area is its only label so marked.
    assert scores[: scores.rindex(title)].count(marked) == 1
    assert normalised(percent(0.2, lang)) in row


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("ar", True)])
def test_the_radar_marks_the_provisional_area_hollow_and_in_words(
    cbrn: Questionnaire, score: AssessmentScore, lang: str, rtl: bool
) -> None:
    """The radar of the report and of the plan's page (the same block) marks the area."""
    document = national_document(
        plan_in(cbrn, score, lang),
        cbrn,
        score,
        CountryData("Arvenia", {}, {}),
        Cover("Arvenia", "2026", dt.date(2026, 11, 21)),
    )
    radar = next(b for b in document.sections[1].blocks if isinstance(b, RadarChart))
    svg = radar.svg(rtl, lang)
    w = words_in(lang)
    marked = w.pgettext("a score", "%(score)s (provisional)", score="").strip("() ")
    title = cbrn.node(AREA).title.get(lang)  # type: ignore[union-attr]
    labels = [d.label for d in drawn(svg)]
    assert [label for label in labels if marked in label] == [
        next(label for label in labels if label.startswith(title))
    ]
    points = [c for c in ET.fromstring(svg).iter(f"{NS}circle")]
    hollow = [c for c in points if c.get("fill") == "#ffffff"]
    assert len(points) == len(radar.axes) and len(hollow) == 1


def test_the_heat_map_says_how_much_each_cell_rests_on(
    cbrn: Questionnaire, score: AssessmentScore
) -> None:
    full = score_assessment(cbrn, generated_answers(cbrn, "XB"))
    plan = build_regional_plan(cbrn, {"XA": score, "XB": full}, lang="fr")
    area = next(a for a in plan.areas if a.area_id == AREA)
    assert (area.provisional, dict(area.completeness)["XA"]) == (("XA",), 0.2)
    ids = [a.area_id for a in plan.areas]
    notes = dict(zip(ids, comparison_notes(plan, words_in("fr")), strict=True))
    hatched = dict(zip(ids, comparison_provisional(plan), strict=True))
    assert notes[AREA][0] == percent(0.2, "fr")
    assert hatched[AREA] == (True, False)
    assert all(row == (False, False) for area_id, row in hatched.items() if area_id != AREA)
    for a in plan.areas:  # every scored cell says its share answered, not only provisional ones
        assert notes[a.area_id][1] == percent(dict(a.completeness)["XB"], "fr")
