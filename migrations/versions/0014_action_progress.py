"""progress over time on a plan's actions: a value recorded per KPI and date (action_progress)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_action_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(200), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("refers_to", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_action_id"],
            ["plan_actions.id"],
            name="fk_action_progress_plan_action_id_plan_actions",
        ),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name="fk_action_progress_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_action_progress"),
    )
    op.create_index(
        "ix_action_progress_action_refers", "action_progress", ["plan_action_id", "refers_to"]
    )


def downgrade() -> None:
    op.drop_index("ix_action_progress_action_refers", table_name="action_progress")
    op.drop_table("action_progress")
