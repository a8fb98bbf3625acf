"""The `rq` job backend: report jobs on a Redis queue, made by `assess worker` processes.

The web side puts only the job's id on the queue (never the database's address or a secret):
a worker reads its settings from its own environment through assess.config, the same variables
as the web servers. Each worker makes one report at a time, in a work horse it forks (RQ's
model): the horse runs under the memory bound (RLIMIT_AS) and RQ's job timeout, the time bound.

A worker that dies mid-job (killed, its machine lost) stops sending heartbeats; once they are
overdue, the next worker cleaning the queue's registries finds the job abandoned, sets it back
to waiting and queues it again (RQ's Retry), up to assess.services.report_jobs.ATTEMPTS
attempts; then it fails for good. A work horse killed on its own (e.g. by the kernel for lack
of memory) is retried the same way by its worker."""

from __future__ import annotations

import math
import os
import resource
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from redis import Redis
from rq import Callback, Queue, Retry, Worker
from rq.exceptions import AbandonedJobError
from rq.job import Job
from rq.timeouts import JobTimeoutException, UnixSignalDeathPenalty

from assess.config import ConfigError
from assess.jobs.backends import Limits, run_task

# Seconds between a busy worker's heartbeats, and how long past a missed one it counts as dead
# (RQ's defaults, 30 s and 60 s more, would leave a dead worker's job waiting for minutes).
HEARTBEAT = 5
GRACE = 15
# An idle worker wakes this often to clean the registries (finding abandoned jobs) at most
# every MAINTENANCE seconds.
WORKER_TTL = 35
MAINTENANCE = 15
# How long RQ keeps a finished job's record (the database keeps the job's own).
KEEP_SECONDS = 3600
# Work horses yield the CPU to the web servers on a shared machine: a report is batch work, a
# save someone waits for is not.
NICENESS = 10

# (job id, whether RQ runs it again, what happened): the service's word on a dead worker's job.
Death = Callable[[int, bool, str], None]


@dataclass(frozen=True)
class WorkerSetup:
    """What `assess worker` hands this process before its work horses fork."""

    task: str  # "module:function" called with (job id, settings)
    settings: Mapping[str, Any]  # from the worker's own environment, as the web servers read it
    memory_bytes: int
    on_death: Death


_setup: WorkerSetup | None = None


def _set_up() -> WorkerSetup:
    if _setup is None:
        raise RuntimeError("report jobs run in `assess worker` processes (it has their settings)")
    return _setup


@dataclass
class RQBackend:
    """Puts each job's id, and nothing else, on the Redis queue `queue`."""

    connection: Redis
    queue: str
    limits: Limits
    attempts: int

    def submit(self, job_id: int) -> None:
        Queue(self.queue, connection=self.connection).enqueue(
            perform,
            job_id,
            job_timeout=math.ceil(self.limits.seconds),
            retry=Retry(max=self.attempts - 1),
            on_failure=Callback(abandoned),
            result_ttl=KEEP_SECONDS,
            failure_ttl=KEEP_SECONDS,
            description=f"report job {job_id}",
        )


def rq_backend(
    *, redis_url: str | None, queue: str, limits: Limits, attempts: int = 3, **_embedded: Any
) -> RQBackend:
    if not redis_url:
        raise ConfigError("ASSESS_REDIS_URL is not set: the rq job backend keeps its queue there")
    return RQBackend(Redis.from_url(redis_url), queue, limits, attempts)


def perform(job_id: int) -> bool:
    """What RQ runs in the work horse for one job."""
    setup = _set_up()
    return run_task(setup.task, job_id, setup.settings)


def abandoned(job: Job, connection: Redis, kind: type, value: BaseException, _tb: Any) -> None:
    """RQ's failure callback: only a job found abandoned (its worker died) concerns it; a task's
    own errors are recorded by the task itself."""
    if kind is AbandonedJobError:
        (job_id,) = job.args
        detail = "its worker stopped sending heartbeats (abandoned)"
        _set_up().on_death(job_id, bool(job.retries_left), detail)


def horse_killed(job: Job, _pid: int, status: int, _usage: Any) -> None:
    """The worker's handler for a work horse that died of a signal (e.g. killed for memory)."""
    (job_id,) = job.args
    detail = f"the work horse died (wait status {status})"
    _set_up().on_death(job_id, bool(job.retries_left), detail)


class JobTimeout(JobTimeoutException, TimeoutError):
    """RQ's job timeout, as a TimeoutError: what a task may tell from its own errors."""


class _DeathPenalty(UnixSignalDeathPenalty):
    def handle_death_penalty(self, signum: int, frame: Any) -> None:
        if self._exception is JobTimeoutException:
            raise JobTimeout(f"stopped: it took longer than {self._timeout} s")
        super().handle_death_penalty(signum, frame)


class ReportWorker(Worker):
    """An RQ worker whose work horses keep to the memory bound and whose death is noticed soon."""

    death_penalty_class = _DeathPenalty

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        memory = _set_up().memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.nice(NICENESS)
        super().main_work_horse(job, queue)

    def get_heartbeat_ttl(self, job: Job) -> int:
        if job.timeout and job.timeout > 0:
            left = job.timeout - self.current_job_working_time
            return int(min(left, self.job_monitoring_interval)) + GRACE
        return self.job_monitoring_interval + GRACE


def run_worker(redis_url: str, queue: str, setup: WorkerSetup, *, burst: bool) -> None:
    """Work on `queue` until stopped (or, `burst`, until it is empty)."""
    global _setup
    _setup = setup
    connection = Redis.from_url(redis_url)
    worker = ReportWorker(
        [Queue(queue, connection=connection)],
        connection=connection,
        worker_ttl=WORKER_TTL,
        job_monitoring_interval=HEARTBEAT,
        maintenance_interval=MAINTENANCE,
        work_horse_killed_handler=horse_killed,
    )
    worker.work(burst=burst, with_scheduler=False)
