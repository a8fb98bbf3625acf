"""Migration 0018: report jobs made before it keep their PDF (its path becomes a store key the
folder store finds in the same file), and the migration goes back down."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from assess.extensions import make_engine
from assess.services.db_schema import upgrade
from assess.services.file_store import FolderStore


@pytest.fixture
def fresh_engine(tmp_path) -> Iterator:
    """An empty database: a SQLite file, or a new schema of the test PostgreSQL."""
    url = os.environ.get("ASSESS_TEST_DATABASE_URL")
    if not url:
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        engine.dispose()
        return
    schema = f"test_mig_{uuid.uuid4().hex[:12]}"
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


def test_a_pdf_made_before_the_file_store_still_downloads(fresh_engine, tmp_path):
    upgrade(fresh_engine, "0016")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "job-1-national-plan-XA-en.pdf").write_bytes(b"%PDF-1.7 made before")
    with fresh_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO report_jobs (id, lang, status, progress, result_path, created_at) "
                "VALUES (1, 'en', 'done', 100, :path, CURRENT_TIMESTAMP), "
                "(2, 'en', 'failed', 30, NULL, CURRENT_TIMESTAMP)"
            ),
            {"path": str(folder / "job-1-national-plan-XA-en.pdf")},
        )
    upgrade(fresh_engine, "0018")
    with fresh_engine.connect() as connection:
        keys = connection.execute(text("SELECT id, result_key FROM report_jobs ORDER BY id")).all()
    assert [tuple(row) for row in keys] == [(1, "reports/job-1-national-plan-XA-en.pdf"), (2, None)]
    store = FolderStore({"evidence": tmp_path / "uploads", "reports": folder})
    assert store.read(keys[0][1]) == b"%PDF-1.7 made before"

    from alembic import command

    from assess.services.db_schema import alembic_config

    config = alembic_config()
    with fresh_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0016")
    with fresh_engine.connect() as connection:
        paths = connection.execute(text("SELECT result_path FROM report_jobs ORDER BY id")).all()
    assert [row[0] for row in paths] == ["job-1-national-plan-XA-en.pdf", None]
