"""Helpers the carry-forward tests share: an accepted earlier round and the next one opened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, User
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services.questionnaires import questionnaires

PUBLISHED = Path(__file__).parents[2] / "questionnaires"
# A test module sets `APP_SETTINGS = CBRN_APP` for its app to serve the shipped questionnaires.
CBRN_APP = {"QUESTIONNAIRES_DIR": PUBLISHED}
# The demo's history on the shipped questionnaire: its newest version, the 2026 round's, and the
# version that one declares its migration from, the 2025 round's.
NEWEST = QuestionnaireRegistry(PUBLISHED).latest("cbrn-needs")
LATEST, PAST = NEWEST.version, NEWEST.migration.from_version


def country(db: Session, code: str) -> Country:
    return db.scalars(select(Country).where(Country.code == code)).one()


def accepted_round(
    db: Session, world: dict[str, User], qid: str, version: str, label: str, code: str = "XA"
) -> Assessment:
    """A round of the country with every applicable question answered, accepted."""
    assessment = lifecycle.open_round(db, world["admin"], country(db, code), qid, version, label)
    questionnaire = questionnaires(db).get(qid, version)
    demo_data.fill(db, world[f"nfp-{code.lower()}"], assessment, questionnaire, code, share=1.0)
    assessment.status = "accepted"
    db.commit()
    return assessment
