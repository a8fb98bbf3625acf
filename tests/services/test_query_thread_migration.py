"""Migration 0010: each query's text becomes the first message of its thread, and its status
follows from what happened to it (open; answered by a resubmission; closed by an acceptance)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from assess.services.db_schema import alembic_config, upgrade
from tests.services.test_round_label_migration import empty_engine  # noqa: F401 - a fixture

# (assessment id, status) and (query id, assessment id, text, resolved at)
ASSESSMENTS = [(1, "returned"), (2, "resubmitted"), (3, "accepted")]
QUERIES = [
    (1, 1, "Which law?", None),
    (2, 2, "Which year?", "2026-05-02 10:00:00"),
    (3, 3, "Which agency?", "2026-06-01 09:00:00"),
]


def _legacy(engine) -> None:
    upgrade(engine, "0009")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (id, code, name) VALUES (1, 'R', 'Region')"))
        connection.execute(
            text("INSERT INTO countries (id, code, name, region_id) VALUES (1, 'XA', 'A', 1)")
        )
        for number, status in ASSESSMENTS:
            connection.execute(
                text(
                    "INSERT INTO assessments (id, country_id, questionnaire_id,"
                    " questionnaire_version, round_label, round_year, status, confirm_carried,"
                    " shares_answers, created_at, updated_at) VALUES (:id, 1, 'q', '1.0',"
                    " :label, 2026, :status, false, false, '2026-05-01', '2026-05-01')"
                ),
                {"id": number, "label": f"2026-{number}", "status": status},
            )
        for number, assessment, asked, resolved in QUERIES:
            connection.execute(
                text(
                    "INSERT INTO queries (id, assessment_id, question_id, text, created_at,"
                    " resolved_at) VALUES (:id, :a, 'leg_law', :text, '2026-05-01 08:00:00', :r)"
                ),
                {"id": number, "a": assessment, "text": asked, "r": resolved},
            )


def test_each_query_becomes_a_thread_with_its_status(empty_engine) -> None:  # noqa: F811
    _legacy(empty_engine)
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        threads = connection.execute(
            text(
                "SELECT q.id, q.status, q.closed_at IS NOT NULL, m.text FROM queries q"
                " JOIN query_messages m ON m.query_id = q.id ORDER BY q.id"
            )
        ).all()
    assert [tuple(row) for row in threads] == [
        (1, "open", False, "Which law?"),
        (2, "answered", False, "Which year?"),
        (3, "closed", True, "Which agency?"),
    ]


def test_going_back_keeps_each_querys_first_message(empty_engine) -> None:  # noqa: F811
    _legacy(empty_engine)
    upgrade(empty_engine)
    config = alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    with empty_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, text, resolved_at IS NOT NULL FROM queries ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "Which law?", False),
        (2, "Which year?", True),
        (3, "Which agency?", True),
    ]
