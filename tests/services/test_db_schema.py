"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assess.extensions import make_engine
from assess.models import Base
from assess.services.db_schema import current_revision, head_revision


def test_the_migrated_database_matches_the_models(database_url, test_database) -> None:
    engine = make_engine(database_url, **test_database.engine_options)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_the_test_database_is_at_the_newest_revision(database_url, test_database) -> None:
    engine = make_engine(database_url, **test_database.engine_options)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
