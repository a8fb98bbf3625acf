"""rounds have a year, an optional period and a deadline (assessments.round_year, round_period,
deadline)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 16:50:00
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

import assess.models

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The label rule of this revision, written here because a migration must keep meaning what it
# meant when it ran, whatever assess.services.rounds later accepts.
LABEL = re.compile(r"(\d{4})(?:-(H1|H2|Q1|Q2|Q3|Q4))?")
PERIODS = "'H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'"


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("round_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("round_period", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("deadline", sa.Date(), nullable=True))
    _structure_existing_labels()
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("round_year", existing_type=sa.Integer(), nullable=False)
        batch.create_check_constraint(
            op.f("ck_assessments_round_period"), f"round_period IN ({PERIODS})"
        )


def _structure_existing_labels() -> None:
    """'2026' and '2026-H1' become their year and period; any other label is kept as it was
    typed (people still read it) and its round takes the year it was opened in."""
    rounds = sa.table(
        "assessments",
        sa.column("id", sa.Integer()),
        sa.column("round_label", sa.String()),
        sa.column("created_at", assess.models.UTCDateTime(timezone=True)),
        sa.column("round_year", sa.Integer()),
        sa.column("round_period", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(rounds.c.id, rounds.c.round_label, rounds.c.created_at))
    for row_id, label, created_at in rows.all():
        found = LABEL.fullmatch(label)
        year, period = (int(found[1]), found[2]) if found else (created_at.year, None)
        connection.execute(
            rounds.update()
            .where(rounds.c.id == row_id)
            .values(round_year=year, round_period=period)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_constraint(op.f("ck_assessments_round_period"), type_="check")
        batch.drop_column("deadline")
        batch.drop_column("round_period")
        batch.drop_column("round_year")
