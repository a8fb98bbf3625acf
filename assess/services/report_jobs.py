"""Report jobs: queued by a page, run by a worker, progress and result kept in the database."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from assess import metrics
from assess.config import MAIL_SETTINGS
from assess.extensions import make_engine
from assess.jobs.backends import JobBackend
from assess.jobs.mail import outbox_for
from assess.models import JOB_FAILURES, Plan, ReportJob, User, utcnow
from assess.services import access, notifications
from assess.services.errors import NotAllowed, refusal_text
from assess.services.file_store import open_store, store_settings
from assess.services.interregional import check_sees_interregional, interregional_report
from assess.services.plan_reports import Report, national_report, regional_report, render_report
from assess.services.questionnaires import open_registry

log = logging.getLogger(__name__)
FINISHED = ("done", "failed")
# What a job backend's worker calls for each report job.
TASK = f"{__name__}:run_job_from_settings"
# A worker is killed at its time bound; this much more covers its start and its last writes.
GRACE = timedelta(seconds=60)


def start_report(
    session: Session, user: User, plan: Plan, lang: str, backend: JobBackend
) -> ReportJob:
    """Queue the plan's report in `lang` and hand it to the backend."""
    if not access.can_make_report(user, plan):
        raise NotAllowed(refusal_text("You may not make this plan's report."))
    return _queue(session, ReportJob(plan=plan, lang=lang, created_by_id=user.id), backend)


def start_interregional(session: Session, user: User, lang: str, backend: JobBackend) -> ReportJob:
    """Queue the interregional report in `lang` (all regions side by side)."""
    check_sees_interregional(user)
    return _queue(session, ReportJob(plan=None, lang=lang, created_by_id=user.id), backend)


def _queue(session: Session, job: ReportJob, backend: JobBackend) -> ReportJob:
    job.status, job.progress = "queued", 0
    session.add(job)
    session.commit()
    metrics.report_job("queued")
    backend.submit(job.id)
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
    """The worker's side: make the job's PDF; False (and the job failed) when it could not."""
    factory = _sessions(settings)
    with factory() as session:
        try:
            run_job(session, job_id, settings)
        except Exception as error:
            session.rollback()
            set_failed(session, job_id, "error", f"{type(error).__name__}: {error}")
            return False
    return True


def run_job(session: Session, job_id: int, settings: Mapping[str, Any]) -> str:
    """Make the job's report, writing its progress as it goes; the PDF's key in the file store."""
    job = session.get(ReportJob, job_id)
    if job is None or job.status != "queued":
        raise ValueError(f"job {job_id} is not waiting to run")
    _progress(session, job_id, "running", 10)
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


def fail_overdue(session: Session, seconds: float) -> int:
    """Mark failed the jobs still unfinished past their time bound (e.g. the server stopped)."""
    bound = seconds + GRACE.total_seconds()
    done = session.execute(
        update(ReportJob)
        .where(
            ReportJob.status.not_in(FINISHED),
            ReportJob.created_at < utcnow() - timedelta(seconds=bound),
        )
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
