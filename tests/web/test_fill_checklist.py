"""A checklist answered "none of these is met": the same answer from the page's save button and
from the autosave script, shown again after a reload, scored as the scale's minimum."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord, Assessment
from assess.scoring import score_assessment
from assess.services.answers import records_of, typed_answers
from assess.services.questionnaires import questionnaire_of
from tests.web.fill_support import FILL_APP, answer_url, area_url

NONE_BOX = re.compile(r'<input (checked )?id="q-leg_checks-none" name="q-leg_checks-none"')


APP_SETTINGS = FILL_APP


def stored(db, assessment: int) -> tuple[str, object, int] | None:
    db.expire_all()
    record = db.scalar(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == assessment, AnswerRecord.question_id == "leg_checks"
        )
    )
    return (record.status, record.value, record.version) if record else None


def none_ticked(html: str) -> bool:
    found = NONE_BOX.search(html)
    assert found, "no 'none of these is met' box on the page"
    return found.group(1) is not None


def save_none_with_the_form(client, assessment: int):
    return client.post(area_url(assessment, "legal"), data={"q-leg_checks-none": "y"})


def save_none_with_the_script(client, assessment: int):
    return client.post(
        answer_url(assessment, "leg_checks"),
        json={"state": "answered", "value": [], "none": True, "version": 0},
    )


@pytest.mark.parametrize(
    "save", [save_none_with_the_form, save_none_with_the_script], ids=["form", "script"]
)
def test_none_met_is_stored_as_an_answer_with_no_item(client, db, login, assessment, save):
    login("nfp-xa")
    assert save(client, assessment).status_code in (200, 303)
    assert stored(db, assessment) == ("answered", [], 1)


@pytest.mark.parametrize(
    "save", [save_none_with_the_form, save_none_with_the_script], ids=["form", "script"]
)
def test_none_met_is_shown_ticked_after_a_reload(client, login, assessment, save):
    login("nfp-xa")
    before = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    save(client, assessment)
    after = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    assert (none_ticked(before), none_ticked(after)) == (False, True)


def test_posting_the_page_back_unchanged_keeps_none_met_as_it_is(client, db, login, assessment):
    login("nfp-xa")
    save_none_with_the_script(client, assessment)
    page = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    echo = dict(re.findall(r'name="(q-[^"]+-(?:seen|version))"[^>]*value="([^"]*)"', page))
    response = client.post(area_url(assessment, "legal"), data={**echo, "q-leg_checks-none": "y"})
    assert (response.status_code, stored(db, assessment)) == (303, ("answered", [], 1))


def test_no_box_ticked_and_none_met_not_ticked_stays_unanswered(client, db, login, assessment):
    login("nfp-xa")
    client.post(area_url(assessment, "legal"), data={"q-leg_checks-state": "answered"})
    assert stored(db, assessment) is None


def test_none_met_beside_ticked_items_is_refused(client, db, login, assessment):
    login("nfp-xa")
    response = client.post(
        answer_url(assessment, "leg_checks"),
        json={"value": ["chk_list"], "none": True, "version": 0},
    )
    assert (response.status_code, response.get_json()["message"]) == (
        422,
        "tick the items met or 'none of these is met', not both",
    )
    assert stored(db, assessment) is None


def test_none_met_counts_as_answered_and_scores_the_scale_minimum(client, db, login, assessment):
    login("nfp-xa")
    reply = save_none_with_the_script(client, assessment).get_json()
    draft = db.get(Assessment, assessment)
    questionnaire = questionnaire_of(db, draft)
    score = score_assessment(questionnaire, typed_answers(questionnaire, records_of(db, draft)))
    assert reply["progress"]["legal"] == [1, 3]
    assert (score["leg_checks"].score, score["leg_checks"].level) == (0, 1)
