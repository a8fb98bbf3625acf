"""Helpers of the plan report tests: a SQLite database with two accepted cbrn-needs assessments of
the demo region SEEE (XA holding a hostile answer and sharing its answers with the region, XB a
private one and not sharing them), and the plan reports made from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.extensions import Database
from assess.models import Assessment, Country, Region, User
from assess.services import assessments as lifecycle
from assess.services import demo, plans
from assess.services.answers import records_of, save_answer
from assess.services.db_schema import upgrade
from assess.services.plan_views import action_rows
from assess.web.app import create_app
from tests.reports.readback import HOSTILE_ANSWER, MARKUP

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "plans"
COUNTRIES = ("XA", "XB")
HOSTILE_QUESTION = "profile_team"  # a text question of cbrn-needs
NONE_MET_QUESTION = "leg_law_cover"  # a checklist of cbrn-needs XA answers "none of these is met"
PRIVATE_ANSWER = "Belmora private answer 7f3c"  # XB's answer to HOSTILE_QUESTION, never shared
EDITED_LEAD = "Ministry of <i>Interior</i> & Civil Protection"


@dataclass(frozen=True)
class Stored:
    """The database's app and URL, and the two countries' assessments."""

    app: Flask
    url: str


def build(folder: Path, version: str = "1.1") -> Stored:
    """Migrate, seed people, answer and accept XA and XB on cbrn-needs `version`, generate both
    plans, edit one action."""
    url = f"sqlite:///{folder / 'plans.sqlite3'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "QUESTIONNAIRES_DIR": ROOT / "questionnaires",
            "REPORT_RESULT_DIR": folder / "out",
        }
    )
    upgrade(app.extensions["assess.engine"])
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(demo.PASSWORD)
    with Database.factory(app)() as session:
        demo.seed_people(session, quick)
        for code in COUNTRIES:
            _accepted(session, code, version)
        xa = _assessment(session, "XA")
        nfp = _user(session, "nfp-xa")
        plan = plans.generate_national(session, nfp, xa).plan
        first = action_rows(plan)[0].action_id
        plans.edit_action(session, nfp, plan, first, {"lead_agency": EDITED_LEAD})
        region = session.scalars(select(Region).where(Region.code == "SEEE")).one()
        plans.generate_regional(session, _user(session, "secretariat-seee"), region)
    return Stored(app, url)


def _user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _assessment(session: Session, code: str) -> Assessment:
    return session.scalars(
        select(Assessment).join(Assessment.country).where(Country.code == code)
    ).one()


def _accepted(session: Session, code: str, version: str) -> None:
    country = session.scalars(select(Country).where(Country.code == code)).one()
    secretariat = _user(session, "secretariat-seee")
    nfp = _user(session, f"nfp-{code.lower()}")
    opened = lifecycle.open_round(session, secretariat, country, "cbrn-needs", version, "2026")
    questionnaire = demo.questionnaires(session).get("cbrn-needs", version)
    demo.fill(session, nfp, opened, questionnaire, code, share=1.0)
    if code == "XB":
        record = records_of(session, opened)[HOSTILE_QUESTION]
        save_answer(
            session, nfp, opened, HOSTILE_QUESTION, "answered", PRIVATE_ANSWER, None, record.version
        )
    if code == "XA":
        record = records_of(session, opened)[HOSTILE_QUESTION]
        save_answer(
            session,
            nfp,
            opened,
            HOSTILE_QUESTION,
            "answered",
            MARKUP,
            HOSTILE_ANSWER,
            record.version,
        )
        record = records_of(session, opened)[NONE_MET_QUESTION]
        save_answer(
            session,
            nfp,
            opened,
            NONE_MET_QUESTION,
            "answered",
            frozenset(),
            None,
            record.version,
            ["Legal inventory, 2026"],
        )
    lifecycle.submit(session, nfp, opened)
    lifecycle.accept(session, secretariat, opened)
    if code == "XA":
        lifecycle.share_with_region(session, nfp, opened, True)
