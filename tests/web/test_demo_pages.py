"""The demo's history on the pages the README names, for the logins it names (the demo seeded
once on the shipped questionnaires: 2025 under PAST, the version cbrn-needs' newest, LATEST,
migrates from, and 2026 under LATEST)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord, Assessment, Country, Plan
from assess.questionnaire.model import Question
from assess.services import demo as demo_data
from assess.services.questionnaires import questionnaires
from tests.services.carry_support import LATEST, PAST

APP_SETTINGS = {"QUESTIONNAIRES_DIR": Path(__file__).resolve().parents[2] / "questionnaires"}


def seed_demo(app, session, users) -> None:
    demo_data.seed(session, users["admin"].password_hash)


WORLD = seed_demo


def round_id(db, code: str, label: str) -> int:
    return db.scalar(
        select(Assessment.id)
        .join(Assessment.country)
        .where(Country.code == code, Assessment.round_label == label)
    )


# (login, country, round, page under /assessments/<id>, what the page says: {id} the round's)
ROUND_PAGES = [
    ("nfp-xa", "XA", "2026", "/areas/surv", "From 2025: confirm or change"),
    ("team-xa", "XA", "2026", "/areas/lab", "From 2025: confirm or change"),
    ("secretariat-seee", "XA", "2026", "/areas/lab", "From 2025: confirm or change"),
    ("nfp-xa", "XA", "2026", "/areas/leg", "Last round (2025)"),
    ("nfp-xc", "XC", "2026", "/areas/surv", "Last round (2025)"),
    ("nfp-xd", "XD", "2026", "/areas/coord", "Last round (2025)"),
    ("nfp-xa", "XA", "2026", "", "Carried answers still to confirm or change"),
    ("secretariat-seee", "XA", "2026", "", "Carried answers still to confirm or change"),
    ("nfp-xa", "XA", "2025", "", 'href="/assessments/{id}/plan"'),
    ("nfp-xa", "XA", "2025", "/plan", "Delayed"),
    ("secretariat-aaf", "XC", "2025", "/plan", "Completed"),
]


@pytest.mark.parametrize(("username", "code", "label", "page", "said"), ROUND_PAGES)
def test_a_rounds_page_shows_the_history(db, client, login, username, code, label, page, said):
    login(username)
    found = round_id(db, code, label)
    response = client.get(f"/assessments/{found}{page}")
    text = said.format(id=found)
    assert (response.status_code, text in response.get_data(as_text=True)) == (200, True)


@pytest.mark.parametrize(
    ("username", "path", "said"),
    [
        ("secretariat-aaf", "/regions/AAF", "/regions/AAF/plan"),
        ("secretariat-aaf", "/regions/AAF/plan", "Ongoing"),
        ("secretariat-seee", "/regions/SEEE/plan", f"cbrn-needs {PAST}"),
        ("nfp-xa", "/countries/XA/trends", "2 rounds followed"),
        ("nfp-xa", "/countries/XA/trends", "How the plan of round 2025 ended"),
        ("secretariat-aaf", "/countries/XD/trends", "2 rounds followed"),
        ("secretariat-aaf", "/regions/AAF/trends", "How the plan of round 2025 ended"),
        ("secretariat-aaf", "/regions/AAF/assistance", "Dravenland"),
        ("nfp-xd", "/countries/XD/assistance", "Equipment"),
        ("expert", f"/questionnaires/published/cbrn-needs/{LATEST}/changes", "pop_millions"),
        ("expert", f"/questionnaires/published/cbrn-needs/{LATEST}/areas/profile", "pop_millions"),
    ],
)
def test_the_pages_the_readme_names_show_the_history(client, login, username, path, said):
    login(username)
    response = client.get(path)
    assert (response.status_code, said in response.get_data(as_text=True)) == (200, True)


def test_arvenias_2025_plan_is_where_the_readme_says_in_a_fresh_demo(db) -> None:
    assert round_id(db, "XA", "2025") == 1


def test_the_carried_answers_show_in_arabic_right_to_left(db, client, login) -> None:
    login("nfp-xa")
    found = round_id(db, "XA", "2026")
    area = questionnaires(db).get("cbrn-needs", LATEST).node("surv")
    carried = db.scalars(
        select(AnswerRecord.question_id).where(
            AnswerRecord.assessment_id == found, AnswerRecord.carried_from == "2025"
        )
    ).all()
    in_area = [node.id for node in area.walk() if isinstance(node, Question) and node.id in carried]
    page = client.get(
        f"/assessments/{found}/areas/surv", headers={"Accept-Language": "ar"}
    ).get_data(as_text=True)
    assert in_area, "Arvenia's 2026 round carries its 2025 answers on surveillance"
    assert ('dir="rtl"' in page, page.count('data-carried-from="2025"')) == (True, len(in_area))


def test_an_action_whose_template_another_costs_names_that_action_by_title(db, client, login):
    """Dravenland's plan has two gaps of one area needing the area's costed step: the second
    action's page says which action (by its title) carries the cost."""
    plan = db.scalars(select(Plan).where(Plan.assessment_id == round_id(db, "XD", "2026"))).one()
    shared = next(r for r in plan.actions if r.active and r.proposed.get("cost_shared_with"))
    carrier = next(r for r in plan.actions if r.action_id == shared.proposed["cost_shared_with"])
    login("nfp-xd")
    response = client.get(f"/plans/{plan.id}/actions/{shared.action_id}")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f"is costed once, with the action “{carrier.proposed['title']}”" in page
