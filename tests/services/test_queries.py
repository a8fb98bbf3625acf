"""Query threads: raised while reviewing or returning, replied to, closed and reopened, settled by
a resubmission or an acceptance; each step audited and refused to those it is not for."""

from __future__ import annotations

import pytest

from assess.models import Assessment
from assess.services import assessments as lifecycle
from assess.services import queries
from assess.services.answers import save_answer
from assess.services.audit import trail
from assess.services.changes import since_return
from assess.services.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.services.test_assessments import answer_required


@pytest.fixture
def submitted(db, world) -> Assessment:
    country = world["nfp-xa"].country
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], country, "web-test", "1.0", "2026"
    )
    answer_required(db, world["nfp-xa"], assessment)
    lifecycle.submit(db, world["nfp-xa"], assessment)
    return assessment


def _raise(db, world, assessment, question_id="leg_law", text="Which law?"):
    return queries.raise_query(db, world["secretariat-seee"], assessment, question_id, text)


def test_a_query_raised_while_reviewing_is_open_with_its_first_message(db, world, submitted):
    query = _raise(db, world, submitted)
    assert (submitted.status, query.status, [m.text for m in query.messages]) == (
        "submitted",
        "open",
        ["Which law?"],
    )
    assert [(e.action, e.question_id, e.new) for e in trail(db, submitted)][-1] == (
        "query",
        "leg_law",
        {"query": "Which law?"},
    )


def test_returning_needs_no_new_text_once_a_query_is_raised(db, world, submitted) -> None:
    _raise(db, world, submitted)
    lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {})
    assert [q.status for q in lifecycle.open_queries(db, submitted)] == ["open"]
    assert submitted.status == "returned"


def test_the_nfps_reply_answers_the_query_and_is_audited(db, world, submitted) -> None:
    query = _raise(db, world, submitted)
    queries.reply(db, world["nfp-xa"], query, "  The 2019 act.  ")
    assert (query.status, [m.text for m in query.messages]) == (
        "answered",
        ["Which law?", "The 2019 act."],
    )
    events = [(e.action, e.old, e.new) for e in trail(db, submitted)][-2:]
    assert events == [
        ("query_message", None, {"query": "The 2019 act.", "thread": query.id}),
        (
            "query_status",
            {"status": "open", "thread": query.id},
            {"status": "answered", "thread": query.id},
        ),
    ]


def test_a_follow_up_by_the_secretariat_opens_the_query_again(db, world, submitted) -> None:
    query = _raise(db, world, submitted)
    queries.reply(db, world["nfp-xa"], query, "The 2019 act.")
    queries.reply(db, world["secretariat-seee"], query, "Which article?")
    assert query.status == "open"


def test_closing_and_reopening(db, world, submitted) -> None:
    query = _raise(db, world, submitted)
    queries.close(db, world["secretariat-seee"], query)
    closed = (query.status, query.closed_at is not None)
    queries.reopen(db, world["secretariat-seee"], query)
    assert [closed, (query.status, query.closed_at)] == [("closed", True), ("open", None)]


def test_a_closed_query_takes_no_reply(db, world, submitted) -> None:
    query = _raise(db, world, submitted)
    queries.close(db, world["secretariat-seee"], query)
    with pytest.raises(InvalidTransition, match="closed"):
        queries.reply(db, world["nfp-xa"], query, "Late answer")


@pytest.mark.parametrize("username", ["nfp-xa", "team-xa", "secretariat-aaf", "expert"])
def test_only_the_regions_secretariat_raises_closes_and_reopens(db, world, submitted, username):
    query = _raise(db, world, submitted)
    user = world[username]
    refused = []
    for step in (
        lambda: queries.raise_query(db, user, submitted, "leg_law", "Mine?"),
        lambda: queries.close(db, user, query),
        lambda: queries.reopen(db, user, query),
    ):
        with pytest.raises(NotAllowed) as refusal:
            step()
        refused.append(refusal.value.code)
    assert refused == ["not-allowed"] * 3


@pytest.mark.parametrize("username", ["nfp-xb", "secretariat-aaf", "expert", "coordinator"])
def test_others_may_not_reply(db, world, submitted, username) -> None:
    query = _raise(db, world, submitted)
    with pytest.raises(NotAllowed):
        queries.reply(db, world[username], query, "Not mine to say")


def test_a_team_member_replies_only_within_their_areas(db, world, submitted) -> None:
    team = world["team-xa"]
    team.areas = ["response"]
    db.commit()
    query = _raise(db, world, submitted)
    with pytest.raises(NotAllowed):
        queries.reply(db, team, query, "Outside my area")
    team.areas = []
    db.commit()
    queries.reply(db, team, query, "The 2019 act.")
    assert query.status == "answered"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write a message"),
        ("x" * (queries.MAX_MESSAGE + 1), "at most 5000 characters"),
        ("bad\x00byte", "control character"),
    ],
)
def test_a_bad_message_is_refused_with_a_clear_message(db, world, submitted, text, message):
    with pytest.raises(InvalidInput, match=message):
        _raise(db, world, submitted, text=text)
    assert queries.threads(db, submitted) == []


def test_a_query_on_an_unknown_question_is_refused(db, world, submitted) -> None:
    with pytest.raises(InvalidInput, match="no question 'nowhere'"):
        _raise(db, world, submitted, question_id="nowhere")


def test_no_query_is_raised_on_a_draft(db, world) -> None:
    country = world["nfp-xa"].country
    draft = lifecycle.open_round(db, world["admin"], country, "web-test", "1.0", "2026")
    with pytest.raises(InvalidTransition):
        _raise(db, world, draft)


def test_resubmitting_answers_open_queries_and_accepting_closes_the_rest(db, world, submitted):
    first = _raise(db, world, submitted)
    second = _raise(db, world, submitted, "leg_nuclear", "Really no?")
    lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {})
    queries.close(db, world["secretariat-seee"], second)
    lifecycle.resubmit(db, world["nfp-xa"], submitted)
    resubmitted = (first.status, second.status)
    lifecycle.accept(db, world["secretariat-seee"], submitted)
    db.refresh(first)
    assert [resubmitted, (first.status,)] == [("answered", "closed"), ("closed",)]


def test_changes_since_the_return_are_old_and_new_answers(db, world, submitted) -> None:
    lifecycle.return_with_queries(db, world["secretariat-seee"], submitted, {"leg_law": "Sure?"})
    nfp = world["nfp-xa"]
    save_answer(db, nfp, submitted, "leg_law", "answered", 3, None, 1)
    save_answer(db, nfp, submitted, "leg_nuclear", "answered", "yes", None, 1)
    save_answer(db, nfp, submitted, "leg_nuclear", "answered", "no", None, 2)
    changes = since_return(db, submitted)
    assert {qid: (c.old["value"], c.new["value"]) for qid, c in changes.items()} == {
        "leg_law": (2, 3)
    }


def test_nothing_changed_since_a_return_that_never_happened(db, world) -> None:
    country = world["nfp-xa"].country
    draft = lifecycle.open_round(db, world["admin"], country, "web-test", "1.0", "2026")
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 3, None, 0)
    assert since_return(db, draft) == {}
