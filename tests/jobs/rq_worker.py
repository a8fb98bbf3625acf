"""`python -m tests.jobs.rq_worker REDIS_URL QUEUE TASK FOLDER DO MEMORY_MB`: a real RQ worker
process of assess.jobs.queue running a test task in burst mode (it stops once the queue is
empty); a dead worker's job is noted in FOLDER/JOB.died."""

from __future__ import annotations

import sys
from pathlib import Path

from assess.jobs.queue import WorkerSetup, run_worker


def main(redis_url: str, queue: str, task: str, folder: str, do: str, memory_mb: str) -> None:
    def on_death(job_id: int, retried: bool, detail: str) -> None:
        Path(folder, f"{job_id}.died").write_text(f"{retried} {detail}", encoding="utf-8")

    setup = WorkerSetup(task, {"folder": folder, "do": do}, int(memory_mb) * 1024**2, on_death)
    run_worker(redis_url, queue, setup, burst=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
