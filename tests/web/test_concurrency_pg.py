"""Concurrent saves through the autosave endpoint: many at once all land; two racing saves of one
answer store one and refuse the other with a conflict; nothing is lost (the audit trail agrees).

Each test runs on a database of its own: a SQLite file, and PostgreSQL in a schema of its own
when ASSESS_TEST_DATABASE_URL is set (the `postgres` variants skip without it).
"""

from __future__ import annotations

import os
import random
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from assess.extensions import Database, make_engine
from assess.models import AnswerRecord, Assessment, AuditEvent, Country, Plan, PlanAction, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services import plans
from assess.services.db_schema import upgrade

ROOT = Path(__file__).resolve().parents[2]
THREADS = 50


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request, tmp_path: Path) -> Iterator[tuple[str, dict]]:
    """A migrated, empty database of the test's own: (URL, engine options)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        options: dict = {}
        upgrade(make_engine(url))
        yield url, options
        return
    url = os.environ.get("ASSESS_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: set ASSESS_TEST_DATABASE_URL (CI's second run does)")
    schema = f"test_concurrency_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = {"connect_args": {"options": f"-csearch_path={schema}"}, "pool_size": THREADS}
    engine = make_engine(url, **options)
    upgrade(engine)
    engine.dispose()
    yield url, options
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def served(backend, make_app: Callable[..., Flask], tmp_path: Path, password_hash: str) -> Flask:
    """The app on that database with the real questionnaire, demo people, and XA's draft round."""
    url, options = backend
    questionnaires = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires" / "cbrn-needs", questionnaires / "cbrn-needs")
    app = make_app(
        DATABASE_URL=url, DATABASE_ENGINE_OPTIONS=options, QUESTIONNAIRES_DIR=questionnaires
    )
    with Database.factory(app)() as session:
        demo_data.seed_people(session, password_hash)
        country = session.scalar(select(Country).where(Country.code == "XA"))
        admin = session.scalar(select(User).where(User.username == "admin"))
        lifecycle.open_round(session, admin, country, "cbrn-needs", "1.0", "2026")
    return app


def session_of(app: Flask) -> Session:
    return Database.factory(app)()


def unconditional_questions(app: Flask) -> list:
    """The questions that always apply, in questionnaire order."""
    with session_of(app) as session:
        registry = session.info["questionnaires"]
        return [q for q in registry.get("cbrn-needs", "1.0").questions() if q.when is None]


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    client.post("/login", data={"username": username, "password": demo_data.PASSWORD})
    return client


def all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def draft_id(app: Flask) -> int:
    """The id of XA's draft round (the only assessment in these tests' databases)."""
    with session_of(app) as session:
        return session.scalars(select(Assessment.id)).one()


def autosave(client: FlaskClient, question_id: str, value, version: int) -> Callable[[], tuple]:
    """A call that autosaves one answer as the page's script does: (status, JSON reply)."""
    payload = {"state": "answered", "value": value, "comment": "", "version": version}
    url = f"/assessments/{draft_id(client.application)}/answers/{question_id}"

    def post() -> tuple:
        response = client.post(url, json=payload)
        return response.status_code, response.get_json()

    return post


def test_fifty_concurrent_autosaves_of_different_answers_are_all_stored(served):
    questions = unconditional_questions(served)[:THREADS]
    values = {q.id: demo_data.raw_answer(q, random.Random(q.id)) for q in questions}
    clients = [signed_in(served, "nfp-xa" if i % 2 else "team-xa") for i in range(THREADS)]
    calls = [autosave(c, q.id, values[q.id], 0) for c, q in zip(clients, questions, strict=True)]
    statuses = [status for status, _body in all_at_once(calls)]
    with session_of(served) as session:
        stored = session.scalars(select(AnswerRecord.question_id)).all()
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "answer")).all()
    assert (statuses, sorted(stored), len(events)) == (
        [200] * THREADS,
        sorted(values),
        THREADS,
    )


@pytest.mark.parametrize("stored_before", [False, True], ids=["first-save", "later-save"])
def test_two_racing_saves_of_one_answer_store_one_and_refuse_the_other(served, stored_before):
    question = next(q for q in unconditional_questions(served) if q.type == "text")
    nfp, team = signed_in(served, "nfp-xa"), signed_in(served, "team-xa")
    version = 0
    if stored_before:
        assert autosave(nfp, question.id, "first text", 0)()[0] == 200
        version = 1
    results = all_at_once(
        [
            autosave(nfp, question.id, "from the NFP", version),
            autosave(team, question.id, "from the team", version),
        ]
    )
    (won_status, won), (lost_status, lost) = sorted(results, key=lambda r: r[0])
    with session_of(served) as session:
        record = session.scalar(select(AnswerRecord).where(AnswerRecord.question_id == question.id))
        trail = session.scalars(
            select(AuditEvent).where(AuditEvent.question_id == question.id).order_by(AuditEvent.id)
        ).all()
    assert (won_status, won["version"], lost_status, lost["error"]) == (
        200,
        version + 1,
        409,
        "conflict",
    )
    # The refused save is shown back with the stored answer, which the trail ends on.
    assert lost["theirs"]["value"] == record.value == trail[-1].new["value"]
    assert lost["yours"]["value"] in {"from the NFP", "from the team"} - {record.value}
    assert (record.version, len(trail)) == (version + 1, version + 1)


def test_racing_first_generations_of_a_plan_store_one_plan_and_no_error(served):
    """Six people generate the country's first plan at the same moment: the inserts that lose the
    race on the plan's unique constraint start again from the stored plan (was an IntegrityError,
    a 500 on the page)."""
    assessment_id = draft_id(served)

    def generate() -> object:
        with session_of(served) as session:
            nfp = session.scalar(select(User).where(User.username == "nfp-xa"))
            try:
                result = plans.generate_national(
                    session, nfp, session.get(Assessment, assessment_id)
                )
            except Exception as error:  # the outcome under test: no error of any kind
                return type(error).__name__
            return len(result.plan.actions)

    results = all_at_once([generate for _ in range(6)])
    with session_of(served) as session:
        stored = session.scalars(select(Plan).where(Plan.assessment_id == assessment_id)).all()
        actions = session.scalars(select(PlanAction)).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == plans.GENERATE)
        ).all()
    assert [type(r).__name__ for r in results] == ["int"] * 6, results
    assert (len(stored), len(actions), len(events)) == (1, results[0], 6)
