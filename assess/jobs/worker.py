"""`python -m assess.jobs.worker JOB_ID`: run one job's task, which reports its own progress."""

from __future__ import annotations

import sys
from pathlib import Path

from assess import logs, metrics
from assess.jobs.backends import run_task, worker_config


def main(argv: list[str]) -> int:
    """Run the job named on the command line; exit status 0 when it is done."""
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: python -m assess.jobs.worker JOB_ID", file=sys.stderr)
        return 2
    task, settings = worker_config()
    logs.configure(settings.get("log_format") or "text")
    folder = settings.get("metrics_dir")
    metrics.configure(Path(folder) if folder else None)
    return 0 if run_task(task, int(argv[0]), settings) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
