"""answers carried from an earlier round are marked until confirmed (answers.carried_from), and
a round says whether they must be confirmed (assessments.confirm_carried)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(
            sa.Column("confirm_carried", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("carried_from", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("carried_from")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("confirm_carried")
