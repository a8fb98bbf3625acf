"""people have a full name, an e-mail address, a language and notification choices, and may be
invited (a hashed single-use token); deadline reminders sent are kept (reminders)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import JSONType, UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("full_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("language", sa.String(16), nullable=False, server_default="en"))
        batch.add_column(
            sa.Column("notifications_off", JSONType, nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("invitation_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("invitation_expires_at", UTCDateTime(), nullable=True))
        batch.create_unique_constraint("uq_users_invitation_hash", ["invitation_hash"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_reminders_user_id_users"),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name="fk_reminders_assessment_id_assessments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("user_id", "assessment_id", "kind", name="uq_reminders_user_id"),
    )
    op.create_index("ix_reminders_assessment_id", "reminders", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_reminders_assessment_id", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_invitation_hash", type_="unique")
        for column in (
            "invitation_expires_at",
            "invitation_hash",
            "notifications_off",
            "language",
            "email",
            "full_name",
        ):
            batch.drop_column(column)
