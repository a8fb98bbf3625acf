"""Saving answers: versions, conflicts instead of overwrites, areas, evidence, the audit trail."""

from __future__ import annotations

import re
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assess.models import AuditEvent, Evidence, User
from assess.services import assessments as lifecycle
from assess.services.answers import Conflict, Saved, records_of, save_answer, state_of
from assess.services.audit import replay_answers, trail
from assess.services.errors import InvalidInput, Locked, NotAllowed


@pytest.fixture
def draft(db, world):
    country = world["nfp-xa"].country
    return lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026")


def test_a_first_save_stores_version_one(db, world, draft) -> None:
    result = save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, "Draft law", 0)
    assert isinstance(result, Saved) and result.changed
    assert (result.answer.value, result.answer.comment, result.answer.version) == (
        2,
        "Draft law",
        1,
    )
    assert result.answer.updated_by == "nfp-xa"


def test_each_change_moves_the_version_on(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0)
    result = save_answer(db, world["team-xa"], draft, "leg_law", "answered", 3, None, 1)
    assert (result.answer.value, result.answer.version, result.answer.updated_by) == (
        3,
        2,
        "team-xa",
    )


def test_a_save_from_a_stale_version_is_refused_with_both_values(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0)
    save_answer(db, world["team-xa"], draft, "leg_law", "answered", 3, "team's view", 1)
    result = save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 1, "mine", 1)
    assert isinstance(result, Conflict)
    assert (result.yours.value, result.yours.comment, result.yours.version) == (1, "mine", 1)
    assert (result.theirs.value, result.theirs.comment, result.theirs.version) == (
        3,
        "team's view",
        2,
    )
    assert result.theirs.updated_by == "team-xa"
    assert state_of(records_of(db, draft)["leg_law"]).value == 3


def test_saving_the_same_answer_again_changes_nothing(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, "c", 0)
    result = save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, "c ", 1)
    assert (result.changed, result.answer.version, len(trail(db, draft, "leg_law"))) == (
        False,
        1,
        1,
    )


def test_a_first_save_when_someone_saved_already_is_a_conflict(db, world, draft) -> None:
    save_answer(db, world["team-xa"], draft, "leg_law", "answered", 3, None, 0)
    result = save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 1, None, 0)
    assert isinstance(result, Conflict) and result.theirs.value == 3


@pytest.mark.parametrize(
    ("question_id", "status", "value", "message"),
    [
        ("leg_law", "answered", 7, "leg_law: 7 is not a level of scale 'capability' (1 to 3)"),
        (
            "leg_nuclear",
            "answered",
            "maybe",
            "leg_nuclear: 'maybe' is not an option (valid: yes, partial, no)",
        ),
        ("resp_teams", "answered", -1, "resp_teams: -1 is outside the minimum 0"),
        (
            "leg_law",
            "unsure",
            None,
            "Is there a law on CBRN materials?: 'unsure' is not offered for this question",
        ),
        ("legal", "answered", 1, "web-test 1.0 has no question 'legal'"),
    ],
)
def test_values_that_do_not_fit_the_question_are_refused(
    db, world, draft, question_id, status, value, message
) -> None:
    with pytest.raises(InvalidInput) as refused:
        save_answer(db, world["nfp-xa"], draft, question_id, status, value, None, 0)
    assert refused.value.message == message


def test_a_cleared_answer_keeps_its_comment_and_counts_as_unanswered(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0)
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", None, "ask the ministry", 1)
    assert next(m.question_id for m in lifecycle.missing_answers(db, draft)) == "leg_law"


def test_a_save_racing_a_submission_is_undone(sessions, db, world, draft) -> None:
    stale = sessions()
    seen = stale.merge(draft)  # this session still believes the assessment is a draft
    user = stale.merge(world["team-xa"])
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0)
    save_answer(db, world["nfp-xa"], draft, "leg_nuclear", "answered", "no", None, 0)
    lifecycle.submit(db, world["nfp-xa"], draft)
    with pytest.raises(Locked, match=re.escape("The assessment was sent for review meanwhile")):
        save_answer(stale, user, seen, "resp_teams", "answered", 4, None, 0)
    stale.close()
    assert "resp_teams" not in records_of(db, draft)


