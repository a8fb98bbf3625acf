"""the database file store (stored_files, stored_file_chunks); report jobs keep a store key

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-05 08:00:00

A job's `result_path` (a path under the report folder) becomes `result_key`, "reports/<its file
name>": the folder store finds the same file there, so PDFs made before stay downloadable.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.models import UTCDateTime

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_stored_files"),
    )
    op.create_table(
        "stored_file_chunks",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key"],
            ["stored_files.key"],
            name="fk_stored_file_chunks_key_stored_files",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "seq", name="pk_stored_file_chunks"),
    )
    with op.batch_alter_table("report_jobs") as batch:
        batch.add_column(sa.Column("result_key", sa.String(500), nullable=True))
    jobs = sa.table(
        "report_jobs",
        sa.column("id", sa.Integer()),
        sa.column("result_path", sa.String()),
        sa.column("result_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(jobs.c.id, jobs.c.result_path).where(jobs.c.result_path.is_not(None))
    ).all()
    for job_id, path in rows:
        name = path.replace("\\", "/").rpartition("/")[2]
        connection.execute(
            jobs.update().where(jobs.c.id == job_id).values(result_key=f"reports/{name}")
        )
    with op.batch_alter_table("report_jobs") as batch:
        batch.drop_column("result_path")


def downgrade() -> None:
    # The folder the keys were under is a setting the migration cannot know: keys go back as
    # paths relative to it.
    with op.batch_alter_table("report_jobs") as batch:
        batch.add_column(sa.Column("result_path", sa.String(500), nullable=True))
    jobs = sa.table(
        "report_jobs", sa.column("result_path", sa.String()), sa.column("result_key", sa.String())
    )
    connection = op.get_bind()
    connection.execute(
        jobs.update()
        .where(jobs.c.result_key.is_not(None))
        .values(result_path=sa.func.substr(jobs.c.result_key, len("reports/") + 1))
    )
    with op.batch_alter_table("report_jobs") as batch:
        batch.drop_column("result_key")
    op.drop_table("stored_file_chunks")
    op.drop_table("stored_files")
