"""Migration 0005: rounds opened with free-text labels get a year and a period, labels kept."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from assess.extensions import make_engine
from assess.services.db_schema import upgrade

# Labels typed before rounds had structured names, and the year each round was opened in.
LEGACY = [
    ("2026", "2024-05-01 10:00:00"),
    ("2027-H1", "2024-05-01 10:00:00"),
    ("2025-Q4", "2025-11-30 23:00:00"),
    ("next year", "2024-05-01 10:00:00"),
    ("2026-h2", "2023-02-01 10:00:00"),
    ("Round one (pilot)", "2022-07-15 08:00:00"),
]


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    url = os.environ.get("ASSESS_TEST_DATABASE_URL")
    if not url:
        engine = make_engine(f"sqlite:///{tmp_path / 'legacy.sqlite3'}")
        yield engine
        engine.dispose()
        return
    schema = f"test_migration_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_free_text_labels_are_kept_and_get_a_year_and_period(empty_engine) -> None:
    upgrade(empty_engine, "0004")
    with empty_engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (id, code, name) VALUES (1, 'R', 'Region')"))
        connection.execute(
            text("INSERT INTO countries (id, code, name, region_id) VALUES (1, 'XA', 'A', 1)")
        )
        for number, (label, opened) in enumerate(LEGACY, start=1):
            connection.execute(
                text(
                    "INSERT INTO assessments (id, country_id, questionnaire_id,"
                    " questionnaire_version, round_label, status, created_at, updated_at)"
                    " VALUES (:id, 1, 'q', '1.0', :label, 'draft', :at, :at)"
                ),
                {"id": number, "label": label, "at": opened},
            )
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT round_label, round_year, round_period, deadline FROM assessments"
                " ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("2026", 2026, None, None),
        ("2027-H1", 2027, "H1", None),
        ("2025-Q4", 2025, "Q4", None),
        ("next year", 2024, None, None),
        ("2026-h2", 2023, None, None),
        ("Round one (pilot)", 2022, None, None),
    ]
