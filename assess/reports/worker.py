"""`python -m assess.reports.worker JOB_ID`: make one report job's PDF, reporting progress."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Run the job named on the command line; exit status 0 when it is done."""
    from assess.reports.jobs import worker_settings
    from assess.services.report_jobs import run_job_from_settings

    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: python -m assess.reports.worker JOB_ID", file=sys.stderr)
        return 2
    return 0 if run_job_from_settings(int(argv[0]), worker_settings()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
