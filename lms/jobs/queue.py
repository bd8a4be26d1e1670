"""Where jobs run: an RQ queue, or this process after the response."""
from __future__ import annotations

import importlib
import logging
import os
import threading
from typing import Callable

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import event

from lms import redis_client
from lms.extensions import db

log = logging.getLogger(__name__)

QUEUE_NAME = "lms"
RETRY_INTERVALS = [10, 60, 300]


def job_path(func: Callable | str) -> str:
    """The importable dotted path of a module-level function."""
    if isinstance(func, str):
        return func
    if "<" in func.__qualname__:
        raise ValueError(f"{func!r} is not a module-level function; jobs must be importable")
    return f"{func.__module__}:{func.__qualname__}"


def resolve(path: str) -> Callable:
    module_name, _, attribute = path.partition(":")
    target = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def enqueue(func: Callable | str, *args, job_id: str | None = None, **kwargs) -> None:
    """Run ``func(*args, **kwargs)`` in the background; see the package docstring.

    Inside a database transaction the job is only handed over once that transaction
    commits (and dropped if it rolls back), so a job never looks for rows that are not
    visible yet, and never waits for a lock its caller holds.
    """
    job = (job_path(func), args, kwargs, job_id)
    session = db.session()
    transaction = session.get_transaction()
    if transaction is not None and transaction.is_active:  # not while committing (after_commit hooks)
        # Remember the innermost SAVEPOINT too: rolling it back drops only its own jobs.
        session.info.setdefault(_PENDING, []).append((job, session.get_nested_transaction()))
        if not session.info.get(_LISTENING):
            event.listen(session, "after_commit", _dispatch_pending)
            event.listen(session, "after_soft_rollback", _drop_pending)
            session.info[_LISTENING] = True
    else:
        _dispatch(current_app._get_current_object(), job)


_PENDING = "lms_jobs_pending"
_LISTENING = "lms_jobs_listening"


def _dispatch_pending(session) -> None:
    # SQLAlchemy also calls after_commit when a SAVEPOINT is released: nothing is
    # committed then, so wait for the outermost transaction.
    if session.in_nested_transaction():
        return
    app = current_app._get_current_object()
    for job, _savepoint in session.info.pop(_PENDING, []):
        _dispatch(app, job)


def _drop_pending(session, previous_transaction) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.nested:  # only the jobs queued inside that SAVEPOINT go
        kept = [(job, sp) for job, sp in pending if not _within(sp, previous_transaction)]
    else:
        kept = []
    dropped = len(pending) - len(kept)
    session.info[_PENDING] = kept
    if dropped:
        log.info("transaction rolled back: dropped %d queued job(s)", dropped)


def _within(savepoint, outer) -> bool:
    while savepoint is not None:
        if savepoint is outer:
            return True
        savepoint = savepoint.parent
    return False


def _dispatch(app: Flask, job: tuple) -> None:
    path, args, kwargs, job_id = job
    if app.config.get("REDIS_URL") and not app.config.get("JOBS_IN_PROCESS"):
        try:
            redis_client.breaker(app).call(_hand_to_rq, app, path, args, kwargs, job_id)
            return
        except Exception as error:  # Redis down or unreachable: run it here instead.
            log.warning("Redis unavailable (%s); running job %s in-process", error, path)
    if has_request_context():
        g.setdefault("lms_jobs", []).append((path, args, kwargs))
    else:
        _run_now(app, path, args, kwargs)


def _hand_to_rq(app: Flask, path: str, args: tuple, kwargs: dict, job_id: str | None) -> None:
    # Requests use the short-timeout connection: a hanging Redis must not hold the page.
    from rq import Queue

    queue = Queue(app.config.get("JOBS_QUEUE", QUEUE_NAME), connection=redis_client.client(app))
    with queue.connection.pipeline() as pipeline:
        queued = queue.enqueue(run_job, path, args, kwargs, job_id=job_id,
                               retry=_retry(), job_timeout=app.config["JOB_TIMEOUT_SECONDS"],
                               failure_ttl=7 * 24 * 3600, pipeline=pipeline)
        # RQ only ever sets expiries: a reused id would keep the one of its earlier,
        # finished run, and a worker silently skips a queued id whose job expired.
        pipeline.persist(queued.key)
        pipeline.execute()


