"""A job whose worker died waits for another, counting its attempts, and fails for good after
report_jobs.ATTEMPTS of them."""

from __future__ import annotations

import pytest

from assess.models import ReportJob
from assess.services import report_jobs


def _job(db, status: str, attempts: int) -> ReportJob:
    job = ReportJob(plan=None, lang="en", status=status, progress=40, attempts=attempts)
    db.add(job)
    db.commit()
    return job


def test_a_worker_takes_up_a_waiting_job_and_counts_the_attempt(db):
    job = _job(db, "queued", 0)
    assert report_jobs.claim(db, job.id) == 1
    db.refresh(job)
    assert (job.status, job.attempts, job.started_at is not None) == ("running", 1, True)


def test_a_job_its_dead_worker_left_running_is_taken_up_again(db):
    job = _job(db, "running", 1)
    assert report_jobs.claim(db, job.id) == 2


def test_a_job_taken_up_as_often_as_allowed_fails_for_good(db):
    job = _job(db, "running", report_jobs.ATTEMPTS)
    with pytest.raises(ValueError, match="not waiting to run"):
        report_jobs.claim(db, job.id)
    db.refresh(job)
    assert (job.status, job.failure) == ("failed", "worker")
    assert job.error == f"its worker stopped during each of its {report_jobs.ATTEMPTS} attempts"


def test_a_finished_job_is_not_taken_up(db):
    job = _job(db, "done", 1)
    with pytest.raises(ValueError):
        report_jobs.claim(db, job.id)
    db.refresh(job)
    assert (job.status, job.attempts) == ("done", 1)


def test_a_dead_workers_job_waits_again_or_fails_when_no_retry_is_left(db):
    again, last = _job(db, "running", 1), _job(db, "running", report_jobs.ATTEMPTS)
    report_jobs.worker_died(db, again.id, retried=True, detail="killed")
    report_jobs.worker_died(db, last.id, retried=False, detail="killed")
    db.refresh(again)
    db.refresh(last)
    assert (again.status, again.progress) == ("queued", 0)
    assert (last.status, last.failure) == ("failed", "worker")
    assert last.error.startswith("killed; its worker stopped during each of its 3 attempts")
