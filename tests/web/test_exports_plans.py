"""The plan actions export, on the web test questionnaire with action templates (plans made
from it have actions)."""

from __future__ import annotations

from assess.services.plan_views import action_rows
from assess.services.plans import generate_national, national_plan_of
from tests.web.test_exports import assessment_of, csv_rows, fetched
from tests.web.test_leak_crawl import PLAN_QUESTIONNAIRES

APP_SETTINGS = {"QUESTIONNAIRES_DIR": PLAN_QUESTIONNAIRES}


def test_plan_actions_are_those_of_the_stored_plan_as_people_left_them(client, demo, login, db):
    xd = assessment_of(db, "XD")
    generate_national(db, demo["nfp-xd"], xd)
    plan = national_plan_of(db, xd)
    first = next(a for a in plan.actions if a.active)
    first.edits = {**first.edits, "lead_agency": "=Ministry of Health", "progress": 40}
    db.commit()
    login("nfp-xd")
    _delimiter, rows = csv_rows(fetched(client, f"/assessments/{xd.id}/export?table=actions"))
    expected = [row.fields for row in action_rows(plan)]
    assert [r["action_id"] for r in rows] == [fields["id"] for fields in expected] != []
    edited = next(r for r in rows if r["action_id"] == first.action_id)
    assert (edited["lead"], edited["progress"]) == ("'=Ministry of Health", "40")
    assert [r["priority"] for r in rows] == [fields["priority"] for fields in expected]
