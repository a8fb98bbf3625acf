"""Report jobs through RQ on a real Redis server, made by real `assess worker` processes.

Each test has a queue of its own, so parallel test workers never take each other's jobs. Without
a Redis server on ASSESS_TEST_REDIS_URL (default redis://127.0.0.1:6379/13) these tests skip,
unless ASSESS_REQUIRE_REDIS=1 (CI), where they fail instead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from assess.models import ReportJob
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, signed_in

ROOT = Path(__file__).resolve().parents[2]
ASSESS = Path(sys.executable).parent / "assess"


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("ASSESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        Redis.from_url(url).ping()
    except RedisDown as error:
        reason = f"no Redis server at {url}: {error}"
        if os.environ.get("ASSESS_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " (ASSESS_REQUIRE_REDIS=1: these tests must run here)")
        pytest.skip(reason)
    return url


@pytest.fixture
def queue_name(redis_url: str) -> Iterator[str]:
    name = f"test-reports-{uuid.uuid4().hex[:12]}"
    yield name
    connection = Redis.from_url(redis_url)
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app(make_app, redis_url, queue_name, instance):
    return make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=instance / "reports",
        ASSESS_JOB_BACKEND="rq",
        ASSESS_REDIS_URL=redis_url,
        ASSESS_JOB_QUEUE=queue_name,
        ASSESS_JOBS_PER_USER=3,
    )


def _worker_environment(app, redis_url: str, queue_name: str, instance: Path) -> dict[str, str]:
    """The worker's own settings: the same variables an operator gives the web servers."""
    url = make_url(app.config["DATABASE_URL"])
    options = app.config.get("DATABASE_ENGINE_OPTIONS", {}).get("connect_args", {})
    if "options" in options:  # PostgreSQL: the test's own schema
        url = url.update_query_dict({"options": options["options"]})
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSESS_ENV": "testing",
        "ASSESS_DATABASE_URL": url.render_as_string(hide_password=False),
        "ASSESS_INSTANCE_DIR": str(instance),
        "ASSESS_QUESTIONNAIRES_DIR": str(PLAN_QUESTIONNAIRES),
        "ASSESS_JOB_BACKEND": "rq",
        "ASSESS_REDIS_URL": redis_url,
        "ASSESS_JOB_QUEUE": queue_name,
    }


@pytest.fixture
def start_worker(app, redis_url, queue_name, instance, tmp_path) -> Iterator:
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        worker = subprocess.Popen(
            [str(ASSESS), "worker"],
            env=_worker_environment(app, redis_url, queue_name, instance),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()


def _post(client, db, code: str = "XA"):
    return client.post(f"/assessments/{assessment_of(db, code).id}/plan/report")


def _job_when(db, job_id: int, wanted, seconds: float) -> ReportJob:
    deadline = time.monotonic() + seconds
    while True:
        db.expire_all()
        job = db.get(ReportJob, job_id)
        if wanted(job) or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def _pdf_text(client, location: str, path: Path) -> str:
    with client.get(location + "/download") as download:
        assert download.status_code == 200
        path.write_bytes(download.data)
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.slow
def test_a_worker_makes_the_report_and_redis_holds_only_the_job_id(
    app, db, demo, start_worker, redis_url, queue_name, tmp_path
):
    start_worker()
    client = signed_in(app, "nfp-xa")
    response = _post(client, db)
    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job = _job_when(db, job_id, lambda job: job.status in ("done", "failed"), 120)
    assert (job.status, job.attempts, job.error) == ("done", 1, None)
    text = _pdf_text(client, response.headers["Location"], tmp_path / "job.pdf")
    assert "Arvenia" in text and "National CBRN action plan" in text
    # What the web side put in Redis: the task and the job's id, no address and no secret.
    connection = Redis.from_url(redis_url)
    [key] = [k for k in connection.scan_iter("rq:job:*") if _of_queue(connection, k, queue_name)]
    stored = b" ".join(v for v in connection.hgetall(key).values())
    for secret in (app.config["DATABASE_URL"], app.config["SECRET_KEY"], "sqlite", "postgresql"):
        assert secret.encode() not in stored


def _of_queue(connection: Redis, key: bytes, queue_name: str) -> bool:
    return connection.hget(key, "origin") == queue_name.encode()


def test_one_more_report_than_a_person_may_have_waiting_is_refused(app, db, demo):
    """No worker runs: three jobs wait; the fourth is refused with 429 and the reason."""
    client = signed_in(app, "nfp-xa")
    assert [_post(client, db).status_code for _ in range(3)] == [303, 303, 303]
    refused = _post(client, db)
    assert refused.status_code == 429
    assert "You already have 3 reports waiting or being made" in refused.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(ReportJob)) == 3
    # Someone else is not held back by that person's jobs.
    assert _post(signed_in(app, "team-xa"), db).status_code == 303


