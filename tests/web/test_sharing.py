"""The NFP's choice to print the country's answers in its region's plan report: only the NFP
changes it, through the overview's form; it is audited and shown with its state."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from assess.models import Assessment, AuditEvent, Country
from assess.services import access


def assessment_of(db, code: str) -> Assessment:
    query = select(Assessment).join(Assessment.country).where(Country.code == code)
    return db.scalars(query).one()


def sharing_events(db, assessment: Assessment) -> list[tuple[str, object, object]]:
    query = select(AuditEvent).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.action == "sharing"
    )
    return [(e.user.username, e.old, e.new) for e in db.scalars(query.order_by(AuditEvent.id))]


def test_answers_are_not_shared_until_the_nfp_agrees(client, demo, login, db) -> None:
    xa = assessment_of(db, "XA")
    assert xa.shares_answers is False
    login("nfp-xa")
    page = html.unescape(client.get(f"/assessments/{xa.id}").get_data(as_text=True))
    assert "does not print this country's answers" in page
    assert 'id="shares" name="shares" type="checkbox"' in page
    assert '<input checked id="shares"' not in page


def test_the_nfp_shares_then_stops_sharing_and_each_change_is_audited(
    client, demo, login, db
) -> None:
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    response = client.post(f"/assessments/{xa.id}/sharing", data={"shares": "y"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/assessments/{xa.id}")
    db.expire_all()
    assert xa.shares_answers is True
    page = html.unescape(client.get(f"/assessments/{xa.id}").get_data(as_text=True))
    assert "The regional plan report prints this country's answers." in page
    assert '<input checked id="shares"' in page
    assert "Your answers will be printed in the regional plan." in page
    assert "Sharing with the region changed: answers not shared → answers shared" in page
    client.post(f"/assessments/{xa.id}/sharing", data={})
    db.expire_all()
    assert xa.shares_answers is False
    assert sharing_events(db, xa) == [
        ("nfp-xa", {"shares": False}, {"shares": True}),
        ("nfp-xa", {"shares": True}, {"shares": False}),
    ]


def test_saving_the_same_choice_records_no_event(client, demo, login, db) -> None:
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    client.post(f"/assessments/{xa.id}/sharing", data={})
    assert sharing_events(db, xa) == []


@pytest.mark.parametrize(
    ("username", "status"),
    [("secretariat-seee", 403), ("team-xa", 403), ("admin", 403), ("nfp-xb", 404)],
)
def test_only_the_countrys_nfp_may_share(client, demo, login, db, username, status) -> None:
    xa = assessment_of(db, "XA")
    login(username)
    assert client.post(f"/assessments/{xa.id}/sharing", data={"shares": "y"}).status_code == status
    db.expire_all()
    assert xa.shares_answers is False and sharing_events(db, xa) == []


@pytest.mark.parametrize("username", ["secretariat-seee", "team-xa", "admin"])
def test_others_see_the_state_but_no_form(client, demo, login, db, username) -> None:
    xa = assessment_of(db, "XA")
    login(username)
    page = html.unescape(client.get(f"/assessments/{xa.id}").get_data(as_text=True))
    assert "does not print this country's answers" in page
    assert 'name="shares"' not in page


def test_the_rule_is_the_nfps_of_the_country(db, demo) -> None:
    xa = assessment_of(db, "XA")
    users = {u: demo[u] for u in ("nfp-xa", "nfp-xb", "team-xa", "secretariat-seee", "admin")}
    allowed = {name for name, user in users.items() if access.can_share_answers(user, xa)}
    assert allowed == {"nfp-xa"}
