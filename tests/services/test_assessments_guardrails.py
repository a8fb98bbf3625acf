"""Guardrails of the lifecycle: withdrawing until review starts, reopening with a reason (and the
plans made before it going stale), what is blank before sending."""

from __future__ import annotations

import pytest

from assess.models import Assessment
from assess.services import assessments as lifecycle
from assess.services import plans
from assess.services.audit import trail
from assess.services.errors import InvalidInput, InvalidTransition, NotAllowed
from assess.services.plan_inputs import inputs_changed
from tests.services.test_assessments import answer_required


@pytest.fixture
def submitted(db, world) -> Assessment:
    country = world["nfp-xa"].country
    draft = lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026")
    answer_required(db, world["nfp-xa"], draft)
    lifecycle.submit(db, world["nfp-xa"], draft)
    return draft


@pytest.fixture
def accepted(db, world, submitted) -> Assessment:
    lifecycle.accept(db, world["secretariat-seee"], submitted)
    return submitted


def _reloaded(db, assessment: Assessment) -> Assessment:
    db.expire_all()
    return db.get(Assessment, assessment.id)


def test_a_submission_is_withdrawn_to_a_draft_before_review_starts(db, world, submitted) -> None:
    lifecycle.withdraw(db, world["nfp-xa"], submitted)
    assert _reloaded(db, submitted).status == "draft"
    assert [e.new["status"] for e in trail(db, submitted) if e.action == "status"][-1] == "draft"


def test_a_resubmission_is_withdrawn_to_returned(db, world, submitted) -> None:
    lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {"leg_law": "Why?"})
    lifecycle.resubmit(db, world["nfp-xa"], submitted)
    lifecycle.withdraw(db, world["nfp-xa"], submitted)
    assert _reloaded(db, submitted).status == "returned"


@pytest.mark.parametrize("reviewer", ["secretariat-seee", "admin"])
def test_once_a_reviewer_opens_the_review_withdrawing_is_refused(
    db, world, submitted, reviewer
) -> None:
    assert lifecycle.start_review(db, world[reviewer], submitted) is True
    with pytest.raises(InvalidTransition, match="started reviewing this submission on"):
        lifecycle.withdraw(db, world["nfp-xa"], submitted)
    assert _reloaded(db, submitted).status == "submitted"
    assert [e.action for e in trail(db, submitted)][-1] == "review"


def test_the_team_or_the_nfp_opening_nothing_starts_no_review(db, world, submitted) -> None:
    assert lifecycle.start_review(db, world["nfp-xa"], submitted) is False
    assert lifecycle.start_review(db, world["secretariat-seee"], submitted) is True
    assert lifecycle.start_review(db, world["secretariat-seee"], submitted) is False
    assert [e.action for e in trail(db, submitted)].count("review") == 1


def test_a_new_submission_is_reviewed_afresh(db, world, submitted) -> None:
    lifecycle.start_review(db, world["secretariat-seee"], submitted)
    lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {"leg_law": "Why?"})
    lifecycle.resubmit(db, world["nfp-xa"], submitted)
    assert _reloaded(db, submitted).review_started_at is None
    lifecycle.withdraw(db, world["nfp-xa"], submitted)


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee"])
def test_only_the_nfp_withdraws(db, world, submitted, username) -> None:
    with pytest.raises(NotAllowed):
        lifecycle.withdraw(db, world[username], submitted)


def test_a_draft_cannot_be_withdrawn(db, world, submitted) -> None:
    lifecycle.withdraw(db, world["nfp-xa"], submitted)
    with pytest.raises(InvalidTransition, match="only a submitted or resubmitted one"):
        lifecycle.withdraw(db, world["nfp-xa"], submitted)


@pytest.mark.parametrize("username", ["admin", "secretariat-seee"])
def test_an_accepted_assessment_is_reopened_as_returned_with_its_reason(
    db, world, accepted, username
) -> None:
    lifecycle.reopen(db, world[username], accepted, "  The figures of area 2 were wrong.  ")
    reopened = _reloaded(db, accepted)
    assert reopened.status == "returned" and reopened.reopened_at is not None
    event = trail(db, accepted)[-1]
    assert (event.action, event.user.username) == ("status", username)
    assert (event.old, event.new) == (
        {"status": "accepted"},
        {"status": "returned", "reason": "The figures of area 2 were wrong."},
    )


@pytest.mark.parametrize(
    ("reason", "refusal"),
    [
        ("   ", "Write why the assessment is reopened."),
        ("x" * 2001, "The reason is too long: at most 2000 characters."),
        ("bad\x00", "The reason contains a control character"),
    ],
)
def test_reopening_needs_a_bounded_written_reason(db, world, accepted, reason, refusal) -> None:
    with pytest.raises(InvalidInput, match=refusal):
        lifecycle.reopen(db, world["secretariat-seee"], accepted, reason)
    assert _reloaded(db, accepted).status == "accepted"


@pytest.mark.parametrize("username", ["nfp-xa", "team-xa", "secretariat-aaf", "coordinator"])
def test_only_an_admin_or_the_region_secretariat_reopens(db, world, accepted, username) -> None:
    with pytest.raises(NotAllowed):
        lifecycle.reopen(db, world[username], accepted, "Because")


def test_only_an_accepted_assessment_is_reopened(db, world, submitted) -> None:
    with pytest.raises(InvalidTransition):
        lifecycle.reopen(db, world["admin"], submitted, "Because")


def test_reopening_makes_the_plans_made_before_stale_until_regenerated(db, world, accepted) -> None:
    national = plans.generate_national(db, world["nfp-xa"], accepted).plan
    regional = plans.generate_regional(
        db, world["secretariat-seee"], world["secretariat-seee"].region
    ).plan
    assert (inputs_changed(db, national), inputs_changed(db, regional)) == (False, False)
    lifecycle.reopen(db, world["admin"], accepted, "The figures were wrong.")
    assert (inputs_changed(db, national), inputs_changed(db, regional)) == (True, True)
    plans.generate_national(db, world["nfp-xa"], accepted)
    assert inputs_changed(db, national) is False


def test_blank_answers_name_every_applicable_unanswered_question(db, world) -> None:
    country = world["nfp-xa"].country
    draft = lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026")
    blank = lifecycle.blank_answers(db, draft)
    required = lifecycle.missing_answers(db, draft)
    assert {m.question_id for m in required} < {m.question_id for m in blank}
    answer_required(db, world["nfp-xa"], draft)
    assert lifecycle.missing_answers(db, draft) == []
    assert len(lifecycle.blank_answers(db, draft)) == len(blank) - len(required)
