"""Report jobs: queued by a page, run by a worker, progress and result kept in the database."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from assess import metrics
from assess.config import MAIL_SETTINGS
from assess.extensions import make_engine
from assess.jobs.backends import JobBackend
from assess.jobs.mail import outbox_for
from assess.models import JOB_FAILURES, Plan, ReportJob, User, utcnow
from assess.services import access, notifications
from assess.services.errors import NotAllowed, QueueUnavailable, TooManyJobs, refusal_text
from assess.services.file_store import open_store, store_settings
from assess.services.interregional import check_sees_interregional, interregional_report
from assess.services.plan_reports import Report, national_report, regional_report, render_report
from assess.services.questionnaires import open_registry

log = logging.getLogger(__name__)
FINISHED = ("done", "failed")
UNFINISHED = ("queued", "running")
# How many times workers may take a job up: one whose worker died (killed, its machine lost) is
# given to another, and fails for good after this many.
ATTEMPTS = 3
# What a job backend's worker calls for each report job.
TASK = f"{__name__}:run_job_from_settings"
# A worker is killed at its time bound; this much more covers its start and its last writes.
GRACE = timedelta(seconds=60)


def start_report(
    session: Session, user: User, plan: Plan, lang: str, backend: JobBackend, *, per_user: int
) -> ReportJob:
    """Queue the plan's report in `lang` and hand it to the backend; TooManyJobs when `user`
    already has `per_user` reports waiting or being made."""
    if not access.can_make_report(user, plan):
        raise NotAllowed(refusal_text("You may not make this plan's report."))
    job = ReportJob(plan=plan, lang=lang, created_by_id=user.id)
    return _queue(session, user, job, backend, per_user)


def start_interregional(
    session: Session, user: User, lang: str, backend: JobBackend, *, per_user: int
) -> ReportJob:
    """Queue the interregional report in `lang` (all regions side by side)."""
    check_sees_interregional(user)
    job = ReportJob(plan=None, lang=lang, created_by_id=user.id)
    return _queue(session, user, job, backend, per_user)


def _queue(
    session: Session, user: User, job: ReportJob, backend: JobBackend, per_user: int
) -> ReportJob:
    # A write to the person's row first: on PostgreSQL it locks that row, on SQLite the database,
    # until the commit, so two requests of one person count and add their jobs one after the other.
    session.execute(update(User).where(User.id == user.id).values(id=User.id))
    waiting = session.scalar(
        select(func.count())
        .select_from(ReportJob)
        .where(ReportJob.created_by_id == user.id, ReportJob.status.in_(UNFINISHED))
    )
    if waiting >= per_user:
        session.rollback()
        raise TooManyJobs(
            refusal_text(
                "You already have %(count)s reports waiting or being made, as many as one "
                "person may. Ask for this one once one of them is ready.",
                count=waiting,
            )
        )
    job.status, job.progress = "queued", 0
    session.add(job)
    session.commit()
    metrics.report_job("queued")
    try:
        backend.submit(job.id)
    except Exception as error:
        set_failed(session, job.id, "error", f"not queued: {type(error).__name__}: {error}")
        raise QueueUnavailable(
            refusal_text("The report queue cannot be reached just now. Try again in a while.")
        ) from error
    return job


def settings_for(config: Mapping[str, Any]) -> dict[str, Any]:
    """What a worker needs from an application's configuration to run its jobs."""
    return {
        "database_url": config["DATABASE_URL"],
        "engine_options": config.get("DATABASE_ENGINE_OPTIONS", {}),
        "questionnaires_dir": str(config["QUESTIONNAIRES_DIR"]),
        "reports_dir": str(config["REPORTS_DIR"]),
        "result_dir": str(config["REPORT_RESULT_DIR"]),
        # Where the PDF goes: the folder or the database every node shares.
        "file_store": store_settings(config),
        "marking": config["ASSESS_REPORT_MARKING"],
        # The worker tells who asked that the report is ready (assess.services.notifications).
        "mail": {key: config.get(key) for key in MAIL_SETTINGS},
        # Its log lines in the application's format; its counts where the servers' are.
        "log_format": config.get("ASSESS_LOG_FORMAT", "text"),
        "metrics_dir": str(config.get("ASSESS_METRICS_DIR") or "") or None,
    }


