"""Running jobs outside the request: the backend interface and the embedded backend.

A backend takes a job id and makes sure `python -m assess.jobs.worker JOB_ID` runs once for it,
with the task to run ("module:function") and the settings it needs in the ASSESS_WORKER_CONFIG
environment variable (JSON). The embedded backend, the default, starts that worker as a
subprocess from a thread, under a time bound (killed when it runs over) and a memory bound
(RLIMIT_AS), so no extra server is needed.

The embedded backend runs at most `concurrency` workers at once; jobs beyond them wait their turn
in the process, in the order they came. The `rq` backend (assess.jobs.queue) puts the job's id on
a Redis queue that `assess worker` processes empty, on any machine.

A backend plugs in by adding a factory to BACKENDS under its name; the factory is called with
`task`, `settings`, `limits`, `on_failure`, `concurrency`, `redis_url` and `queue` and returns
an object with `submit(job_id)`. ASSESS_JOB_BACKEND names the backend an application uses."""

from __future__ import annotations

import importlib
import json
import logging
import os
import queue
import resource
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from assess import logs
from assess.config import ConfigError

log = logging.getLogger(__name__)
WORKER_MODULE = "assess.jobs.worker"
CONFIG_VARIABLE = "ASSESS_WORKER_CONFIG"
# What the worker's last words may hold in a failure message: enough to diagnose, never a dump.
ERROR_TAIL = 600

# (job id, why: one of assess.models.JOB_FAILURES, the technical detail)
Failure = Callable[[int, str, str], None]


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one report may take."""

    seconds: float = 300.0
    memory_bytes: int = 2 * 1024**3


class JobBackend(Protocol):
    """Something that runs jobs: `submit` returns at once; the job reports its progress."""

    def submit(self, job_id: int) -> None: ...


@dataclass
class EmbeddedBackend:
    """Each job in its own bounded worker subprocess, at most `concurrency` at once: background
    threads take the jobs in the order they were submitted; the others wait their turn."""

    task: str  # "module:function" the worker calls with (job id, settings)
    settings: Mapping[str, Any]  # handed to the worker as JSON (database, folders, marking)
    limits: Limits
    on_failure: Failure  # marks a job failed when the worker is stopped or dies
    concurrency: int = 2
    _waiting: queue.SimpleQueue[int] = field(default_factory=queue.SimpleQueue, repr=False)
    _runners: list[threading.Thread] = field(default_factory=list, repr=False)
    _unfinished: int = field(default=0, repr=False)
    _changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def submit(self, job_id: int) -> None:
        with self._changed:
            self._unfinished += 1
            if len(self._runners) < self.concurrency:
                name = f"report-jobs-{len(self._runners) + 1}"
                runner = threading.Thread(target=self._take_jobs, name=name, daemon=True)
                self._runners.append(runner)
                runner.start()
        self._waiting.put(job_id)

    def _take_jobs(self) -> None:
        while True:
            job_id = self._waiting.get()
            try:
                self.run(job_id)
            except Exception:
                log.exception("report job %s: its runner failed", job_id)
            finally:
                with self._changed:
                    self._unfinished -= 1
                    self._changed.notify_all()

    def run(self, job_id: int) -> None:
        """Run the worker for `job_id` and wait for it, within the limits; what this thread logs
        (a job stopped or failed) names the job."""
        with logs.bound(job_id=job_id):
            self._run(job_id)

    def _run(self, job_id: int) -> None:
        # The worker inherits the environment and gets the application's checked settings as
        # JSON: an internal hand-off between processes, not an operator setting (assess.config).
        handed = {"task": self.task, "settings": self.settings}
        env = {**os.environ, CONFIG_VARIABLE: json.dumps(handed, default=str)}
        command = [sys.executable, "-m", WORKER_MODULE, str(job_id)]
        try:
            done = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                timeout=self.limits.seconds,
                preexec_fn=_bounded(self.limits.memory_bytes),
                check=False,
            )
        except subprocess.TimeoutExpired:
            self.on_failure(
                job_id, "timeout", f"stopped: it took longer than {self.limits.seconds:g} s"
            )
            return
        # The worker's log lines (already formatted, with its job id) join this process's.
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            tail = done.stderr.strip()[-ERROR_TAIL:] or f"exit status {done.returncode}"
            self.on_failure(job_id, "worker", f"the worker failed: {tail}")

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the jobs submitted so far have finished (tests and orderly shutdown)."""
        with self._changed:
            self._changed.wait_for(lambda: self._unfinished == 0, timeout)


def _bounded(memory_bytes: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return limit


def _embedded(
    *,
    task: str,
    settings: Mapping[str, Any],
    limits: Limits,
    on_failure: Failure,
    concurrency: int = 2,
    **_queue: Any,
) -> EmbeddedBackend:
    return EmbeddedBackend(task, settings, limits, on_failure, concurrency)


def _rq(**options: Any) -> JobBackend:
    # Imported only when chosen: the embedded default needs neither rq nor a Redis server.
    from assess.jobs.queue import rq_backend

    return rq_backend(**options)


BACKENDS: dict[str, Callable[..., JobBackend]] = {"embedded": _embedded, "rq": _rq}


def make_backend(name: str, **options: Any) -> JobBackend:
    """The backend called `name`; ConfigError listing the known ones otherwise."""
    factory = BACKENDS.get(name)
    if factory is None:
        known = ", ".join(sorted(BACKENDS))
        raise ConfigError(f"ASSESS_JOB_BACKEND is {name!r}; use one of: {known}")
    return factory(**options)


def worker_config() -> tuple[str, dict[str, Any]]:
    """The task and settings a worker process was started with."""
    # Set by EmbeddedBackend.run for its own subprocess only, hence not in assess.config.
    raw = os.environ.get(CONFIG_VARIABLE)
    if not raw:
        raise RuntimeError(f"{CONFIG_VARIABLE} is not set: start workers through a job backend")
    handed = json.loads(raw)
    return handed["task"], handed["settings"]


def run_task(task: str, job_id: int, settings: Mapping[str, Any]) -> bool:
    """Call the task named "module:function" for the job; True when it is done."""
    module, _, function = task.partition(":")
    # Every line the task logs names its job.
    with logs.bound(job_id=job_id):
        return bool(getattr(importlib.import_module(module), function)(job_id, settings))