_worker_app: Flask | None = None


def worker_app() -> Flask:
    """The application a worker runs jobs in: the one ``flask worker`` started with
    (``use_worker_app``), or one created on first use (a bare ``rq worker``)."""
    global _worker_app
    if _worker_app is None:
        # Imported here, not at the top: the factory assembles every feature, and
        # every feature sits above the job queue it uses.
        from lms import create_app

        _worker_app = create_app()
    return _worker_app


def use_worker_app(app: Flask | None) -> None:
    """Run jobs of this process's worker in ``app`` (None: forget it)."""
    global _worker_app
    _worker_app = app


def run_job(path: str, args: tuple, kwargs: dict) -> None:
    """Entry point on an RQ worker: run the job inside the worker's app.

    A failure is raised to RQ, which retries the job (``RETRY_INTERVALS``).
    """
    app = worker_app()
    _forget_inherited_connections(app)
    _run_now(app, path, args, kwargs, raise_errors=True)


_pid_of_pool = os.getpid()


def _forget_inherited_connections(app: Flask) -> None:
    """In a forked work-horse, never reuse the parent's pooled connections (SQLAlchemy's
    advice for multiprocessing): drop them without closing them under the parent."""
    global _pid_of_pool
    if os.getpid() != _pid_of_pool:
        with app.app_context():
            db.engine.dispose(close=False)
        _pid_of_pool = os.getpid()


def _run_now(app: Flask, path: str, args: tuple, kwargs: dict, *, raise_errors: bool = False) -> None:
    # A fresh application context: the job gets its own database session.
    with app.app_context():
        try:
            resolve(path)(*args, **kwargs)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", path)
            if raise_errors or app.config.get("JOBS_RAISE"):
                raise


def rq_queue(app: Flask):
    """The RQ queue jobs go to (needs ``REDIS_URL``); one Redis connection per app."""
    # redis and rq load in a fifth of a second: only processes that use Redis pay for it.
    from redis import Redis
    from rq import Queue

    connection = app.extensions.get("lms_redis")
    if connection is None:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)
        app.extensions["lms_redis"] = connection
    return Queue(app.config.get("JOBS_QUEUE", QUEUE_NAME), connection=connection)


def _retry():
    from rq import Retry

    return Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS)


def run_after_response(response):
    """Run the jobs queued during this request beside, or after, sending the response.

    By default they run in a new thread started now. Not ``response.call_on_close``:
    a WSGI server skips ``close()`` now and then when the browser drops the connection
    early (seen with Werkzeug: 2 lost in 150 redirects), and the work would be lost.
    With ``JOBS_IN_PROCESS_THREAD = False`` (the test suite) they run on close instead,
    which the test client always calls, so tests see the jobs done.
    """
    # Jobs queued in a transaction the view never ended (a read-only view) go now.
    leftovers = db.session().info.pop(_PENDING, [])
    if leftovers and response.status_code < 500:
        for job, _savepoint in leftovers:
            _dispatch(current_app._get_current_object(), job)
    jobs = g.pop("lms_jobs", None)
    if not jobs:
        return response
    if response.status_code >= 500:
        log.warning("request failed; dropping %d in-process job(s)", len(jobs))
        return response
    app = current_app._get_current_object()

    def run_all():
        for path, args, kwargs in jobs:
            _run_now(app, path, args, kwargs)

    if app.config.get("JOBS_IN_PROCESS_THREAD", True):
        # Not a daemon: a stopping process finishes the jobs it has started.
        threading.Thread(target=run_all, name="lms-jobs", daemon=False).start()
    else:
        response.call_on_close(run_all)
    return response

