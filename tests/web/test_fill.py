"""Area pages without scripts: fill by posting the whole area, see it back, conditions, rights."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord, AuditEvent
from tests.web.fill_support import FILL_APP, area_url, set_status

LEGAL_POST = {
    "q-leg_law-state": "answered",
    "q-leg_law-value": "2",
    "q-leg_law-comment": "Law 12/2019, not yet enforced",
    "q-leg_nuclear-state": "answered",
    "q-leg_nuclear-value": "yes",
    "q-leg_checks-state": "answered",
    "q-leg_checks-value": ["chk_list", "chk_licence"],
    "q-leg_checks-evidence": "https://laws.example/12-2019\nDecree 4 of 2020",
}


APP_SETTINGS = FILL_APP


def stored(db, assessment: int) -> dict[str, tuple[str, object, str | None, int]]:
    db.expire_all()
    rows = db.scalars(select(AnswerRecord).where(AnswerRecord.assessment_id == assessment))
    return {r.question_id: (r.status, r.value, r.comment, r.version) for r in rows}


def block(html: str, question_id: str) -> str:
    """The markup of one question's fieldset."""
    match = re.search(rf'<fieldset[^>]*id="q-{question_id}".*?</fieldset>', html, re.S)
    assert match, f"no block for {question_id}"
    return match.group(0)


def test_an_area_page_shows_its_questions_with_level_descriptors(client, login, assessment):
    login("nfp-xa")
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    law = block(html, "leg_law")
    assert '<span class="choice-label">Developing</span>' in law
    assert '<span class="descriptor">Work has started.</span>' in law


def test_evidence_required_before_submission_is_marked(client, login, assessment):
    login("nfp-xa")
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    marked = "(required before submission)</span></label>"
    assert [marked in block(html, q) for q in ("leg_law", "leg_checks")] == [False, True]


def test_filling_an_area_by_posting_the_form_keeps_every_answer(client, db, login, assessment):
    login("nfp-xa")
    response = client.post(area_url(assessment, "legal"), data=LEGAL_POST)
    assert response.status_code == 303
    assert stored(db, assessment) == {
        "leg_law": ("answered", 2, "Law 12/2019, not yet enforced", 1),
        "leg_nuclear": ("answered", "yes", None, 1),
        "leg_checks": ("answered", ["chk_licence", "chk_list"], None, 1),
    }


def test_after_a_reload_the_page_shows_every_answer(client, login, assessment):
    login("nfp-xa")
    client.post(area_url(assessment, "legal"), data=LEGAL_POST)
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    assert 'checked id="q-leg_law-value-1"' in block(html, "leg_law")
    assert "Law 12/2019, not yet enforced</textarea>" in block(html, "leg_law")
    assert 'checked id="q-leg_nuclear-value-0"' in block(html, "leg_nuclear")
    checks = block(html, "leg_checks")
    assert re.findall(r'checked id="q-leg_checks-value-(\d)"', checks) == ["0", "1"]
    assert "https://laws.example/12-2019\nDecree 4 of 2020</textarea>" in checks


def test_a_post_saves_only_the_answers_that_changed(client, db, login, assessment):
    login("nfp-xa")
    client.post(area_url(assessment, "legal"), data=LEGAL_POST)
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    echo = dict(re.findall(r'name="(q-[^"]+-(?:seen|version))"[^>]*value="([^"]*)"', html))
    client.post(area_url(assessment, "legal"), data={**LEGAL_POST, **echo, "q-leg_law-value": "3"})
    versions = {qid: row[3] for qid, row in stored(db, assessment).items()}
    assert versions == {"leg_law": 2, "leg_nuclear": 1, "leg_checks": 1}
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "answer")).all()
    assert len(events) == 4


def test_a_wrong_value_is_shown_beside_its_question_and_the_rest_is_saved(
    client, db, login, assessment
):
    login("nfp-xa")
    post = {"q-resp_teams-value": "1,5", "q-resp_notes-value": "Two teams in the capital"}
    response = client.post(area_url(assessment, "response"), data=post)
    assert response.status_code == 422
    teams = block(response.get_data(as_text=True), "resp_teams")
    assert "&#39;1,5&#39; is not a number: write decimals with a point (1.5)</p>" in teams
    assert 'value="1,5"' in teams
    assert stored(db, assessment) == {
        "resp_notes": ("answered", "Two teams in the capital", None, 1)
    }