def test_a_team_member_limited_to_areas_edits_only_those(db, world, draft) -> None:
    member = world["team-xa"]
    member.areas = ["response"]
    db.commit()
    assert isinstance(save_answer(db, member, draft, "resp_teams", "answered", 4, None, 0), Saved)
    with pytest.raises(
        NotAllowed,
        match=re.escape("You may not change the answer to Is there a law on CBRN materials?."),
    ):
        save_answer(db, member, draft, "leg_law", "answered", 2, None, 0)


@pytest.mark.parametrize("username", ["nfp-xb", "secretariat-seee", "admin", "expert"])
def test_only_the_country_nfp_and_team_change_answers(db, world, draft, username) -> None:
    with pytest.raises(NotAllowed):
        save_answer(db, world[username], draft, "leg_law", "answered", 2, None, 0)


def test_evidence_lines_are_stored_as_links_and_texts(db, world, draft) -> None:
    lines = ["https://example.org/law.pdf", "Official journal 12/2019"]
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0, evidence=lines)
    stored = db.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [(e.kind, e.payload) for e in stored] == [("link", lines[0]), ("text", lines[1])]


def test_evidence_is_kept_when_a_save_does_not_mention_it(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0, evidence=["a"])
    result = save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 3, None, 1)
    assert result.answer.evidence == ("a",)


def test_every_change_appends_an_audit_event_with_old_and_new(db, world, draft) -> None:
    save_answer(db, world["nfp-xa"], draft, "leg_law", "answered", 2, None, 0)
    save_answer(db, world["team-xa"], draft, "leg_law", "dont_know", None, "unsure", 1)
    events = [(e.user.username, e.old, e.new) for e in trail(db, draft, "leg_law")]
    first = {"status": "answered", "value": 2, "comment": "", "evidence": []}
    second = {"status": "dont_know", "value": None, "comment": "unsure", "evidence": []}
    assert events == [("nfp-xa", None, first), ("team-xa", first, second)]


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["leg_law", "resp_teams", "resp_notes"]),
        st.sampled_from(["answered", "na", "dont_know"]),
        st.integers(min_value=1, max_value=3),
        st.sampled_from(["", "checked", "from the ministry"]),
    ),
    max_size=12,
)
VALUES = {
    "leg_law": lambda n: n,
    "resp_teams": lambda n: n * 10,
    "resp_notes": lambda n: f"note {n}",
}


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_replaying_the_audit_trail_gives_the_current_answers(db, world, draft, edits) -> None:
    user = world["nfp-xa"]
    for question_id, status, n, comment in edits:
        record = records_of(db, draft).get(question_id)
        value = VALUES[question_id](n) if status == "answered" else None
        save_answer(
            db, user, draft, question_id, status, value, comment, record.version if record else 0
        )
    current = {qid: state_of(r).content() for qid, r in records_of(db, draft).items()}
    assert replay_answers(trail(db, draft)) == current


def test_two_racing_first_saves_store_one_and_refuse_the_other(sessions, db, world, draft) -> None:
    factory = sessions
    barrier = threading.Barrier(2)
    results: list[object] = []

    def save(username: str, value: int) -> None:
        with factory() as session:
            user = session.scalars(select(User).where(User.username == username)).one()
            assessment = session.merge(draft, load=True)
            barrier.wait()
            results.append(
                save_answer(session, user, assessment, "leg_law", "answered", value, None, 0)
            )

    threads = [threading.Thread(target=save, args=args) for args in (("nfp-xa", 1), ("team-xa", 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Saved"]
    stored = [
        e.new["value"] for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "answer"))
    ]
    saved = next(r for r in results if isinstance(r, Saved))
    assert stored == [saved.answer.value]
