"""an assessment keeps when the review of its submission started (withdrawing is refused from
then on) and when it was last reopened after being accepted (its plans are stale from then on)

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("review_started_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reopened_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Plain columns: dropped in place (SQLite 3.35+), for a rebuild would drop the table that
    # answers and queries point at.
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("reopened_at")
        batch.drop_column("review_started_at")