def test_ten_parallel_posts_of_one_person_make_three_jobs(app, db, demo):
    """The limit holds under a race: ten requests at once (PostgreSQL: threads, one
    connection each) leave exactly three jobs and seven refusals."""
    from assess.services import plans
    from tests.web.plan_support import person

    # The plan exists beforehand: only the jobs race here.
    plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA"))
    plan_url = f"/assessments/{assessment_of(db, 'XA').id}/plan/report"
    clients = [signed_in(app, "nfp-xa") for _ in range(10)]
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def post(client) -> None:
        barrier.wait()
        statuses.append(client.post(plan_url).status_code)

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [303] * 3 + [429] * 7
    assert db.scalar(select(func.count()).select_from(ReportJob)) == 3


def _horse_of(worker: subprocess.Popen) -> int | None:
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    pids = children.read_text().split() if children.exists() else []
    return int(pids[0]) if pids else None


@pytest.mark.slow
def test_a_job_whose_worker_is_killed_is_made_by_another(app, db, demo, start_worker, tmp_path):
    """kill -9 of the worker and its work horse in the middle of a report: the job goes back to
    waiting, a second worker makes it (attempt 2) and its PDF downloads."""
    first = start_worker()
    client = signed_in(app, "nfp-xa")
    response = _post(client, db)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job = _job_when(db, job_id, lambda job: job.status != "queued", 120)
    assert job.status == "running"
    horse = _horse_of(first)
    os.kill(first.pid, signal.SIGKILL)
    if horse is not None:
        os.kill(horse, signal.SIGKILL)
    first.wait()
    assert _job_when(db, job_id, lambda job: job.status == "done", 1).status == "running"
    start_worker()
    job = _job_when(db, job_id, lambda job: job.status in ("done", "failed"), 150)
    assert (job.status, job.attempts) == ("done", 2), (job.status, job.error)
    text = _pdf_text(client, response.headers["Location"], tmp_path / "job.pdf")
    assert "National CBRN action plan" in text


@pytest.mark.parametrize(("do", "bound"), [("dawdle", "time"), ("hog", "memory")])
def test_the_work_horse_keeps_to_the_time_and_memory_bounds(
    redis_url, queue_name, tmp_path, do, bound
):
    """A task past ASSESS_JOB_TIMEOUT gets a TimeoutError (the report task fails the job as
    'timeout'); one taking more than ASSESS_JOB_MEMORY_MB a MemoryError ('worker')."""
    from assess.jobs.backends import Limits, make_backend

    backend = make_backend(
        "rq", redis_url=redis_url, queue=queue_name, limits=Limits(1, 0), attempts=3
    )
    backend.submit(5)
    task = "tests.jobs.tasks:tell_bound"
    arguments = [redis_url, queue_name, task, str(tmp_path), do, "512"]
    worker = subprocess.run(
        [sys.executable, "-m", "tests.jobs.rq_worker", *arguments],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert (tmp_path / "5.bound").read_text(encoding="utf-8") == bound


@pytest.mark.parametrize(("minutes", "status"), [(10, "queued"), (20, "failed")])
def test_a_job_waiting_on_the_queue_is_taken_for_lost_only_past_all_its_attempts(
    app, db, demo, minutes, status
):
    """Redis keeps waiting jobs (they may wait behind others): one is failed as overdue only
    once its 3 attempts of 300 + 60 s could have run (18 minutes), not after one (6)."""
    from datetime import timedelta

    from assess.models import utcnow
    from assess.services import plans
    from tests.web.plan_support import person

    plan = plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA")).plan
    job = ReportJob(plan_id=plan.id, lang="en", status="queued", progress=0)
    job.created_at = utcnow() - timedelta(minutes=minutes)
    db.add(job)
    db.commit()
    page = signed_in(app, "nfp-xa").get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert f'data-status="{status}"' in page
