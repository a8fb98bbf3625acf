"""a query has a status (open, answered, closed) and a thread of messages (query_messages); each
query's text becomes the first message of its thread

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "query_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["query_id"], ["queries.id"], name="fk_query_messages_query_id_queries"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name="fk_query_messages_author_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_query_messages"),
    )
    op.create_index("ix_query_messages_query_id", "query_messages", ["query_id"])
    op.execute(
        "INSERT INTO query_messages (query_id, text, author_id, at) "
        "SELECT id, text, author_id, created_at FROM queries ORDER BY id"
    )
    with op.batch_alter_table("queries") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="open")
        )
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    # A query resolved by a resubmission was answered; by an acceptance, closed.
    op.execute(
        "UPDATE queries SET status = CASE WHEN (SELECT status FROM assessments "
        "WHERE assessments.id = queries.assessment_id) = 'accepted' THEN 'closed' "
        "ELSE 'answered' END WHERE resolved_at IS NOT NULL"
    )
    op.execute("UPDATE queries SET closed_at = resolved_at WHERE status = 'closed'")
    with op.batch_alter_table("queries") as batch:
        batch.drop_column("text")
        batch.drop_column("resolved_at")
        batch.create_check_constraint(
            op.f("ck_queries_status"), "status IN ('open', 'answered', 'closed')"
        )


def downgrade() -> None:
    with op.batch_alter_table("queries") as batch:
        batch.drop_constraint(op.f("ck_queries_status"), type_="check")
        batch.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE queries SET text = (SELECT text FROM query_messages "
        "WHERE query_messages.query_id = queries.id ORDER BY id LIMIT 1)"
    )
    op.execute(
        "UPDATE queries SET resolved_at = COALESCE(closed_at, created_at) "
        "WHERE status != 'open'"
    )
    with op.batch_alter_table("queries") as batch:
        batch.drop_column("status")
        batch.drop_column("closed_at")
    op.drop_index("ix_query_messages_query_id", "query_messages")
    op.drop_table("query_messages")
