"""Prometheus metrics: requests and their latency, answers saved, report jobs, sign-in failures.

The pages, the services and the report worker count through the functions below; `/metrics`
(assess.web.health) shows them in Prometheus's text format. With a folder configured
(ASSESS_METRICS_DIR), every process writes its counts there (prometheus_client's multiprocess
mode) and the exposition adds up those of every server worker and report worker; without one,
each process counts on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

# prometheus_client's multiprocess mode finds its folder in this variable, in every process.
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Seconds: an autosave takes tens of milliseconds, a page a few hundred, an export seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_EVENTS = ("queued", "done", "failed")
CONTENT_TYPE = CONTENT_TYPE_LATEST


@dataclass(frozen=True)
class Metrics:
    """The metrics of one process, in their registry."""

    registry: CollectorRegistry
    directory: Path | None
    requests: Counter
    latency: Histogram
    answers_saved: Counter
    report_jobs: Counter
    sign_in_failures: Counter

    @classmethod
    def build(cls, directory: Path | None) -> Metrics:
        registry = CollectorRegistry(auto_describe=True)
        return cls(
            registry=registry,
            directory=directory,
            requests=Counter(
                "assess_requests",
                "HTTP requests answered, by endpoint, method and status",
                ("endpoint", "method", "status"),
                registry=registry,
            ),
            latency=Histogram(
                "assess_request_duration_seconds",
                "Time to answer an HTTP request, by endpoint",
                ("endpoint",),
                buckets=LATENCY_BUCKETS,
                registry=registry,
            ),
            answers_saved=Counter(
                "assess_answers_saved",
                "Answers saved with a change (pages, autosave, offline workbooks, API)",
                registry=registry,
            ),
            report_jobs=Counter(
                "assess_report_jobs",
                "Report jobs queued, done and failed",
                ("event",),
                registry=registry,
            ),
            sign_in_failures=Counter(
                "assess_sign_in_failures",
                "Sign-in attempts refused: a wrong user name or password, or too many failures",
                ("reason",),
                registry=registry,
            ),
        )


_current: list[Metrics] = []


def configure(directory: Path | None) -> Metrics:
    """Count in `directory` (shared by every process) or, when None, in this process alone.
    Called again with the same folder, it keeps the counts it has."""
    if _current and _current[0].directory == directory:
        return _current[0]
    if directory is None:
        os.environ.pop(MULTIPROCESS_VARIABLE, None)
        values.ValueClass = values.MutexValue
    else:
        directory.mkdir(parents=True, exist_ok=True)
        # Written, not read: the library and the report workers started from here find it there.
        os.environ[MULTIPROCESS_VARIABLE] = str(directory)
        values.ValueClass = values.MultiProcessValue()
    _current[:] = [Metrics.build(directory)]
    return _current[0]


def current() -> Metrics:
    """This process's metrics (counting in the process until `configure` says otherwise)."""
    return _current[0] if _current else configure(None)


def request_answered(endpoint: str, method: str, status: int, seconds: float) -> None:
    metrics = current()
    metrics.requests.labels(endpoint, method, str(status)).inc()
    metrics.latency.labels(endpoint).observe(seconds)


def answer_saved() -> None:
    current().answers_saved.inc()


def report_job(event: str, count: int = 1) -> None:
    if event not in JOB_EVENTS:
        raise ValueError(f"unknown report job event {event!r}; use one of {JOB_EVENTS}")
    current().report_jobs.labels(event).inc(count)


def sign_in_failed(reason: str) -> None:
    current().sign_in_failures.labels(reason).inc()


def exposition() -> bytes:
    """Every metric in Prometheus's text format: this process's, or every process's that wrote
    into the shared folder."""
    metrics = current()
    if metrics.directory is None:
        return generate_latest(metrics.registry)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(metrics.directory))
    return generate_latest(registry)
