"""report jobs without a plan: the interregional report (report_jobs.plan_id may be empty)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_jobs") as batch:
        batch.alter_column("plan_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM report_jobs WHERE plan_id IS NULL")
    with op.batch_alter_table("report_jobs") as batch:
        batch.alter_column("plan_id", existing_type=sa.Integer(), nullable=False)
