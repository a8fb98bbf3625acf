"""Helpers the fill and language tests share: the fill-test questionnaire and a draft round."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, User
from assess.services import assessments as lifecycle

FILL_QUESTIONNAIRES = Path(__file__).parent / "fill_questionnaires"
# A test module sets `APP_SETTINGS = FILL_APP` for its `app` to serve the fill-test questionnaire;
# its `assessment` (tests/web/conftest.py) is then XA's draft round of it.
FILL_APP = {"QUESTIONNAIRES_DIR": FILL_QUESTIONNAIRES}


def open_draft(db: Session, admin: User, country_code: str = "XA") -> int:
    """A draft round of fill-test 1.0 for the country; returns its id."""
    country = db.scalar(select(Country).where(Country.code == country_code))
    return lifecycle.open_round(db, admin, country, "fill-test", "1.0", "2026").id


def set_status(db: Session, assessment_id: int, status: str) -> None:
    """Put an assessment straight into a status (the lifecycle itself is tested elsewhere)."""
    db.get(Assessment, assessment_id).status = status
    db.commit()


def area_url(assessment_id: int, area_id: str) -> str:
    return f"/assessments/{assessment_id}/areas/{area_id}"


def answer_url(assessment_id: int, question_id: str) -> str:
    return f"/assessments/{assessment_id}/answers/{question_id}"
