"""The services' own database fixtures: sessions made as create_app makes them (the module's
questionnaires in `info`, nothing expired on commit), with no Flask application; the databases,
worlds and people come from tests/database.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from assess.extensions import make_engine
from assess.services.questionnaires import open_registry
from tests.database import TEST_QUESTIONNAIRES, TestDatabase


@pytest.fixture
def sessions(
    database_url: str, test_database: TestDatabase, request: pytest.FixtureRequest
) -> Iterator[sessionmaker[Session]]:
    """Sessions of the test's database, for the questionnaires the module's APP_SETTINGS name."""
    settings = getattr(request.module, "APP_SETTINGS", {})
    folder = Path(settings.get("QUESTIONNAIRES_DIR", TEST_QUESTIONNAIRES))
    engine = make_engine(database_url, **test_database.engine_options)
    yield sessionmaker(
        engine, info={"questionnaires": open_registry(folder)}, expire_on_commit=False
    )
    engine.dispose()


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session of the test's database, for arranging and checking what services do."""
    session = sessions()
    yield session
    session.close()
