"""The lifecycle: open, submit, return with queries, resubmit, accept; and who may do each."""

from __future__ import annotations

import re

import pytest

from assess.models import Assessment
from assess.services import assessments as lifecycle
from assess.services.answers import save_answer
from assess.services.audit import trail
from assess.services.errors import (
    InvalidInput,
    InvalidTransition,
    Locked,
    MissingAnswers,
    NotAllowed,
)

REQUIRED = {"leg_law": 2, "leg_nuclear": "no"}


@pytest.fixture
def draft(db, world) -> Assessment:
    """A fresh 2026 round of web-test 1.0 for Arvenia (XA), opened by its secretariat."""
    country = world["nfp-xa"].country
    return lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026")


def answer_required(db, user, assessment: Assessment) -> None:
    for question_id, value in REQUIRED.items():
        save_answer(db, user, assessment, question_id, "answered", value, None, 0)


@pytest.fixture
def submitted(db, world, draft) -> Assessment:
    answer_required(db, world["nfp-xa"], draft)
    lifecycle.submit(db, world["nfp-xa"], draft)
    return draft


@pytest.fixture
def returned(db, world, submitted) -> Assessment:
    lifecycle.return_with_queries(
        db, world["secretariat-seee"], submitted, {"leg_law": "Which law is this?"}
    )
    return submitted


def test_opening_a_round_makes_a_draft_and_records_it(db, world, draft) -> None:
    assert (draft.status, draft.questionnaire_id, draft.questionnaire_version) == (
        "draft",
        "web-test",
        "1.0",
    )
    assert [(e.action, e.new["status"]) for e in trail(db, draft)] == [("open", "draft")]


@pytest.mark.parametrize("username", ["admin", "secretariat-seee"])
def test_admins_and_the_region_secretariat_open_rounds(db, world, username) -> None:
    country = world["nfp-xb"].country
    assessment = lifecycle.open_round(db, world[username], country, "web-test", "1.0", "2027")
    assert assessment.status == "draft"


@pytest.mark.parametrize("username", ["secretariat-aaf", "nfp-xa", "team-xa", "expert"])
def test_others_may_not_open_a_round(db, world, username) -> None:
    with pytest.raises(
        NotAllowed, match=re.escape("You may not open an assessment round for Arvenia.")
    ):
        lifecycle.open_round(
            db, world[username], world["nfp-xa"].country, "web-test", "1.0", "2027"
        )


@pytest.mark.parametrize(
    ("questionnaire", "version", "label", "message"),
    [
        ("web-test", "9.9", "2027", "questionnaire web-test 9.9 is not published"),
        ("nothing", "1.0", "2027", "questionnaire nothing 1.0 is not published"),
        ("web-test", "1.0", "  ", "Give the round's year as four digits"),
        ("web-test", "1.0", "next year", "Give the round's year as four digits"),
    ],
)
def test_a_round_needs_a_published_version_and_a_label(
    db, world, questionnaire, version, label, message
):
    with pytest.raises(InvalidInput, match=message):
        lifecycle.open_round(
            db, world["admin"], world["nfp-xa"].country, questionnaire, version, label
        )


def test_a_round_label_is_used_once_per_country_and_questionnaire(db, world, draft) -> None:
    with pytest.raises(
        InvalidInput, match=re.escape("Arvenia already has a round '2026' of web-test.")
    ):
        lifecycle.open_round(db, world["admin"], draft.country, "web-test", "1.0", "2026")


