"""Migration 0014: the table of progress recorded on plans' actions comes, and goes back."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from assess.services.db_schema import alembic_config, upgrade
from tests.services.test_round_label_migration import empty_engine  # noqa: F401 - a fixture


def _plan_action(engine) -> None:
    """A region, a country, a round and its plan with one action, as 0013 stores them."""
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (id, code, name) VALUES (1, 'R', 'Region')"))
        connection.execute(
            text("INSERT INTO countries (id, code, name, region_id) VALUES (1, 'XA', 'A', 1)")
        )
        connection.execute(
            text(
                "INSERT INTO assessments (id, country_id, questionnaire_id,"
                " questionnaire_version, round_label, round_year, status, confirm_carried,"
                " shares_answers, created_at, updated_at) VALUES (1, 1, 'q', '1.0', '2026',"
                " 2026, 'accepted', false, false, '2026-05-01', '2026-05-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO plans (id, kind, assessment_id, questionnaire_id,"
                " questionnaire_version, data_sha256, generated_at) VALUES (1, 'national', 1,"
                " 'q', '1.0', :sha, '2026-06-01')"
            ),
            {"sha": "0" * 64},
        )
        connection.execute(
            text(
                "INSERT INTO plan_actions (id, plan_id, action_id, position, active, proposed,"
                " edits, updated_at) VALUES (1, 1, 'leg:1', 0, true, '{}', '{}', '2026-06-01')"
            )
        )


def test_progress_is_recorded_after_the_upgrade_and_the_table_goes_on_downgrade(
    empty_engine,  # noqa: F811
) -> None:
    upgrade(empty_engine, "0013")
    _plan_action(empty_engine)
    assert "action_progress" not in inspect(empty_engine).get_table_names()
    upgrade(empty_engine, "0014")
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO action_progress (plan_action_id, kpi, value, note, refers_to, at)"
                " VALUES (1, 'Laws reviewed', '2 of 4', '', '2027-03-31', '2027-04-01 10:00:00')"
            )
        )
    with empty_engine.connect() as connection:
        rows = connection.execute(text("SELECT kpi, value FROM action_progress")).all()
    assert [tuple(row) for row in rows] == [("Laws reviewed", "2 of 4")]
    config = alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    inspector = inspect(empty_engine)
    assert "action_progress" not in inspector.get_table_names()
    # The plan and its action stay as they were.
    with empty_engine.connect() as connection:
        kept = connection.execute(text("SELECT action_id FROM plan_actions")).scalars().all()
    assert kept == ["leg:1"]
