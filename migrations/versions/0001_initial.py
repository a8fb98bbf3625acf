"""people, places, assessments, answers and the audit trail

Revision ID: 0001
Revises: 
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

import assess.models

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# The audit trail is append-only in the database itself, not only in the services: a stray
# UPDATE or DELETE (a console, a bug) is refused.
GUARDS = {
    "postgresql": (
        """CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
        END $$""",
        """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
    ),
    "sqlite": (
        """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END""",
        """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END""",
    ),
}
UNGUARDS = {
    "postgresql": (
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "DROP FUNCTION audit_events_append_only()",
    ),
    "sqlite": ("DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"),
}


def upgrade() -> None:
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_who', ['username', 'ip', 'at'], unique=False)

    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('code', name=op.f('uq_regions_code'))
    )
    op.create_table('countries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_countries_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_countries')),
    sa.UniqueConstraint('code', name=op.f('uq_countries_code'))
    )
    with op.batch_alter_table('countries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_countries_region_id'), ['region_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('country_id', sa.Integer(), nullable=True),
    sa.Column('areas', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('session_generation', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'expert', 'secretariat', 'nfp', 'team')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['country_id'], ['countries.id'], name=op.f('fk_users_country_id_countries')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_users_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_country_id'), ['country_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_region_id'), ['region_id'], unique=False)

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=16), nullable=False),
    sa.Column('round_label', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'returned', 'resubmitted', 'accepted')", name=op.f('ck_assessments_status')),
    sa.ForeignKeyConstraint(['country_id'], ['countries.id'], name=op.f('fk_assessments_country_id_countries')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_assessments_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('country_id', 'questionnaire_id', 'round_label', name=op.f('uq_assessments_country_id'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_country_id'), ['country_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('answered', 'na', 'dont_know')", name=op.f('ck_answers_status')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_answers_assessment_id_assessments')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_answers_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('assessment_id', 'question_id', name=op.f('uq_answers_assessment_id'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.String(length=120), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('old', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('new', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_audit_events_assessment_id_assessments')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_assessment_question', ['assessment_id', 'question_id'], unique=False)

    op.create_table('queries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', assess.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_queries_assessment_id_assessments')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_queries_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queries'))
    )
    with op.batch_alter_table('queries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queries_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=120), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', assess.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('link', 'text', 'file')", name=op.f('ck_evidence_kind')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_evidence_answer_id_answers')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_evidence_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_answer_id'), ['answer_id'], unique=False)

    for statement in GUARDS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade() -> None:
    for statement in UNGUARDS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_answer_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('queries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queries_assessment_id'))

    op.drop_table('queries')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_assessment_question')

    op.drop_table('audit_events')
    op.drop_table('answers')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_country_id'))

    op.drop_table('assessments')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_region_id'))
        batch_op.drop_index(batch_op.f('ix_users_country_id'))

    op.drop_table('users')
    with op.batch_alter_table('countries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_countries_region_id'))

    op.drop_table('countries')
    op.drop_table('regions')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_who')

    op.drop_table('login_attempts')
