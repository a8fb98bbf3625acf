"""`assess worker`: make the report jobs queued on Redis (ASSESS_JOB_BACKEND=rq)."""

from __future__ import annotations

import click

from assess.commands import SettingError, application
from assess.extensions import Database


@click.command()
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (batches, tests).")
@click.option("--queue", "queue_name", help="The queue to empty (default: ASSESS_JOB_QUEUE).")
def worker(burst: bool, queue_name: str | None) -> None:
    """Make report jobs from the Redis queue, one at a time; start as many as reports should be
    made at once, on any machine that reaches the database, the Redis server and the result
    folder. Settings: the same ASSESS_* variables as the web servers'."""
    from assess.jobs.queue import WorkerSetup, run_worker
    from assess.services import report_jobs

    app = application()
    config = app.config
    if not config["ASSESS_REDIS_URL"]:
        raise SettingError("ASSESS_REDIS_URL is not set: `assess worker` takes its jobs there")
    factory = Database.factory(app)

    def on_death(job_id: int, retried: bool, detail: str) -> None:
        with factory() as session:
            report_jobs.worker_died(session, job_id, retried=retried, detail=detail)

    setup = WorkerSetup(
        task=report_jobs.TASK,
        settings=report_jobs.settings_for(config),
        memory_bytes=config["ASSESS_JOB_MEMORY_MB"] * 1024**2,
        on_death=on_death,
    )
    # The horses fork from this process: they must not share its database connections.
    app.extensions["assess.engine"].dispose()
    run_worker(
        config["ASSESS_REDIS_URL"], queue_name or config["ASSESS_JOB_QUEUE"], setup, burst=burst
    )