def test_submitting_lists_the_required_questions_still_missing(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_nuclear", "answered", "yes", None, 0)
    with pytest.raises(MissingAnswers) as refused:
        lifecycle.submit(db, world["nfp-xa"], draft)
    # leg_regulator applies because leg_nuclear is 'yes'; resp_* are not required.
    assert refused.value.missing == ["leg_law", "leg_regulator"]
    assert draft.status == "draft"


def test_a_required_question_whose_condition_is_false_is_not_missing(db, world, draft) -> None:
    answer_required(db, world["nfp-xa"], draft)
    assert lifecycle.missing_answers(db, draft) == []


def test_dont_know_counts_as_an_answer_at_submission(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "dont_know", None, None, 0)
    save_answer(db, world["nfp-xa"], draft, "leg_nuclear", "na", None, None, 0)
    lifecycle.submit(db, world["nfp-xa"], draft)
    assert draft.status == "submitted"


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee", "admin", "nfp-xb"])
def test_only_the_nfp_submits(db, world, draft, username) -> None:
    answer_required(db, world["nfp-xa"], draft)
    with pytest.raises(
        NotAllowed, match=re.escape("Only the country's National Focal Point may submit")
    ):
        lifecycle.submit(db, world[username], draft)


def test_submitting_records_the_status_change(db, world, submitted) -> None:
    changes = [
        (e.old, e.new, e.user.username) for e in trail(db, submitted) if e.action == "status"
    ]
    assert changes == [({"status": "draft"}, {"status": "submitted"}, "nfp-xa")]


def test_answers_are_locked_while_under_review(db, world, submitted) -> None:
    with pytest.raises(
        Locked, match=re.escape("This assessment is under review; answers cannot change now.")
    ):
        save_answer(db, world["nfp-xa"], submitted, "resp_teams", "answered", 3, None, 0)


def test_returning_needs_at_least_one_query(db, world, submitted) -> None:
    with pytest.raises(InvalidInput, match=re.escape("Write a query on at least one question")):
        lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {"leg_law": " "})


def test_a_query_must_name_a_question_of_the_questionnaire(db, world, submitted) -> None:
    with pytest.raises(InvalidInput, match=re.escape("web-test 1.0 has no question 'legal'")):
        lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {"legal": "Why?"})


def test_returning_opens_queries_and_unlocks_the_answers(db, world, returned) -> None:
    assert returned.status == "returned"
    assert [(q.question_id, q.messages[0].text) for q in lifecycle.open_queries(db, returned)] == [
        ("leg_law", "Which law is this?")
    ]
    result = save_answer(db, world["nfp-xa"], returned, "leg_law", "answered", 3, "Law 12/2019", 1)
    assert result.answer.version == 2


@pytest.mark.parametrize("username", ["secretariat-aaf", "nfp-xa", "team-xa", "expert"])
def test_only_the_region_secretariat_or_an_admin_returns(db, world, submitted, username) -> None:
    with pytest.raises(NotAllowed, match=re.escape("Only the region's secretariat may return")):
        lifecycle.return_with_queries(db, world[username], submitted, {"leg_law": "Why?"})


def test_resubmitting_answers_the_open_queries(db, world, returned) -> None:
    lifecycle.resubmit(db, world["nfp-xa"], returned)
    assert (returned.status, lifecycle.open_queries(db, returned)) == ("resubmitted", [])


def test_a_resubmitted_assessment_can_be_returned_again(db, world, returned) -> None:
    lifecycle.resubmit(db, world["nfp-xa"], returned)
    lifecycle.return_with_queries(db, world["admin"], returned, {"leg_nuclear": "Really?"})
    assert returned.status == "returned"


def test_accepting_locks_the_assessment_for_good(db, world, submitted) -> None:
    lifecycle.accept(db, world["secretariat-seee"], submitted)
    assert submitted.status == "accepted"
    with pytest.raises(Locked, match=re.escape("This assessment is accepted: it is read-only")):
        save_answer(db, world["nfp-xa"], submitted, "leg_law", "answered", 3, None, 1)


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (lambda db, w, a: lifecycle.accept(db, w["secretariat-seee"], a), "draft"),
        (lambda db, w, a: lifecycle.resubmit(db, w["nfp-xa"], a), "draft"),
        (
            lambda db, w, a: lifecycle.return_with_queries(db, w["admin"], a, {"leg_law": "?"}),
            "draft",
        ),
    ],
    ids=["accept a draft", "resubmit a draft", "return a draft"],
)
def test_steps_out_of_order_are_refused(db, world, draft, step, status) -> None:
    with pytest.raises(InvalidTransition):
        step(db, world, draft)
    db.expire_all()
    assert draft.status == status


def test_an_accepted_assessment_cannot_be_returned_or_resubmitted(db, world, submitted) -> None:
    lifecycle.accept(db, world["secretariat-seee"], submitted)
    with pytest.raises(
        InvalidTransition, match=re.escape("The assessment is accepted; it can become returned")
    ):
        lifecycle.return_with_queries(db, world["admin"], submitted, {"leg_law": "?"})
    with pytest.raises(
        InvalidTransition, match=re.escape("The assessment is accepted; only a returned one")
    ):
        lifecycle.resubmit(db, world["nfp-xa"], submitted)
