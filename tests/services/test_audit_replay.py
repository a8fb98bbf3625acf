"""Replaying the audit trail from nothing gives back the answers as stored, whatever was done:
answers, not applicable, don't know, blanks, comments, evidence lines and files, stale saves,
status changes."""

from __future__ import annotations

import io
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from assess.models import Assessment, User
from assess.services import assessments as lifecycle
from assess.services.answers import records_of, save_answer, state_of
from assess.services.audit import replay_answers, replay_files, trail
from assess.services.errors import InvalidInput, ServiceError
from assess.services.evidence_files import add_file, described, files_by_question, remove_file
from assess.services.file_store import FileStore, FolderStore
from tests.web.evidence_samples import ACCEPTED

# The web-test questionnaire's questions and values of their types.
VALUES = {
    "leg_law": st.sampled_from([1, 2, 3]),
    "leg_nuclear": st.sampled_from(["yes", "partial", "no"]),
    "leg_regulator": st.sampled_from([1, 2, 3]),
    "resp_teams": st.integers(0, 10_000) | st.floats(0, 1e6, allow_nan=False),
    "resp_notes": st.text(max_size=40),
}
WORDS = st.text(max_size=30)
MOVES = ("submit", "return", "resubmit", "accept")


def _edit(question_id: str) -> st.SearchStrategy[tuple]:
    """One change to one answer, by the NFP or the team, with a fresh or a stale version."""
    return st.tuples(
        st.just(question_id),
        st.sampled_from(["nfp", "team"]),
        st.one_of(
            st.tuples(st.just("answered"), VALUES[question_id] | st.none()),
            st.tuples(st.sampled_from(["na", "dont_know"]), st.none()),
        ),
        st.none() | WORDS,
        st.none() | st.lists(WORDS.filter(str.strip), max_size=3),
        st.booleans(),
    )


# A file attached to a question's answer (often before any answer: the answer's record is made
# for it), or the oldest file of a question removed.
FILES = st.one_of(
    st.tuples(st.just("attach"), st.sampled_from(list(VALUES)), st.sampled_from(ACCEPTED)),
    st.tuples(st.just("detach"), st.sampled_from(list(VALUES))),
)
STEPS = st.lists(
    st.one_of(*[_edit(qid) for qid in VALUES], st.sampled_from(MOVES), FILES),
    min_size=1,
    max_size=25,
)
BLANK = {"status": "answered", "value": None, "comment": "", "evidence": []}


def apply(
    db: Session, users: dict[str, User], assessment: Assessment, step, store: FileStore
) -> None:
    """Take one step through the services; a refusal (locked, stale, not offered) is a step too."""
    nfp, secretariat = users["nfp-xa"], users["secretariat-seee"]
    try:
        if step[0] == "attach":
            _, question_id, (name, content, _type) = step
            add_file(db, nfp, assessment, question_id, name, io.BytesIO(content), store, 10**6)
        elif step[0] == "detach":
            files = files_by_question(records_of(db, assessment)).get(step[1])
            if files:
                remove_file(db, nfp, assessment, files[0].id, store)
        elif step == "submit":
            lifecycle.submit(db, nfp, assessment)
        elif step == "resubmit":
            lifecycle.resubmit(db, nfp, assessment)
        elif step == "return":
            lifecycle.return_with_queries(db, secretariat, assessment, {"leg_law": "Which law?"})
        elif step == "accept":
            lifecycle.accept(db, secretariat, assessment)
        else:
            question_id, who, (status, value), comment, evidence, stale = step
            record = records_of(db, assessment).get(question_id)
            version = record.version if record else 0
            user = users[f"{who}-xa"]
            version = version - 1 if stale and version else version
            save_answer(
                db, user, assessment, question_id, status, value, comment, version, evidence
            )
    except ServiceError:
        db.rollback()


# Each example opens a round of its own in the same database: a year none has had yet.
ROUND_YEARS = itertools.count(2000)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_replaying_the_trail_gives_back_the_stored_answers(db, world, steps):
    country = world["nfp-xa"].country
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], country, "web-test", "1.0", str(next(ROUND_YEARS))
    )
    with tempfile.TemporaryDirectory() as folder:
        for step in steps:
            store = FolderStore({"evidence": Path(folder), "reports": Path(folder)})
            apply(db, world, assessment, step, store)
    db.expire_all()
    records = records_of(db, assessment)
    events = trail(db, assessment)
    # A blank answer is no answer, whether its record was made by a file upload (the record the
    # file hangs on) or by clearing every field of an answer.
    stored = {qid: state_of(r).content() for qid, r in records.items()}
    replayed = replay_answers(events)
    assert {q: c for q, c in replayed.items() if c not in (None, BLANK)} == {
        q: c for q, c in stored.items() if c != BLANK
    }
    files = {
        qid: [described(e) for e in found] for qid, found in files_by_question(records).items()
    }
    assert replay_files(events) == files


@pytest.mark.parametrize(
    ("value", "comment", "evidence"),
    [("a\x00b", None, None), ("notes", "c\x00d", None), ("notes", None, ["e\x00f"])],
    ids=["answer", "comment", "evidence"],
)
def test_a_nul_character_is_refused_and_leaves_no_trace(db, world, value, comment, evidence):
    """PostgreSQL cannot store NUL: every database refuses it, so the trail never holds it."""
    country = world["nfp-xa"].country
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], country, "web-test", "1.0", "2026"
    )
    with pytest.raises(
        InvalidInput, match=r"Notes on response: remove the NUL character \(\\x00\)"
    ):
        save_answer(
            db, world["nfp-xa"], assessment, "resp_notes", "answered", value, comment, 0, evidence
        )
    assert [event.action for event in trail(db, assessment)] == ["open"]
