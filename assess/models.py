"""The database tables: people and places, assessments, answers, queries and the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Role(StrEnum):
    """What a person does; what each role may see and do is decided in assess.services.access."""

    ADMIN = "admin"
    EXPERT = "expert"
    SECRETARIAT = "secretariat"
    NFP = "nfp"
    TEAM = "team"
    COORDINATOR = "coordinator"


ROLES = tuple(role.value for role in Role)
STATUSES = ("draft", "submitted", "returned", "resubmitted", "accepted")
# The parts of a year a round may cover: a half or a quarter (none: the whole year).
ROUND_PERIODS = ("H1", "H2", "Q1", "Q2", "Q3", "Q4")
ANSWER_STATUSES = ("answered", "na", "dont_know")
EVIDENCE_KINDS = ("link", "text", "file")
QUERY_STATUSES = ("open", "answered", "closed")


def utcnow() -> datetime:
    """Now, in UTC: every stored time is UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time stored in UTC and read back as an aware UTC datetime on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC (assess.models.utcnow)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        # SQLite keeps no zone: what it returns was stored as UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Region(Base):
    """A CoE region, served by one Regional Secretariat."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    countries: Mapped[list[Country]] = relationship(
        back_populates="region", order_by="Country.code"
    )


class Country(Base):
    """A partner country, by its ISO 3166 code."""

    __tablename__ = "countries"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    region: Mapped[Region] = relationship(back_populates="countries")


class User(Base):
    """A person who signs in; what they see follows from role, region, country and areas."""

    __tablename__ = "users"
    __table_args__ = (_one_of("role", ROLES, "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id"), index=True)
    # Team members only: the area ids they may edit; empty means every area.
    areas: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Bumped at logout: sessions carrying an older generation stop working.
    session_generation: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    # The language of the e-mail sent to them (a catalogue of assess/translations).
    language: Mapped[str] = mapped_column(String(16), default="en")
    # The notification kinds (assess.services.notifications.KINDS) they chose not to receive.
    notifications_off: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # A pending invitation: the SHA-256 of its single-use token, and when it stops working.
    invitation_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invitation_expires_at: Mapped[datetime | None]
    # The second factor (assess.services.second_factor): the TOTP secret in use, one shown once
    # and awaiting its first code, and the last 30-second step whose code was accepted.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    region: Mapped[Region | None] = relationship()
    country: Mapped[Country | None] = relationship()
    ministries: Mapped[list[Ministry]] = relationship(
        secondary="ministry_members", order_by="Ministry.name", back_populates="members"
    )

    @property
    def totp_enabled(self) -> bool:
        """Whether signing in asks for an authenticator app's code after the password."""
        return self.totp_secret is not None

    # Flask-Login reads these four; defined here so the model needs no web import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"


