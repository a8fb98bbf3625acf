"""Reading pages (overview, review, audit) show questionnaire texts and answers in the reader's
language: English fallbacks carry their language and a mark; answers read as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.models import Assessment
from assess.services.answers import save_answer
from tests.web.fill_support import FILL_APP, open_draft, set_status

FALLBACK = '<span class="fallback-badge" data-fallback-lang="en">(الإنجليزية)</span>'


APP_SETTINGS = FILL_APP


@pytest.fixture
def answered(db, world) -> int:
    """A submitted fill-test round of XA with one answer of each kind."""
    assessment_id = open_draft(db, world["admin"])
    assessment = db.get(Assessment, assessment_id)
    answers = {
        "leg_law": 2.0,
        "leg_nuclear": "yes",
        "leg_checks": frozenset(),
        "resp_teams": 282.0,
        "resp_agents": frozenset({"chem", "bio"}),
        "resp_exercise": dt.date(2025, 3, 14),
    }
    for question_id, value in answers.items():
        save_answer(db, world["nfp-xa"], assessment, question_id, "answered", value, None, 0)
    set_status(db, assessment_id, "submitted")
    return assessment_id


@pytest.fixture
def read(client, login, answered):
    """A reading page of the answered round, as the SEEE secretariat sees it in a language."""
    login("secretariat-seee")

    def in_language(path: str, lang: str) -> str:
        client.post("/language", data={"lang": lang, "next": "/"})
        return client.get(f"/assessments/{answered}{path}").get_data(as_text=True)

    return in_language


@pytest.mark.parametrize(
    ("question_id", "words"),
    [
        ("leg_law", "<strong>2 Developing</strong>"),
        ("leg_nuclear", "<strong>Yes</strong>"),
        ("leg_checks", "<strong>None of these is met</strong>"),
        ("resp_teams", "<strong>282 teams</strong>"),
        ("resp_agents", "<strong>Chemical; Biological</strong>"),
        ("resp_exercise", "<strong>March 14, 2025</strong>"),
    ],
)
def test_the_review_shows_each_answer_as_people_write_it(read, question_id, words) -> None:
    html = read("/review?area=all", "en")
    item = html[html.index(f'id="q-{question_id}"') :]
    assert words in item[: item.index("</article>")]


def test_the_review_shows_choice_labels_in_the_page_language(read) -> None:
    assert "<strong>2 En développement</strong>" in read("/review?area=all", "fr")


def test_the_review_writes_units_and_dates_as_the_page_language_does(read) -> None:
    html = read("/review?area=all", "fr")
    assert ["<strong>282 équipes</strong>" in html, "<strong>14 mars 2025</strong>" in html] == [
        True,
        True,
    ]


def test_the_review_marks_english_fallback_texts_on_an_arabic_page(read) -> None:
    html = read("/review?area=all", "ar")
    assert (
        '<h3 id="q-leg_nuclear-title"><span lang="en" dir="auto">Does the country operate '
        f"nuclear facilities?</span> {FALLBACK}</h3>"
    ) in html
    assert '?area=legal">الإطار القانوني</a>' in html


def test_the_audit_page_marks_a_fallback_question_text(read) -> None:
    html = read("/audit/resp_teams", "ar")
    assert (
        '<p><span lang="en" dir="auto">How many trained response teams are there?</span> '
        f"{FALLBACK}</p>"
    ) in html
    assert f': <span lang="en" dir="auto">282 teams</span> {FALLBACK}</td>' in html


def test_the_overview_shows_area_titles_in_the_page_language(read) -> None:
    html = read("", "ar")
    assert ">الإطار القانوني</a>" in html
    assert f'<span lang="en" dir="auto">Response</span> {FALLBACK}</a>' in html


def test_a_comment_keeps_its_own_direction_on_an_arabic_page(db, world, answered, read):
    assessment = db.get(Assessment, answered)
    version = next(r.version for r in assessment.answers if r.question_id == "resp_teams")
    set_status(db, answered, "draft")
    save_answer(db, world["nfp-xa"], assessment, "resp_teams", "answered", 282.0, "Ours.", version)
    set_status(db, answered, "submitted")
    assert ': <span dir="auto">Ours.</span></p>' in read("/review?area=all", "ar")
