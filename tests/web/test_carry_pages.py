"""Carried answers on the area page: the badge, last round's answer, confirming without scripts,
and who may confirm."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord
from assess.services import carry_forward, rounds
from assess.services.rounds import RoundName
from tests.services.carry_support import CBRN_APP, accepted_round, country
from tests.web.fill_support import area_url

APP_SETTINGS = CBRN_APP


@pytest.fixture
def carried(db, world) -> int:
    """XA's round 2027 under cbrn-needs 1.1, carried from its accepted round 2026 under 1.0."""
    accepted_round(db, world, "cbrn-needs", "1.0", "2026")
    opened = rounds.open_rounds(
        db, world["admin"], [country(db, "XA")], "cbrn-needs", "1.1", RoundName(2027), None
    )
    return opened.opened[0].id


def confirm_url(assessment: int) -> str:
    return f"/assessments/{assessment}/carried/confirm"


def carried_marks(db, assessment: int) -> dict[str, str | None]:
    db.expire_all()
    rows = db.execute(
        select(AnswerRecord.question_id, AnswerRecord.carried_from).where(
            AnswerRecord.assessment_id == assessment
        )
    )
    return dict(rows.all())


def test_the_area_page_marks_carried_answers_and_shows_last_rounds_answer(
    client, login, carried
) -> None:
    login("nfp-xa")
    page = client.get(area_url(carried, "coord")).get_data(as_text=True)
    assert page.count("From 2026: confirm or change") == page.count('name="confirm"') > 0
    assert 'id="confirm-area"' in page
    assert re.search(r"answers of this area are carried from round 2026", page)
    # Beside every question of the area answered in 2026, in words (a level's label).
    assert page.count('class="last-answer"') == page.count("From 2026: confirm or change")
    assert re.search(r"Last round \(2026\): [A-Z][a-z]", page)


def test_a_question_new_in_this_version_shows_no_last_answer(client, login, carried) -> None:
    login("nfp-xa")
    page = client.get(area_url(carried, "aware")).get_data(as_text=True)
    assert 'data-last-answer="aware_rumours"' not in page
    assert 'data-last-answer="aware_industry"' in page


def test_confirming_one_answer_without_scripts_redirects_to_it(client, login, db, carried) -> None:
    login("nfp-xa")
    response = client.post(confirm_url(carried), data={"confirm": "coord_body"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(area_url(carried, "coord") + "#q-coord_body")
    marks = carried_marks(db, carried)
    assert marks["coord_body"] is None
    assert marks["coord_meetings"] == "2026"
    page = client.get(area_url(carried, "coord")).get_data(as_text=True)
    assert "1 carried answer confirmed." in page


def test_confirming_an_area_confirms_only_that_area(client, login, db, carried) -> None:
    login("nfp-xa")
    response = client.post(confirm_url(carried), data={"confirm-area": "coord"})
    assert response.status_code == 303
    marks = carried_marks(db, carried)
    assert all(marks[q] is None for q in marks if q.startswith("coord_"))
    assert marks["leg_penal"] == "2026"
    page = client.get(area_url(carried, "coord")).get_data(as_text=True)
    assert "confirm or change" not in page and 'id="confirm-area"' not in page


@pytest.mark.parametrize(
    ("username", "status"),
    [("nfp-xb", 404), ("secretariat-seee", 403), ("secretariat-aaf", 404), ("expert", 404)],
)
def test_others_may_not_confirm(client, login, db, carried, username, status) -> None:
    login(username)
    response = client.post(confirm_url(carried), data={"confirm": "coord_body"})
    assert response.status_code == status
    assert carried_marks(db, carried)["coord_body"] == "2026"


def test_a_team_member_confirms_only_within_their_areas(client, login, db, world, carried):
    team = world["team-xa"]
    team.areas = ["coord"]
    db.commit()
    login("team-xa")
    assert client.post(confirm_url(carried), data={"confirm": "coord_body"}).status_code == 303
    refused = client.post(confirm_url(carried), data={"confirm-area": "surv"})
    assert refused.status_code == 403
    assert carried_marks(db, carried)["surv_ebs"] == "2026"
    page = client.get(area_url(carried, "surv")).get_data(as_text=True)
    assert "From 2026: confirm or change" in page and 'name="confirm"' not in page


@pytest.mark.parametrize(
    "data", [{"confirm": "no_such_question"}, {"confirm-area": "no_such_area"}, {}]
)
def test_confirming_nothing_known_is_refused_clearly(client, login, carried, data) -> None:
    login("nfp-xa")
    assert client.post(confirm_url(carried), data=data).status_code in (400, 404)


def test_submitting_names_the_carried_answers_still_to_confirm(client, login, db, carried):
    login("nfp-xa")
    refused = client.post(
        f"/assessments/{carried}/submit", data={"confirm": "yes"}, follow_redirects=True
    )
    page = refused.get_data(as_text=True)
    stopping = page[page.index('id="stopping"') :]
    assert "Carried answers still to confirm or change" in stopping
    assert "#q-has_nuclear_facility" in stopping and "(has_nuclear_facility)" not in page
    assert db.get(carry_forward.Assessment, carried).status == "draft"


def test_the_overview_lists_what_was_not_carried_and_what_to_confirm(client, login, carried):
    login("nfp-xa")
    page = client.get(f"/assessments/{carried}").get_data(as_text=True)
    assert "Answers of round 2026 not carried into this round" in page
    lost = re.search(r'<ul id="not-carried">(.*?)</ul>', page, re.S)[1]
    assert "reviewed?: the question was removed" in lost and "plan_review_freq" not in lost
    assert lost.count("<li>") == 1
    assert "Carried answers still to confirm or change" in page
    unconfirmed = re.search(r'<ul id="unconfirmed">(.*?)</section>', page, re.S)[1]
    assert "#q-coord_body" in unconfirmed and "(coord_body)" not in unconfirmed


def test_the_round_form_asks_for_confirmation_by_default(client, login, world) -> None:
    login("secretariat-seee")
    page = client.get("/regions/SEEE").get_data(as_text=True)
    assert re.search(r'<input [^>]*checked[^>]*name="confirm_carried"', page)


@pytest.mark.parametrize(("ticked", "stored"), [({"confirm_carried": "y"}, True), ({}, False)])
def test_the_secretariat_chooses_whether_carried_answers_need_confirming(
    client, login, db, world, ticked, stored
) -> None:
    login("secretariat-seee")
    data = {"countries": ["XA", "XB"], "questionnaire": "cbrn-needs|1.1", "year": "2027"}
    data |= {"deadline": "2099-01-01", **ticked}
    assert client.post("/regions/SEEE/rounds", data=data).status_code == 302
    opened = db.scalars(select(carry_forward.Assessment)).all()
    assert [a.confirm_carried for a in opened] == [stored, stored]
