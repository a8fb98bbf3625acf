"""National and regional plan PDFs in each translated language, read back: no English word where
a translated one is due, decimals as the language writes them, Arabic chart titles in reading
order. Made by `assess report` from the stored region the plan report tests build."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.extensions import Database
from assess.models import AnswerRecord, Assessment, Country, Ministry, PlanAction, Region
from assess.questionnaire.yamlsafe import load_yaml_file
from assess.services.plan_inputs import national_inputs
from assess.services.plans import edited_national, national_plan_of
from assess.words.catalogue import COMPLETE_LANGUAGES, REPORT_LANGUAGES, words_in
from assess.words.numbers import number
from tests.reports.plan_readback import EDITED_LEAD, ROOT, Stored, build
from tests.reports.readback import normalised
from tests.reports.test_plan_reports import drawn_rtl, pages, report
from tests.words.extraction import catalogue_words, english_report_words, words_in_text

KINDS = ("national", "regional")
# The languages partners work in besides English and French (issue #13): each must be complete,
# in the interface and in the questionnaire, and so checked here.
PARTNER_LANGUAGES = {"fr", "ar", "ru", "pt"}
# No hand-kept list of words that stay in Latin letters: names and codes come from the stored data
# (written_by_people), and the words a translation keeps (acronyms, "budget", "total") from the
# target language's own catalogue and questionnaire texts (translated_words).

# A decimal number written with a point (52.7); an outline number (1.2, 10.3) opens its line.
POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
OUTLINE = re.compile(r"^\s*\d+(\.\d+)+\s")


def questionnaire_file(stored: Stored) -> Path:
    """The questionnaire version the stored assessments were answered under."""
    with Database.factory(stored.app)() as session:
        identity = session.execute(
            select(Assessment.questionnaire_id, Assessment.questionnaire_version)
        ).first()
    assert identity is not None
    return ROOT / "questionnaires" / identity[0] / f"{identity[1]}.yaml"


def local_texts(tree: object) -> Iterable[dict[str, str]]:
    """Every text of a questionnaire file given in several languages ({en: ..., fr: ...})."""
    if isinstance(tree, dict):
        if "en" in tree and all(isinstance(key, str) and len(key) == 2 for key in tree):
            yield tree
            return
        for value in tree.values():
            yield from local_texts(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from local_texts(value)


def words(texts: Iterable[object]) -> set[str]:
    return {word for text in texts for word in words_in_text(str(text))}


def written_by_people(stored: Stored) -> list[str]:
    """What people typed or named: answers, comments, evidence, plan edits, the names of
    countries, regions and ministries, the marking the operator set."""
    texts = ["RESTRICTED"]  # the marking `invoke` gives `assess report` (ASSESS_REPORT_MARKING)
    with Database.factory(stored.app)() as session:
        for record in session.scalars(select(AnswerRecord)):
            texts += [str(record.value), record.comment or ""]
            texts += [evidence.payload for evidence in record.evidence]
        for action in session.scalars(select(PlanAction)):
            texts += [str(value) for value in action.edits.values()]
        for model in (Country, Region, Ministry):
            texts += list(session.scalars(select(model.name)))
    return texts


def translated_words(lang: str, tree: object) -> set[str]:
    """Words the target language writes in Latin letters too (names, codes, acronyms, words such
    as "budget" or "total"): those of its catalogue and of its questionnaire texts."""
    return catalogue_words(lang) | words(text[lang] for text in local_texts(tree) if lang in text)


def complete_languages(stored_questionnaire: Path) -> tuple[str, ...]:
    """The languages complete in the interface's report words and in the questionnaire."""
    declared = load_yaml_file(stored_questionnaire)["languages"]
    offered = dict.fromkeys((*COMPLETE_LANGUAGES, *REPORT_LANGUAGES))
    return tuple(lang for lang in offered if lang in declared)


# The newest version, the one issue #13 wants complete in every partner language.
QUESTIONNAIRE = ROOT / "questionnaires" / "cbrn-needs" / "1.2.yaml"
LANGS = complete_languages(QUESTIONNAIRE)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    built = build(tmp_path_factory.mktemp("translated-db"), version=QUESTIONNAIRE.stem)
    assert questionnaire_file(built) == QUESTIONNAIRE, "the stored world changed version"
    return built


