"""report jobs say why they failed (report_jobs.failure)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report_jobs", sa.Column("failure", sa.String(length=16), nullable=True))
    # Jobs that failed before: their reason was only the technical detail; say 'error'.
    op.execute("UPDATE report_jobs SET failure = 'error' WHERE status = 'failed'")


def downgrade() -> None:
    with op.batch_alter_table("report_jobs") as batch:
        batch.drop_column("failure")
