"""regional project proposals (proposals) and the countries' plan actions they take up
(proposal_actions)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

STATUSES = ("draft", "submitted", "approved", "funded", "closed")


def upgrade() -> None:
    listed = ", ".join(f"'{status}'" for status in STATUSES)
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("budget", sa.Numeric(18, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"status IN ({listed})", name=op.f("ck_proposals_status")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name="fk_proposals_region_id_regions"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_proposals_created_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name="fk_proposals_updated_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
    )
    op.create_index("ix_proposals_region_id", "proposals", ["region_id"])
    op.create_table(
        "proposal_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("plan_action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name="fk_proposal_actions_proposal_id_proposals"
        ),
        sa.ForeignKeyConstraint(
            ["plan_action_id"],
            ["plan_actions.id"],
            name="fk_proposal_actions_plan_action_id_plan_actions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_actions"),
        sa.UniqueConstraint("plan_action_id", name="uq_proposal_actions_plan_action_id"),
    )
    op.create_index("ix_proposal_actions_proposal_id", "proposal_actions", ["proposal_id"])


def downgrade() -> None:
    op.drop_index("ix_proposal_actions_proposal_id", table_name="proposal_actions")
    op.drop_table("proposal_actions")
    op.drop_index("ix_proposals_region_id", table_name="proposals")
    op.drop_table("proposals")
