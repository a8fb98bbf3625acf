"""TOTP second factor of users: its secret, one awaiting confirmation, the last time step used

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


# Plain ADD and DROP COLUMN (SQLite has both since 3.35): a batch copy of `users` would have to
# drop the table other tables' foreign keys point at.
def upgrade() -> None:
    op.add_column("users", sa.Column("totp_secret", sa.String(64), nullable=True))
    op.add_column("users", sa.Column("totp_pending", sa.String(64), nullable=True))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for column in ("totp_last_step", "totp_pending", "totp_secret"):
        op.drop_column("users", column)
