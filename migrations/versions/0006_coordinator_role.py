"""the coordinator role: users.role may be 'coordinator'

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BEFORE = "role IN ('admin', 'expert', 'secretariat', 'nfp', 'team')"
AFTER = "role IN ('admin', 'expert', 'secretariat', 'nfp', 'team', 'coordinator')"


def _role_check(condition: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("role", type_="check")
        batch.create_check_constraint("role", condition)


def upgrade() -> None:
    _role_check(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'coordinator'")
    _role_check(BEFORE)