def _sessions(settings: Mapping[str, Any]) -> sessionmaker[Session]:
    engine = make_engine(settings["database_url"], **settings.get("engine_options", {}))
    mail = settings.get("mail", {})
    info = {
        "questionnaires": open_registry(Path(settings["questionnaires_dir"])),
        # The worker serves no one waiting: it sends its e-mail itself, as it goes.
        "outbox": outbox_for(mail, background=False),
        "base_url": mail.get("ASSESS_BASE_URL"),
    }
    return sessionmaker(engine, info=info, expire_on_commit=False)


def run_job_from_settings(job_id: int, settings: Mapping[str, Any]) -> bool:
    """The worker's side: make the job's PDF; False (and the job failed) when it could not: a
    TimeoutError is the worker's time bound (rq's), a MemoryError its memory bound."""
    factory = _sessions(settings)
    try:
        with factory() as session:
            try:
                run_job(session, job_id, settings)
            except Exception as error:
                session.rollback()
                failure = (
                    "timeout"
                    if isinstance(error, TimeoutError)
                    else "worker"
                    if isinstance(error, MemoryError)
                    else "error"
                )
                set_failed(session, job_id, failure, f"{type(error).__name__}: {error}")
                return False
    finally:
        factory.kw["bind"].dispose()
    return True


def run_job(session: Session, job_id: int, settings: Mapping[str, Any]) -> str:
    """Make the job's report, writing its progress as it goes; the PDF's key in the file store."""
    claim(session, job_id)
    job = session.get(ReportJob, job_id)
    assert job is not None
    report = _report(session, job, settings["marking"])
    _progress(session, job_id, "running", 30)
    data = render_report(
        report,
        Path(settings["reports_dir"]),
        progress=lambda value: _progress(session, job_id, "running", value),
    )
    store = open_store(settings["file_store"], session.get_bind())
    key = result_key(job_id, report.filename)
    store.put(key, io.BytesIO(data))
    try:
        session.execute(
            update(ReportJob)
            .where(ReportJob.id == job_id)
            .values(status="done", progress=100, result_key=key, finished_at=utcnow())
        )
        session.commit()
    except BaseException:
        store.delete(key)
        raise
    metrics.report_job("done")
    log.info("report job %s done: %s", job_id, key)
    session.refresh(job)
    notifications.report_ready(session, job)
    return key


def result_key(job_id: int, filename: str) -> str:
    """The file store key of a job's PDF: its id, then the name it is downloaded under."""
    return f"reports/job-{job_id}-{filename}"


def download_name(key: str) -> str:
    """The name a job's PDF is downloaded under (its key without the area and the job id)."""
    return key.rpartition("/")[2].split("-", 2)[-1]


def claim(session: Session, job_id: int) -> int:
    """Take the job up for a worker: running, one attempt more; the attempt's number.

    A job found running was left so by a worker that died: it is taken up again, until
    ATTEMPTS workers took it, and then fails for good. ValueError: not a job waiting to run."""
    taken = session.execute(
        update(ReportJob)
        .where(
            ReportJob.id == job_id,
            ReportJob.status.in_(UNFINISHED),
            ReportJob.attempts < ATTEMPTS,
        )
        .values(status="running", progress=10, started_at=utcnow(), attempts=ReportJob.attempts + 1)
    )
    session.commit()
    if taken.rowcount == 1:
        return session.scalar(select(ReportJob.attempts).where(ReportJob.id == job_id)) or 1
    worn = session.scalar(
        select(ReportJob.attempts).where(ReportJob.id == job_id, ReportJob.status.in_(UNFINISHED))
    )
    if worn is not None:
        set_failed(session, job_id, "worker", _worn_out(worn))
    raise ValueError(f"job {job_id} is not waiting to run")


