"""The embedded backend runs a task named by the caller in a bounded worker process."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from assess import logs
from assess.config import ConfigError
from assess.jobs.backends import EmbeddedBackend, Limits, make_backend

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _tasks_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker is a fresh interpreter: it finds tests.jobs.tasks from the repository root.
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )


def run(task: str, folder: Path, seconds: float = 60) -> list[tuple[int, str, str]]:
    failures: list[tuple[int, str, str]] = []
    backend = make_backend(
        "embedded",
        task=f"tests.jobs.tasks:{task}",
        settings={"folder": str(folder)},
        limits=Limits(seconds, 512 * 1024**2),
        on_failure=lambda job, why, detail: failures.append((job, why, detail)),
    )
    assert isinstance(backend, EmbeddedBackend)
    backend.submit(7)
    backend.wait(90)
    return failures


def test_the_worker_runs_the_named_task_with_the_job_and_settings(tmp_path: Path) -> None:
    assert run("mark_done", tmp_path) == []
    assert (tmp_path / "7.done").read_text(encoding="utf-8") == "done"


def test_a_task_that_could_not_do_its_job_fails_it_as_the_worker(tmp_path: Path) -> None:
    [(job, why, detail)] = run("refuse", tmp_path)
    assert (job, why) == (7, "worker")
    assert detail.startswith("the worker failed: exit status 1")


def test_a_task_past_its_time_bound_is_stopped_and_failed(tmp_path: Path) -> None:
    assert run("dawdle", tmp_path, seconds=1) == [
        (7, "timeout", "stopped: it took longer than 1 s")
    ]


def test_an_unknown_backend_is_a_setting_error() -> None:
    with pytest.raises(ConfigError, match="ASSESS_JOB_BACKEND is 'celery'; use one of: embedded"):
        make_backend("celery")


def test_the_embedded_backend_runs_no_more_workers_at_once_than_its_concurrency(
    tmp_path: Path,
) -> None:
    """Six jobs with a concurrency of 2: every one runs, in its own process, never three at once
    (measured from the spans the worker processes wrote, not assumed)."""
    backend = make_backend(
        "embedded",
        task="tests.jobs.tasks:span",
        settings={"folder": str(tmp_path)},
        limits=Limits(60, 512 * 1024**2),
        on_failure=lambda *failure: pytest.fail(f"a job failed: {failure}"),
        concurrency=2,
    )
    for job in range(1, 7):
        backend.submit(job)
    backend.wait(120)
    spans = [
        tuple(float(x) for x in (tmp_path / f"{job}.span").read_text().split())
        for job in range(1, 7)
    ]
    assert len({pid for pid, _start, _end in spans}) == 6
    events = sorted([(start, 1) for _pid, start, _end in spans] + [(end, -1) for *_, end in spans])
    running, most = 0, 0
    for _when, change in events:
        running += change
        most = max(most, running)
    assert most == 2


def test_the_workers_log_lines_name_their_job(tmp_path: Path, capsys) -> None:
    backend = make_backend(
        "embedded",
        task="tests.jobs.tasks:speak",
        settings={"log_format": "json"},
        limits=Limits(60, 512 * 1024**2),
        on_failure=lambda *failure: pytest.fail(f"the job failed: {failure}"),
    )
    backend.submit(41)
    backend.wait(90)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line["job_id"], line["level"], line["message"]) for line in lines] == [
        (41, "INFO", "making the report"),
        (41, "ERROR", "a part failed"),
    ]
    assert {line["logger"] for line in lines} == {"assess.services.report_jobs"}


def test_what_the_server_logs_about_a_failed_job_names_it(tmp_path: Path, capsys) -> None:
    logs.configure("json")
    try:
        backend = make_backend(
            "embedded",
            task="tests.jobs.tasks:refuse",
            settings={},
            limits=Limits(60, 512 * 1024**2),
            on_failure=lambda job, why, _detail: logging.getLogger("assess.jobs").error(why),
        )
        backend.submit(42)
        backend.wait(90)
    finally:
        logs.configure("text")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line.get("job_id"), line["message"]) for line in lines] == [(42, "worker")]
