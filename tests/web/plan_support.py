"""Helpers of the plan tests: the small plan questionnaire, and looking people and rounds up."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, Plan, Region, User
from assess.services import assessments as lifecycle

ROOT = Path(__file__).resolve().parents[2]
PLAN_QUESTIONNAIRES = ROOT / "tests" / "plans" / "data"
PASSWORD = "assess-demo"


def person(db: Session, username: str) -> User:
    return db.scalars(select(User).where(User.username == username)).one()


def assessment_of(db: Session, code: str) -> Assessment:
    return db.scalars(select(Assessment).join(Assessment.country).where(Country.code == code)).one()


def region(db: Session, code: str) -> Region:
    return db.scalars(select(Region).where(Region.code == code)).one()


def accept_all(db: Session, region_code: str) -> None:
    """Bring every assessment of the region to accepted, as its NFPs and secretariat would."""
    secretariat = person(db, f"secretariat-{region_code.lower()}")
    for country in region(db, region_code).countries:
        a = assessment_of(db, country.code)
        nfp = person(db, f"nfp-{country.code.lower()}")
        if a.status == "draft":
            lifecycle.submit(db, nfp, a)
        if a.status == "returned":
            lifecycle.resubmit(db, nfp, a)
        if a.status in ("submitted", "resubmitted"):
            lifecycle.accept(db, secretariat, a)


def signed_in(app: Flask, username: str):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    return client


def plan_of(db: Session, assessment: Assessment) -> Plan:
    db.expire_all()
    return db.scalars(select(Plan).where(Plan.assessment_id == assessment.id)).one()