def _worn_out(attempts: int) -> str:
    return f"its worker stopped during each of its {attempts} attempts"


def worker_died(session: Session, job_id: int, *, retried: bool, detail: str) -> None:
    """A worker died while making the job: it waits for another (`retried`) or fails for good."""
    if not retried:
        set_failed(session, job_id, "worker", f"{detail}; {_worn_out(ATTEMPTS)}")
        return
    log.warning("report job %s: %s; it waits for another worker", job_id, detail)
    session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id, ReportJob.status == "running")
        .values(status="queued", progress=0)
    )
    session.commit()


def _report(session: Session, job: ReportJob, marking: str | None) -> Report:
    """What the job makes: its plan's report, or the interregional one as its maker may see it."""
    if job.plan is None:
        maker = session.get(User, job.created_by_id)
        if maker is None:
            raise ValueError(f"job {job.id} names no one who asked for it")
        return interregional_report(session, maker, lang=job.lang, marking=marking, when=None)
    make = national_report if job.plan.kind == "national" else regional_report
    return make(session, job.plan, lang=job.lang, marking=marking, when=None)


def _progress(session: Session, job_id: int, status: str, progress: int) -> None:
    session.execute(
        update(ReportJob).where(ReportJob.id == job_id).values(status=status, progress=progress)
    )
    session.commit()


def set_failed(session: Session, job_id: int, failure: str, detail: str) -> None:
    """Mark a job failed, unless it already finished: why (one of JOB_FAILURES, which its page
    says in the reader's language) and the technical detail (kept and logged, never shown)."""
    if failure not in JOB_FAILURES:
        raise ValueError(f"unknown job failure {failure!r}; use one of {JOB_FAILURES}")
    log.error("report job %s failed (%s): %s", job_id, failure, detail)
    failed = session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id, ReportJob.status.not_in(FINISHED))
        .values(status="failed", failure=failure, error=detail[:2000], finished_at=utcnow())
    )
    session.commit()
    if failed.rowcount:
        metrics.report_job("failed")


def fail_overdue(session: Session, seconds: float, *, queue_keeps_jobs: bool = False) -> int:
    """Mark failed the jobs still unfinished past their time bound (e.g. the server stopped):
    running ones counted from when a worker took them up, waiting ones from when they were asked
    for. Where a queue server keeps the waiting jobs (rq), they may wait behind others: only
    one waiting longer than its ATTEMPTS attempts could take is taken for lost (e.g. with the
    queue's server), so that it no longer counts against its maker's limit."""
    bound = seconds + GRACE.total_seconds()
    now = utcnow()
    waited = bound * ATTEMPTS if queue_keeps_jobs else bound
    overdue = (
        (ReportJob.status == "running")
        & (
            func.coalesce(ReportJob.started_at, ReportJob.created_at)
            < now - timedelta(seconds=bound)
        )
    ) | ((ReportJob.status == "queued") & (ReportJob.created_at < now - timedelta(seconds=waited)))
    done = session.execute(
        update(ReportJob)
        .where(overdue)
        .values(
            status="failed",
            failure="overdue",
            error=f"stopped: not finished within {bound:g} s (the server may have stopped)",
            finished_at=utcnow(),
        )
    )
    session.commit()
    if done.rowcount:
        metrics.report_job("failed", done.rowcount)
    return done.rowcount


def failure_recorder(factory: sessionmaker[Session]):
    """A callback for job backends: marks a job failed through its own session."""

    def record(job_id: int, failure: str, detail: str) -> None:
        with factory() as session:
            set_failed(session, job_id, failure, detail)

    return record
