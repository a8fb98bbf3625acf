"""plans keep the answers they were made from (plans.inputs, plans.inputs_changed_at)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import assess.models

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plans stored before keep no inputs: they are read from today's answers while those still
    # hash to the plan's data_sha256 (assess.services.plan_inputs).
    json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("inputs", json, nullable=True))
        batch.add_column(
            sa.Column("inputs_changed_at", assess.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("inputs_changed_at")
        batch.drop_column("inputs")
