"""Background jobs: RQ on Redis when ``REDIS_URL`` is set, in-process otherwise.

``enqueue(func, *args)`` runs ``func(*args)`` later, inside an application context,
committing the session when it returns:

- with ``REDIS_URL``: on an RQ worker (``flask worker``), retried on failure and when
  a worker dies half-way; if Redis cannot be reached, the job runs in-process instead,
  so nothing is lost;
- without: in this process, in a thread started as the response goes out (or at once
  when there is no request, e.g. in a CLI command).

Jobs must be idempotent: they can run more than once.
"""
from __future__ import annotations

from lms.jobs.periodic import register_periodic, run_due  # noqa: F401
from lms.jobs.queue import enqueue, init_app, run_job  # noqa: F401
