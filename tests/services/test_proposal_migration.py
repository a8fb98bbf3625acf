"""Migration 0015: the proposals tables go up and come down again, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from assess.models import PROPOSAL_STATUSES
from assess.plans.model import PROPOSAL_STATUSES as CONTRACT_STATUSES
from assess.services.db_schema import alembic_config, upgrade
from tests.services.test_round_label_migration import empty_engine  # noqa: F401 - a fixture


def _plan_action(connection) -> None:
    connection.execute(text("INSERT INTO regions (id, code, name) VALUES (1, 'R', 'Region')"))
    connection.execute(
        text("INSERT INTO countries (id, code, name, region_id) VALUES (1, 'XA', 'A', 1)")
    )
    connection.execute(
        text(
            "INSERT INTO plans (id, kind, region_id, questionnaire_id, questionnaire_version,"
            " data_sha256, generated_at) VALUES (1, 'regional', 1, 'q', '1.0', 'x',"
            " '2026-05-01 08:00:00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO plan_actions (id, plan_id, action_id, position, active, proposed, edits,"
            " updated_at) VALUES (1, 1, 'n:1', 0, true, '{}', '{}', '2026-05-01 08:00:00')"
        )
    )


def _proposal(connection, number: int, status: str = "draft") -> None:
    connection.execute(
        text(
            "INSERT INTO proposals (id, region_id, title, status, budget, currency, created_at,"
            " updated_at) VALUES (:id, 1, 'Detection', :status, 1234.56, 'EUR',"
            " '2026-05-01 08:00:00', '2026-05-01 08:00:00')"
        ),
        {"id": number, "status": status},
    )


def test_the_statuses_of_the_table_are_those_of_the_plans() -> None:
    assert PROPOSAL_STATUSES == CONTRACT_STATUSES


def test_proposals_keep_exact_budgets_and_one_action_in_one_proposal(empty_engine) -> None:  # noqa: F811
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        _plan_action(connection)
        _proposal(connection, 1)
        _proposal(connection, 2)
        connection.execute(
            text("INSERT INTO proposal_actions (proposal_id, plan_action_id) VALUES (1, 1)")
        )
        budget = connection.execute(text("SELECT budget FROM proposals WHERE id = 1")).scalar()
    assert str(budget) == "1234.56"
    with pytest.raises(IntegrityError), empty_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO proposal_actions (proposal_id, plan_action_id) VALUES (2, 1)")
        )
    with pytest.raises(IntegrityError), empty_engine.begin() as connection:
        _proposal(connection, 3, "dreaming")


def test_going_back_drops_the_proposals_and_keeps_the_plans(empty_engine) -> None:  # noqa: F811
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        _plan_action(connection)
        _proposal(connection, 1)
    config = alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
    tables = set(inspect(empty_engine).get_table_names())
    assert {"proposals", "proposal_actions"} & tables == set()
    with empty_engine.connect() as connection:
        kept = connection.execute(text("SELECT action_id FROM plan_actions")).scalars().all()
    assert kept == ["n:1"]
    upgrade(empty_engine)
    assert {"proposals", "proposal_actions"} <= set(inspect(empty_engine).get_table_names())
