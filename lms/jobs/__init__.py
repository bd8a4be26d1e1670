"""Background jobs: RQ on Redis when ``REDIS_URL`` is set, in-process otherwise.

``enqueue(func, *args)`` runs ``func(*args)`` later, inside an application context,
committing the session when it returns:

- with ``REDIS_URL``: on an RQ worker (``flask worker``), retried on failure and when
  a worker dies half-way; if Redis cannot be reached, the job runs in-process instead,
  so nothing is lost;
- without: in this process, in a thread started as the response goes out (or at once
  when there is no request, e.g. in a CLI command).

Jobs must be idempotent: they can run more than once.

The modules import in one direction: ``queue`` (where jobs run) ← ``periodic`` (tasks
due every so often, queued as jobs) ← ``worker`` (the RQ worker process and the CLI).
"""
from __future__ import annotations

from flask import Flask

from lms.jobs.periodic import register_periodic, run_due, tick_after_requests
from lms.jobs.queue import enqueue, rq_queue, run_after_response, run_job, use_worker_app, worker_app
from lms.jobs.worker import jobs_cli, worker_command

__all__ = ["enqueue", "init_app", "register_periodic", "rq_queue", "run_due", "run_job", "use_worker_app",
           "worker_app"]


def init_app(app: Flask) -> None:
    app.config.setdefault("JOB_TIMEOUT_SECONDS", 300)
    app.config.setdefault("JOBS_RAISE", app.config.get("TESTING", False))
    app.after_request(run_after_response)
    tick_after_requests(app)  # registered after, so it runs before run_after_response
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