class Ministry(Base):
    """A ministry or agency of a country's national team: its members answer its areas.

    Areas are question areas by id, kept for every round; an area may be shared by several
    ministries (each owes its part of it), since parts such as the legal framework involve more
    than one."""

    __tablename__ = "ministries"
    __table_args__ = (UniqueConstraint("country_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(32), default="")
    areas: Mapped[list[str]] = mapped_column(JSONType, default=list)
    country: Mapped[Country] = relationship()
    members: Mapped[list[User]] = relationship(
        secondary="ministry_members", order_by="User.username", back_populates="ministries"
    )


class MinistryMember(Base):
    """A national team member of a ministry (one person may serve several)."""

    __tablename__ = "ministry_members"
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)


class PartDone(Base):
    """A ministry marked its part of an assessment done: who, when (unmarking deletes it)."""

    __tablename__ = "parts_done"
    __table_args__ = (UniqueConstraint("ministry_id", "assessment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[User | None] = relationship()


class Assessment(Base):
    """One round of a questionnaire version for one country."""

    __tablename__ = "assessments"
    __table_args__ = (
        _one_of("status", STATUSES, "status"),
        _one_of("round_period", ROUND_PERIODS, "round_period"),
        UniqueConstraint("country_id", "questionnaire_id", "round_label"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(16))
    # The name people read ("2027", "2027-H1"), made from the year and period; rounds opened
    # before labels were structured keep the words typed then, their year being the one opened in.
    round_label: Mapped[str] = mapped_column(String(120))
    round_year: Mapped[int]
    round_period: Mapped[str | None] = mapped_column(String(2))
    # The day answers are due; none for rounds opened before deadlines were kept.
    deadline: Mapped[date | None]
    # Whether answers carried from the last accepted round must each be confirmed before the
    # round can be submitted (the secretariat chooses when opening it).
    confirm_carried: Mapped[bool] = mapped_column(default=True)
    # Whether the country's NFP agreed to print these answers in the region's plan report.
    shares_answers: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # When someone who may accept or return the submission first opened its review page (reset at
    # each submission): from then on the NFP can no longer withdraw it.
    review_started_at: Mapped[datetime | None]
    # When it was last reopened after being accepted: plans made before are stale.
    reopened_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    country: Mapped[Country] = relationship()
    answers: Mapped[list[AnswerRecord]] = relationship(
        back_populates="assessment", order_by="AnswerRecord.id"
    )
    queries: Mapped[list[Query]] = relationship(back_populates="assessment", order_by="Query.id")


class AnswerRecord(Base):
    """The current answer to one question of one assessment; `version` guards concurrent saves."""

    __tablename__ = "answers"
    __table_args__ = (
        _one_of("status", ANSWER_STATUSES, "status"),
        UniqueConstraint("assessment_id", "question_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    question_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16))
    value: Mapped[Any | None] = mapped_column(JSONType)
    comment: Mapped[str | None] = mapped_column(Text)
    # The label of the round this answer was carried from while nobody has confirmed or changed
    # it since; None for an answer given or confirmed in this round.
    carried_from: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(back_populates="answer", order_by="Evidence.id")


class Evidence(Base):
    """A link, a text or a stored file supporting an answer."""

    __tablename__ = "evidence"
    __table_args__ = (_one_of("kind", EVIDENCE_KINDS, "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    # link: the URL; text: the text; file: the stored file's name under the upload folder.
    payload: Mapped[str] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[AnswerRecord] = relationship(back_populates="evidence")


class Query(Base):
    """A reviewer's question on one answer: a thread of messages and where it stands."""

    __tablename__ = "queries"
    __table_args__ = (_one_of("status", QUERY_STATUSES, "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(120))
    # open: awaits the country; answered: the country replied (or resubmitted); closed: settled.
    status: Mapped[str] = mapped_column(String(16), default="open")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    assessment: Mapped[Assessment] = relationship(back_populates="queries")
    author: Mapped[User | None] = relationship()
    messages: Mapped[list[QueryMessage]] = relationship(
        back_populates="query", order_by="QueryMessage.id"
    )


class QueryMessage(Base):
    """One message of a query's thread: the question asked, a reply, a follow-up."""

    __tablename__ = "query_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    query_id: Mapped[int] = mapped_column(ForeignKey("queries.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    query: Mapped[Query] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class AuditEvent(Base):
    """One change, never updated nor deleted: who, when, what, old value and new value."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_assessment_question", "assessment_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    question_id: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    old: Mapped[Any | None] = mapped_column(JSONType)
    new: Mapped[Any | None] = mapped_column(JSONType)
    user: Mapped[User | None] = relationship()


class Reminder(Base):
    """A reminder sent to one person about one assessment, kept so each is sent only once."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("user_id", "assessment_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAttempt(Base):
    """A sign-in attempt, kept so failures are counted across every worker."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_who", "username", "ip", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    success: Mapped[bool]


PLAN_KINDS = ("national", "regional")
# Where a regional project proposal stands (assess.plans.model.PROPOSAL_STATUSES, repeated here
# so that the tables need no import of the plans package; tests/services check they agree).
PROPOSAL_STATUSES = ("draft", "submitted", "approved", "funded", "closed")
JOB_STATUSES = ("queued", "running", "done", "failed")
# Why a job failed, in words its page can say in the reader's language: it took longer than its
# bound, the server stopped under it, its worker died (e.g. out of memory), or the report raised.
JOB_FAILURES = ("timeout", "overdue", "worker", "error")


class Plan(Base):
    """A stored action plan: a country's (per assessment) or a region's (per questionnaire)."""

    __tablename__ = "plans"
    __table_args__ = (
        _one_of("kind", PLAN_KINDS, "kind"),
        UniqueConstraint("assessment_id"),
        UniqueConstraint("region_id", "questionnaire_id", "questionnaire_version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(16))
    # A hash of the scored data the plan was last generated from.
    data_sha256: Mapped[str] = mapped_column(String(64))
    # That data itself (the answers, by country for a regional plan) and when it last changed:
    # pages and reports read the plan back from it. Empty for plans stored before it was kept.
    inputs: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    inputs_changed_at: Mapped[datetime | None]
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessment: Mapped[Assessment | None] = relationship()
    region: Mapped[Region | None] = relationship()
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", order_by="PlanAction.position"
    )


class PlanAction(Base):
    """One action of a stored plan: what the builder proposed and what people changed."""

    __tablename__ = "plan_actions"
    __table_args__ = (UniqueConstraint("plan_id", "action_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    action_id: Mapped[str] = mapped_column(String(200))  # stable: node id and level step
    position: Mapped[int] = mapped_column(default=0)
    # False once a regeneration no longer proposes it; kept so no one's edits are lost.
    active: Mapped[bool] = mapped_column(default=True)
    proposed: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # Only the fields a person set: they win over `proposed` and survive regeneration.
    edits: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    plan: Mapped[Plan] = relationship(back_populates="actions")


class ActionProgress(Base):
    """A value recorded for one KPI of a plan's action, for a date: progress over time (never
    changed; a correction is a newer record)."""

    __tablename__ = "action_progress"
    __table_args__ = (Index("ix_action_progress_action_refers", "plan_action_id", "refers_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    kpi: Mapped[str] = mapped_column(String(200))  # the KPI's name, as the action names it
    value: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    refers_to: Mapped[date]  # the day the value describes
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    plan_action: Mapped[PlanAction] = relationship()
    by: Mapped[User | None] = relationship()


class ReportJob(Base):
    """A report being made outside the request: its progress, then its file or its error.

    A plan's report names its plan; the interregional report (all regions side by side) none."""

    __tablename__ = "report_jobs"
    __table_args__ = (_one_of("status", JOB_STATUSES, "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    lang: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    # The PDF's key in the file store (assess.services.file_store), e.g. "reports/job-7-...pdf".
    result_key: Mapped[str | None] = mapped_column(String(500))
    # The technical detail, for operators (the server log has it too); never shown to readers.
    error: Mapped[str | None] = mapped_column(Text)
    failure: Mapped[str | None] = mapped_column(String(16))  # one of JOB_FAILURES
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a worker last took it up, and how many times one did (a worker that died mid-job
    # leaves it to another, up to assess.services.report_jobs.ATTEMPTS times).
    started_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    finished_at: Mapped[datetime | None]
    plan: Mapped[Plan | None] = relationship()


class Proposal(Base):
    """A regional project proposal a Secretariat makes from its countries' assistance requests.

    `budget` None: the proposal's budget is the sum of its actions' costs."""

    __tablename__ = "proposals"
    __table_args__ = (_one_of("status", PROPOSAL_STATUSES, "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    region: Mapped[Region] = relationship()
    actions: Mapped[list[ProposalAction]] = relationship(
        back_populates="proposal", order_by="ProposalAction.id", cascade="all, delete-orphan"
    )


class ProposalAction(Base):
    """One country's plan action a proposal takes up (an action is in one proposal at most)."""

    __tablename__ = "proposal_actions"
    __table_args__ = (UniqueConstraint("plan_action_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    proposal: Mapped[Proposal] = relationship(back_populates="actions")
    plan_action: Mapped[PlanAction] = relationship()


TOKEN_SCOPES = ("read",)


class ApiToken(Base):
    """A personal access token for the API: only the SHA-256 of its secret is kept (the secret
    is shown once, when made); it stops working when revoked, expired or its owner deactivated."""

    __tablename__ = "api_tokens"
    __table_args__ = (_one_of("scope", TOKEN_SCOPES, "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(16), default="read")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()


class StoredFile(Base):
    """A file of the database file store (ASSESS_FILE_STORE=database): evidence files and report
    PDFs every web node and worker reaches. Its bytes are in StoredFileChunk rows of about 1 MiB;
    the row and its chunks are written in one transaction, so a file is whole or absent."""

    __tablename__ = "stored_files"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFileChunk(Base):
    """One piece of a stored file, in order of `seq` from 0."""

    __tablename__ = "stored_file_chunks"
    key: Mapped[str] = mapped_column(
        String(300), ForeignKey("stored_files.key", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