@pytest.fixture(scope="module")
def pdfs(stored: Stored, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("translated-pdfs")
    wanted = [(kind, lang) for kind in KINDS for lang in (*LANGS, "ar", "en")]
    return {
        (kind, lang): report(stored, folder, kind, lang) for kind, lang in dict.fromkeys(wanted)
    }


def text(path: Path) -> str:
    return normalised(" ".join(pages(path)))


@pytest.fixture(scope="module")
def english_words(stored: Stored) -> set[str]:
    """The English words of the report messages and of the questionnaire's English texts (its
    suggested lead agencies too), less what people wrote."""
    tree = load_yaml_file(QUESTIONNAIRE)
    found = english_report_words() | words(text["en"] for text in local_texts(tree))
    found -= words(written_by_people(stored))
    # Enough left to catch an English report: headings, columns, sentences, question words.
    assert {"executive", "summary", "prioritised", "timeline", "which", "answered"} <= found
    return found


def english_in(printed: str, english: set[str], lang: str) -> set[str]:
    due = english - translated_words(lang, load_yaml_file(QUESTIONNAIRE))
    return words([printed]) & due


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_translated_plan_pdf_has_no_english_word_where_a_translation_is_due(
    pdfs, english_words, kind, lang
):
    assert english_in(text(pdfs[(kind, lang)]), english_words, lang) == set()


@pytest.mark.parametrize("kind", KINDS)
def test_the_check_finds_the_english_of_an_english_report(pdfs, english_words, kind):
    found = english_in(text(pdfs[(kind, "en")]), english_words, "fr")
    assert {"executive", "summary", "comparison" if kind == "regional" else "prioritised"} <= found


def test_every_partner_language_is_checked():
    """Every partner language is complete in the interface and the questionnaire, so checked."""
    assert set(LANGS) == PARTNER_LANGUAGES


@pytest.fixture(scope="module")
def french_plan(stored: Stored):
    """XA's plan with its stored edits, in French."""
    with Database.factory(stored.app)() as session:
        xa = session.scalars(
            select(Assessment).join(Assessment.country).where(Country.code == "XA")
        ).one()
        inputs = national_inputs(session, xa)
        return edited_national(inputs, national_plan_of(session, xa), "fr")


@pytest.mark.skipif("fr" not in LANGS, reason="French is not a complete language")
def test_french_area_scores_are_written_with_a_decimal_comma(pdfs, french_plan):
    printed = text(pdfs[("national", "fr")])
    scores = [number(area.score, "fr", places=1) for area in french_plan.areas]
    assert any("," in score for score in scores)
    for area, score in zip(french_plan.areas, scores, strict=True):
        assert f"{area.title} {score}" in printed


@pytest.mark.skipif("fr" not in LANGS, reason="French is not a complete language")
@pytest.mark.parametrize("kind", KINDS)
def test_french_prose_has_no_decimal_point(pdfs, stored, kind):
    typed = {
        found for written in written_by_people(stored) for found in POINT_DECIMAL.findall(written)
    }
    lines = [line for page in pages(pdfs[(kind, "fr")]) for line in page.splitlines()]
    points = {
        found for line in lines if not OUTLINE.match(line) for found in POINT_DECIMAL.findall(line)
    }
    assert points - typed == set()


@pytest.mark.skipif("fr" not in LANGS, reason="French is not a complete language")
def test_french_counts_of_answered_questions_read_in_french_order(pdfs):
    printed = text(pdfs[("national", "fr")])
    assert re.search(r"\(\d+ sur \d+ questions applicables renseignées\)", printed)


def test_the_arabic_risk_matrix_titles_its_axes_in_reading_order(pdfs):
    w = words_in("ar")
    caption = w.gettext("Risk matrix and scenarios")
    page = next(p for p in reversed(pages(pdfs[("national", "ar")])) if caption in normalised(p))
    joined = "".join(normalised(page).split())
    for title in (w.gettext("Likelihood"), w.gettext("Impact")):
        assert drawn_rtl(title) in joined
        assert drawn_rtl(title)[::-1] not in joined


def test_a_latin_lead_agency_reads_in_its_own_order_in_an_arabic_table(pdfs):
    # Its brackets and ampersand would otherwise take the Arabic line's direction: "& >i>Interior".
    assert normalised(EDITED_LEAD) in text(pdfs[("national", "ar")])