def test_a_conditional_question_is_hidden_until_its_condition_holds(client, login, assessment):
    login("nfp-xa")
    before = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    client.post(area_url(assessment, "legal"), data={"q-leg_nuclear-value": "yes"})
    after = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    assert 'data-applicable="false" ' in block(before, "leg_regulator")
    assert " hidden>" in block(before, "leg_regulator").split("\n")[2]
    assert 'data-applicable="true"' in block(after, "leg_regulator")


@pytest.mark.parametrize(
    ("post", "legal", "response"),
    [
        ({}, "0 / 3", "0 / 4"),
        ({"q-leg_nuclear-value": "no"}, "1 / 3", "0 / 4"),
        ({"q-leg_nuclear-value": "yes"}, "1 / 4", "0 / 4"),
        ({"q-leg_law-state": "dont_know", "q-leg_nuclear-value": "yes"}, "2 / 4", "0 / 4"),
    ],
)
def test_progress_counts_answered_of_applicable_questions(
    client, login, assessment, post, legal, response
):
    login("nfp-xa")
    client.post(area_url(assessment, "legal"), data=post)
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    shown = dict(re.findall(r'data-progress-area="(\w+)"[^>]*>([^<]*)</span>', html, re.S))
    assert shown == {"legal": legal, "response": response}


@pytest.mark.parametrize("status", ["submitted", "resubmitted", "accepted"])
def test_the_page_is_read_only_when_the_assessment_is_not_open(
    client, db, login, assessment, status
):
    set_status(db, assessment, status)
    login("nfp-xa")
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    assert 'data-readonly-reason="status"' in html
    assert "data-autosave" not in html
    assert 'disabled id="q-leg_law-value-0"' in html
    response = client.post(area_url(assessment, "legal"), data=LEGAL_POST)
    assert response.status_code == 409
    assert stored(db, assessment) == {}


def test_the_secretariat_reads_an_area_but_cannot_change_it(client, db, login, assessment):
    login("secretariat-seee")
    html = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    assert 'data-readonly-reason="role"' in html
    assert client.post(area_url(assessment, "legal"), data=LEGAL_POST).status_code == 403
    assert stored(db, assessment) == {}


@pytest.mark.parametrize(("area", "editable"), [("response", True), ("legal", False)])
def test_a_team_member_changes_only_the_areas_given_to_them(
    client, db, world, login, assessment, area, editable
):
    world["team-xa"].areas = ["response"]
    db.commit()
    login("team-xa")
    html = client.get(area_url(assessment, area)).get_data(as_text=True)
    assert ("data-autosave" in html) is editable


@pytest.mark.parametrize("username", ["nfp-xb", "team-xb", "secretariat-aaf"])
def test_another_country_or_region_gets_not_found(client, login, assessment, username):
    login(username)
    assert client.get(area_url(assessment, "legal")).status_code == 404


def test_an_unknown_area_is_not_found(client, login, assessment):
    login("nfp-xa")
    assert client.get(area_url(assessment, "nowhere")).status_code == 404


def test_two_people_saving_the_same_answer_get_a_conflict_with_both_values(
    client, app, db, login, assessment
):
    login("nfp-xa")
    page = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    echo = dict(re.findall(r'name="(q-[^"]+-(?:seen|version))"[^>]*value="([^"]*)"', page))
    other = app.test_client()
    other.post("/login", data={"username": "team-xa", "password": "assess-demo"})
    other.post(area_url(assessment, "legal"), data={**echo, "q-leg_law-value": "3"})
    response = client.post(area_url(assessment, "legal"), data={**echo, "q-leg_law-value": "1"})
    assert response.status_code == 409
    law = block(response.get_data(as_text=True), "leg_law")
    assert '<dd data-conflict="yours">1 No capacity</dd>' in law
    assert '<dd data-conflict="theirs">3 Sustainable</dd>' in law
    assert stored(db, assessment)["leg_law"] == ("answered", 3, None, 1)


def test_keeping_mine_after_a_conflict_saves_mine(client, app, db, login, assessment):
    login("nfp-xa")
    other = app.test_client()
    other.post("/login", data={"username": "team-xa", "password": "assess-demo"})
    other.post(area_url(assessment, "legal"), data={"q-leg_law-value": "3"})
    conflict = client.post(area_url(assessment, "legal"), data={"q-leg_law-value": "1"})
    echo = dict(
        re.findall(
            r'name="(q-[^"]+-(?:seen|version))"[^>]*value="([^"]*)"',
            conflict.get_data(as_text=True),
        )
    )
    client.post(area_url(assessment, "legal"), data={**echo, "q-leg_law-value": "1"})
    assert stored(db, assessment)["leg_law"] == ("answered", 1, None, 2)
