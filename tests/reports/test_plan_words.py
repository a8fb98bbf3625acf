"""The words of plans as people read them: a "none met" checklist reads the same on every page
and in the PDF, and a Russian plan has no English report word, on its pages or in its PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.extensions import Database
from assess.models import AnswerRecord, Assessment, Country
from assess.services.demo import PASSWORD
from assess.words.catalogue import TRANSLATIONS
from tests.reports.plan_readback import NONE_MET_QUESTION, ROOT, Stored, build
from tests.reports.readback import normalised
from tests.reports.test_plan_reports import invoke, pages
from tests.words.extraction import catalogue, english_report_words

NONE_MET = "None of these is met"
QUESTION_TEXT = "Which elements of the national legal framework for CBRN materials are in place?"
MAIN = re.compile(r'<main id="main"[^>]*>(.*)</main>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    built = build(tmp_path_factory.mktemp("plan-words-db"))
    built.app.config["WTF_CSRF_ENABLED"] = False  # the pages are read by a test client
    return built


@pytest.fixture(scope="module")
def xa(stored: Stored) -> int:
    with Database.factory(stored.app)() as session:
        return session.scalars(
            select(Assessment.id).join(Assessment.country).where(Country.code == "XA")
        ).one()


def pdf_text(stored: Stored, folder: Path, lang: str) -> str:
    """XA's national plan made by `assess report` in `lang`, read back as text."""
    output = folder / f"national-{lang}.pdf"
    args = ["report", "national", "--country", "XA", "--lang", lang, "-o", str(output)]
    result = invoke(stored, folder, args)
    assert result.exit_code == 0, result.output
    return normalised(" ".join(pages(output)))


def signed_in(stored: Stored, username: str, lang: str):
    """A browser of `username` reading pages in `lang`."""
    client = stored.app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    client.post("/language", data={"lang": lang, "next": "/"})
    return client


def main_text(html: str) -> str:
    """The words of a page's main part, markup left out."""
    found = MAIN.search(html)
    assert found, "no <main> on the page"
    return normalised(TAG.sub(" ", found.group(1)))


def test_none_met_reads_the_same_on_the_review_page_the_report_page_and_the_pdf(
    stored, xa, tmp_path
) -> None:
    review = signed_in(stored, "secretariat-seee", "en").get(f"/assessments/{xa}/review?area=all")
    item = review.get_data(as_text=True).split(f'id="q-{NONE_MET_QUESTION}"')[1]
    report = signed_in(stored, "nfp-xa", "en").get(f"/assessments/{xa}/plan/report")
    annex = main_text(report.get_data(as_text=True))
    printed = pdf_text(stored, tmp_path, "en")
    assert [
        f"<strong>{NONE_MET}</strong>" in item.split("</article>")[0],
        f"{QUESTION_TEXT} {NONE_MET}" in annex,
        f"{QUESTION_TEXT} Answer {NONE_MET}" in printed,
    ] == [True, True, True]


def words_people_wrote(stored: Stored) -> set[str]:
    """Words of the questionnaire (its English texts stand in for missing Russian ones), of the
    answers, comments and evidence, of the people's and places' names: not words of ours."""
    texts = [(ROOT / "questionnaires" / "cbrn-needs" / "1.1.yaml").read_text(encoding="utf-8")]
    with Database.factory(stored.app)() as session:
        for record in session.scalars(select(AnswerRecord)):
            texts += [str(record.value), record.comment or ""]
            texts += [evidence.payload for evidence in record.evidence]
    texts.append("Ministry of Interior & Civil Protection RESTRICTED Arvenia South East nfp-xa")
    return {word.lower() for text in texts for word in re.findall(r"[A-Za-z]{3,}", text)}


def acronyms_russian_keeps() -> set[str]:
    """Latin acronyms the Russian translations write as they are (PDF)."""
    russian = catalogue(TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po")
    texts = [str(message.string) for message in russian if message.id]
    return {word.lower() for text in texts for word in re.findall(r"\b[A-Z]{3,}\b", text)}


@pytest.fixture(scope="module")
def english(stored: Stored) -> set[str]:
    """English words of the report messages that people's own texts never use."""
    words = english_report_words() - words_people_wrote(stored) - acronyms_russian_keeps()
    # Enough left to catch a report in English: headings, columns, the summary's sentences.
    assert {"executive", "summary", "prioritised", "timeline"} <= words
    return words


def english_in(text: str, english: set[str]) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)} & english


def test_a_russian_national_plan_pdf_has_no_english_report_word(stored, english, tmp_path):
    assert english_in(pdf_text(stored, tmp_path, "ru"), english) == set()


@pytest.mark.parametrize("path", ["/plan", "/plan/report?lang=ru"])
def test_a_russian_national_plan_page_has_no_english_report_word(stored, xa, english, path):
    page = signed_in(stored, "nfp-xa", "ru").get(f"/assessments/{xa}{path}")
    assert page.status_code == 200
    assert english_in(main_text(page.get_data(as_text=True)), english) == set()


def test_the_check_finds_an_english_report(stored, english, tmp_path):
    assert {"executive", "summary"} <= english_in(pdf_text(stored, tmp_path, "en"), english)
