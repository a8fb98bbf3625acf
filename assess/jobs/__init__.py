"""Long jobs run outside the request: the backends that run them and the worker process.

The package knows no job's internals: a backend is given a task by name ("module:function"),
and the worker imports and calls it with the job id and the settings it was handed. The
services name their tasks (assess.services.report_jobs.TASK)."""
