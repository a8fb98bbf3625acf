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


def _messages_table() -> None:
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
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_query_messages_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_query_messages"),
    )
    op.create_index("ix_query_messages_query_id", "query_messages", ["query_id"])


# SQLite rebuilds a table to change it, and cannot drop one that rows of another table point to:
# each text waits in a table of its own while `queries` is rebuilt, before its thread exists.
def upgrade() -> None:
    op.execute(
        "CREATE TABLE query_texts_0010 AS SELECT q.id, q.text, q.author_id, q.created_at,"
        " q.resolved_at, a.status AS assessment_status FROM queries q"
        " JOIN assessments a ON a.id = q.assessment_id"
    )
    with op.batch_alter_table("queries") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="open"))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("text")
        batch.drop_column("resolved_at")
        batch.create_check_constraint(
            op.f("ck_queries_status"), "status IN ('open', 'answered', 'closed')"
        )
    # A query resolved by a resubmission was answered; by an acceptance, closed.
    op.execute(
        "UPDATE queries SET status = (SELECT CASE WHEN t.assessment_status = 'accepted'"
        " THEN 'closed' ELSE 'answered' END FROM query_texts_0010 t WHERE t.id = queries.id)"
        " WHERE id IN (SELECT id FROM query_texts_0010 WHERE resolved_at IS NOT NULL)"
    )
    op.execute(
        "UPDATE queries SET closed_at = (SELECT resolved_at FROM query_texts_0010 t"
        " WHERE t.id = queries.id) WHERE status = 'closed'"
    )
    _messages_table()
    op.execute(
        "INSERT INTO query_messages (query_id, text, author_id, at)"
        " SELECT id, text, author_id, created_at FROM query_texts_0010 ORDER BY id"
    )
    op.drop_table("query_texts_0010")


def downgrade() -> None:
    op.execute(
        "CREATE TABLE query_texts_0010 AS SELECT query_id, text FROM query_messages"
        " WHERE id IN (SELECT MIN(id) FROM query_messages GROUP BY query_id)"
    )
    op.drop_index("ix_query_messages_query_id", "query_messages")
    op.drop_table("query_messages")
    with op.batch_alter_table("queries") as batch:
        batch.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE queries SET text = (SELECT text FROM query_texts_0010 t"
        " WHERE t.query_id = queries.id) WHERE id IN (SELECT query_id FROM query_texts_0010)"
    )
    op.execute(
        "UPDATE queries SET resolved_at = COALESCE(closed_at, created_at) WHERE status != 'open'"
    )
    with op.batch_alter_table("queries") as batch:
        batch.drop_constraint(op.f("ck_queries_status"), type_="check")
        batch.drop_column("status")
        batch.drop_column("closed_at")
    op.drop_table("query_texts_0010")
