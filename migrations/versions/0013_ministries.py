"""the ministries and agencies of a national team (ministries), their members
(ministry_members) and each ministry's part of an assessment marked done (parts_done)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import JSONType, UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ministries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("short_name", sa.String(32), nullable=False),
        sa.Column("areas", JSONType, nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"], ["countries.id"], name="fk_ministries_country_id_countries"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ministries"),
        sa.UniqueConstraint("country_id", "name", name="uq_ministries_country_id"),
    )
    op.create_index("ix_ministries_country_id", "ministries", ["country_id"])
    op.create_table(
        "ministry_members",
        sa.Column("ministry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ministry_id"], ["ministries.id"], name="fk_ministry_members_ministry_id_ministries"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_ministry_members_user_id_users"),
        sa.PrimaryKeyConstraint("ministry_id", "user_id", name="pk_ministry_members"),
    )
    op.create_index("ix_ministry_members_user_id", "ministry_members", ["user_id"])
    op.create_table(
        "parts_done",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ministry_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ministry_id"], ["ministries.id"], name="fk_parts_done_ministry_id_ministries"
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name="fk_parts_done_assessment_id_assessments"
        ),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name="fk_parts_done_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_parts_done"),
        sa.UniqueConstraint("ministry_id", "assessment_id", name="uq_parts_done_ministry_id"),
    )
    op.create_index("ix_parts_done_assessment_id", "parts_done", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_parts_done_assessment_id", table_name="parts_done")
    op.drop_table("parts_done")
    op.drop_index("ix_ministry_members_user_id", table_name="ministry_members")
    op.drop_table("ministry_members")
    op.drop_index("ix_ministries_country_id", table_name="ministries")
    op.drop_table("ministries")
