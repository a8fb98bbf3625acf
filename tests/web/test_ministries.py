"""The national team page (the NFP manages its ministries; the team and the secretariat read it),
a ministry's part marked done from the overview (confirming what is still blank), and the submit
confirmation naming the parts not done."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from assess.models import Assessment, AuditEvent, Country, Ministry
from assess.services import ministries


def xa_draft(db) -> Assessment:
    query = select(Assessment).join(Assessment.country).where(Country.code == "XA")
    return db.scalars(query).one()


def ministry(db, name: str) -> Ministry:
    return db.scalars(select(Ministry).where(Ministry.name == name)).one()


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_demo_team_page_lists_arvenias_two_ministries(client, demo, login) -> None:
    login("team-xa")
    page = page_of(client.get("/countries/XA/ministries"))
    assert ("Ministry of Health (MoH)" in page, "Civil Protection Agency (CPA)" in page) == (
        True,
        True,
    )
    assert 'id="add-ministry"' not in page and "ministry-edit" not in page


def test_the_nfp_adds_a_ministry_with_areas_and_a_member(client, demo, login, db) -> None:
    login("nfp-xa")
    team = demo["team-xa"]
    response = client.post(
        "/countries/XA/ministries",
        data={"new-name": "Ministry of the Interior", "new-short_name": "MoI",
              "new-areas": ["response"], "new-members": [str(team.id)]},
    )  # fmt: skip
    assert (response.status_code, response.headers["Location"]) == (303, "/countries/XA/ministries")
    made = ministry(db, "Ministry of the Interior")
    assert (made.areas, [u.username for u in made.members]) == (["response"], ["team-xa"])
    page = page_of(client.get("/countries/XA/ministries"))
    assert "The ministry or agency Ministry of the Interior is added." in page
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "ministry-created"))
    assert "Ministry of the Interior" in [e.new["name"] for e in events]


def test_a_refused_ministry_keeps_what_was_typed_and_says_why(client, demo, login) -> None:
    login("nfp-xa")
    response = client.post(
        "/countries/XA/ministries",
        data={"new-name": "ministry of health", "new-short_name": "Typed", "new-areas": ["legal"]},
    )
    page = page_of(response)
    assert response.status_code == 422
    assert 'id="new-name-error"' in page
    assert "the country already has a ministry or agency by this name" in page
    assert 'value="Typed"' in page and 'value="ministry of health"' in page


def test_the_nfp_changes_a_ministry_and_another_keeps_its_values(client, demo, login, db) -> None:
    login("nfp-xa")
    health, cpa = ministry(db, "Ministry of Health"), ministry(db, "Civil Protection Agency")
    response = client.post(
        f"/countries/XA/ministries/{health.id}",
        data={f"m{health.id}-name": "", f"m{health.id}-areas": ["legal"]},
    )
    page = page_of(response)
    assert response.status_code == 422
    assert f'id="m{health.id}-name-error"' in page
    other = re.search(f'<input[^>]*id="m{cpa.id}-name"[^>]*>', page)
    assert other is not None and 'value="Civil Protection Agency"' in other.group(0)


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee", "admin"])
def test_only_the_nfp_may_change_the_ministries(client, demo, login, db, username) -> None:
    login(username)
    health = ministry(db, "Ministry of Health")
    assert client.post("/countries/XA/ministries", data={"new-name": "X"}).status_code == 403
    assert client.post(f"/countries/XA/ministries/{health.id}/remove").status_code == 403


def test_the_secretariat_reads_the_team_page_without_forms(client, demo, login) -> None:
    login("secretariat-seee")
    response = client.get("/countries/XA/ministries")
    assert response.status_code == 200 and "<form" not in page_of(response).split("<main", 1)[1]


def test_the_overview_shows_who_still_owes_what(client, demo, login, db) -> None:
    login("secretariat-seee")
    page = page_of(client.get(f"/assessments/{xa_draft(db).id}"))
    part = page.split('id="parts-table"', 1)[1].split("</table>", 1)[0]
    assert "Ministry of Health" in part and "yes, marked by team-xa" in part
    assert "Civil Protection Agency" in part and "not yet" in part
    assert "Mark done" not in part  # the secretariat reads it only


def test_marking_done_with_blanks_asks_first_and_says_what_is_blank(
    client, demo, login, db
) -> None:
    draft = xa_draft(db)
    cpa = ministry(db, "Civil Protection Agency")
    assert ministries.part_of(db, draft, cpa).blank != ()
    login("nfp-xa")
    url = f"/assessments/{draft.id}/parts/{cpa.id}"
    asked = page_of(client.post(url, data={"done": "yes"}))
    assert 'id="confirm-blank"' in asked and 'id="part-blank"' in asked
    assert ministries.part_of(db, draft, cpa).done is None
    done = client.post(url, data={"done": "yes", "confirm": "yes"})
    assert done.status_code == 303
    db.expire_all()
    assert ministries.part_of(db, draft, cpa).done.by.username == "nfp-xa"
    client.post(url, data={"done": "no"})
    db.expire_all()
    assert ministries.part_of(db, draft, cpa).done is None


def test_a_team_member_outside_a_ministry_may_not_mark_it(client, demo, login, db) -> None:
    login("team-xa")
    cpa = ministry(db, "Civil Protection Agency")
    url = f"/assessments/{xa_draft(db).id}/parts/{cpa.id}"
    assert client.post(url, data={"done": "yes", "confirm": "yes"}).status_code == 403


def test_the_submit_confirmation_names_the_parts_not_done(client, demo, login, db) -> None:
    login("nfp-xa")
    page = page_of(client.get(f"/assessments/{xa_draft(db).id}/submit"))
    warning = page.split('id="parts-not-done"', 1)[1].split("</section>", 1)[0]
    assert "Civil Protection Agency" in warning and "Ministry of Health" not in warning
    assert "a warning, not a block" in warning


def test_a_part_cannot_change_once_sent(client, demo, login, db) -> None:
    draft = xa_draft(db)
    health = ministry(db, "Ministry of Health")
    draft.status = "submitted"
    db.commit()
    login("team-xa")
    response = client.post(f"/assessments/{draft.id}/parts/{health.id}", data={"done": "no"})
    assert response.status_code == 409
    assert "its parts can no longer change" in page_of(response)


def test_the_events_log_says_who_named_a_ministry(client, demo, login) -> None:
    login("admin")
    page = page_of(client.get("/admin/events"))
    assert "nfp-xa named the ministry or agency Ministry of Health of XA." in page


@pytest.mark.parametrize(("area", "editable"), [("legal", True), ("response", False)])
def test_a_member_edits_the_areas_of_their_ministry_only(client, demo, login, db, area, editable):
    login("team-xa")  # in the demo, of the Ministry of Health, which holds the first area
    page = page_of(client.get(f"/assessments/{xa_draft(db).id}/areas/{area}"))
    assert ("data-autosave" in page) is editable
