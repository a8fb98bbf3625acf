"""Alembic environment: migrates the connection handed over by assess.services.db_schema."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from assess.models import Base

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    # `alembic` run by hand: the URL comes from -x url=... or alembic.ini's sqlalchemy.url.
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    with create_engine(url).begin() as conn:
        run(conn)
