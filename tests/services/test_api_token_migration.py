"""Migration 0016: the api_tokens table goes up and comes down again, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from assess.services.db_schema import alembic_config, upgrade
from tests.services.test_round_label_migration import empty_engine  # noqa: F401 - a fixture


def _token(connection, number: int, digest: str, scope: str = "read") -> None:
    connection.execute(
        text(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_at, expires_at)"
            " VALUES (:id, 1, 'R', :digest, :scope, '2026-05-01 08:00:00', '2026-06-01 08:00:00')"
        ),
        {"id": number, "digest": digest, "scope": scope},
    )


def _user(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO users (id, username, password_hash, role, areas, session_generation,"
            " active, created_at, full_name, language, notifications_off) VALUES (1, 'nfp', 'x',"
            " 'nfp', '[]', 0, true, '2026-05-01 08:00:00', '', 'en', '[]')"
        )
    )


def test_a_hash_is_one_token_and_read_is_the_only_scope(empty_engine) -> None:  # noqa: F811
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        _user(connection)
        _token(connection, 1, "a" * 64)
    with pytest.raises(IntegrityError), empty_engine.begin() as connection:
        _token(connection, 2, "a" * 64)
    with pytest.raises(IntegrityError), empty_engine.begin() as connection:
        _token(connection, 3, "b" * 64, scope="write")


def test_going_back_drops_the_tokens_and_keeps_the_users(empty_engine) -> None:  # noqa: F811
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        _user(connection)
        _token(connection, 1, "a" * 64)
    config = alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
    assert "api_tokens" not in inspect(empty_engine).get_table_names()
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM users")).scalars().all() == ["nfp"]
    upgrade(empty_engine)
    assert "api_tokens" in inspect(empty_engine).get_table_names()
