"""The audit trail: append-only in the database itself, and readable per question."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from assess.models import Assessment, AuditEvent, Country


@pytest.fixture
def events(db, demo) -> int:
    return len(db.scalars(select(AuditEvent)).all())


@pytest.mark.parametrize(
    "statement",
    [update(AuditEvent).values(action="forged"), delete(AuditEvent)],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_or_delete_audit_events(db, events, statement) -> None:
    with pytest.raises(DatabaseError, match=re.escape("audit_events is append-only")):
        db.execute(statement)
    db.rollback()
    assert len(db.scalars(select(AuditEvent)).all()) == events > 0


def test_the_audit_guard_cannot_be_dodged_with_raw_sql(db, events) -> None:
    with pytest.raises(DatabaseError, match=re.escape("audit_events is append-only")):
        db.execute(text("DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)"))
    db.rollback()


def assessment_of(db, code: str) -> Assessment:
    query = select(Assessment).join(Assessment.country).where(Country.code == code)
    return db.scalars(query).one()


def test_the_question_history_page_lists_changes_and_queries(app, db, demo, login, client) -> None:
    returned = assessment_of(db, "XC")
    first = db.scalars(
        select(AuditEvent.question_id).where(
            AuditEvent.assessment_id == returned.id, AuditEvent.action == "query"
        )
    ).one()
    login("nfp-xc")
    page = client.get(f"/assessments/{returned.id}/audit/{first}").get_data(as_text=True)
    assert "Please say what this answer rests on" in page
    assert "<td>nfp-xc</td>" in page and "<td>secretariat-aaf</td>" in page
    assert "<td>Answer changed</td>" in page and "<td>Query from the secretariat</td>" in page


def test_the_history_of_an_unknown_question_is_not_found(db, demo, login, client) -> None:
    login("nfp-xa")
    response = client.get(f"/assessments/{assessment_of(db, 'XA').id}/audit/no_such_question")
    assert response.status_code == 404


def test_another_country_cannot_read_the_history(db, demo, login, client) -> None:
    login("nfp-xb")
    assessment = assessment_of(db, "XA")
    assert client.get(f"/assessments/{assessment.id}/audit/leg_law").status_code == 404
