"""The RQ worker process and the jobs CLI."""
from __future__ import annotations

import logging
import os
import socket
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from lms.jobs.periodic import run_due
from lms.jobs.queue import rq_queue, use_worker_app

log = logging.getLogger(__name__)

# app.extensions key: callables run once when a worker starts (features add warm-ups).
WARM_UPS = "lms_worker_warm_ups"


def _preload(app: Flask) -> None:
    """Import heavy libraries once at start, not in every job, and run the features' warm-ups:
    each job runs in a forked work horse, which inherits what the worker loaded here."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:  # pragma: no cover - weasyprint is a dependency
        log.warning("WeasyPrint could not be imported; certificate jobs will fail")
    for warm_up in app.extensions.get(WARM_UPS, []):
        try:
            warm_up()
        except Exception:
            log.exception("worker warm-up %s failed", warm_up)


def requeue_abandoned(queue) -> list[str]:
    """Put back on the queue, at once, the jobs a dead worker left half-done; return their ids.

    RQ notices a dead worker only when its execution heartbeat expires (a minute or
    more), then schedules the retry after the retry interval, which needs a scheduler
    (whose lock the dead worker may still hold). A worker starting up knows better for
    workers on its own machine: if the process recorded for a started job no longer
    exists, the job was abandoned, not failed, and is retried now (counting one retry).
    Jobs without retries left are marked failed; jobs of workers on other machines still
    wait for their heartbeat to expire.
    """
    from rq import Worker
    from rq.executions import Execution

    registry = queue.started_job_registry
    host = socket.gethostname()
    requeued = []
    for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        try:
            execution = Execution.fetch(execution_id, job_id, queue.connection)
            worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + execution.worker_name,
                                        connection=queue.connection)
        except ValueError:  # the execution or its worker is gone from Redis
            worker = None
        log.info("started job %s: worker %s on %s, pid %s", job_id, getattr(worker, "name", "gone"),
                 getattr(worker, "hostname", "?"), getattr(worker, "pid", "?"))
        if worker is not None and (worker.hostname != host or _process_exists(worker.pid)):
            continue
        entry = f"{job_id}:{execution_id}"
        job = queue.fetch_job(job_id)
        if job is None or not job.retries_left:
            queue.connection.zadd(registry.key, {entry: 0}, xx=True)  # cleanup() below fails it
            continue
        job.retries_left -= 1
        # Queued before it leaves the registry: a crash in between runs it twice, never zero times.
        queue.enqueue_job(job, at_front=True)
        queue.connection.zrem(registry.key, entry)
        requeued.append(job_id)
    if requeued:
        log.warning("requeued %d job(s) abandoned by a dead worker: %s", len(requeued), ", ".join(requeued))
    registry.cleanup()
    return requeued


def _process_exists(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tick_forever(app: Flask, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        with app.app_context():
            try:
                run_due()
            except Exception:
                log.exception("periodic tick failed")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.option("--tick-seconds", default=60.0, show_default=True, help="How often to run due periodic tasks.")
@with_appcontext
def worker_command(burst: bool, tick_seconds: float) -> None:
    """Run a background worker (needs REDIS_URL)."""
    from rq import Worker

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process "
                                   "and no worker is needed.")
    use_worker_app(app)
    _preload(app)
    queue = rq_queue(app)
    # Jobs abandoned by a worker that died are retried (or marked failed) before we start.
    requeue_abandoned(queue)
    stop = threading.Event()
    ticker = threading.Thread(target=_tick_forever, args=(app, stop, tick_seconds), daemon=True)
    if not burst:
        ticker.start()
    try:
        Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)
    finally:
        stop.set()


jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("run-due")
def run_due_command() -> None:
    """Run periodic tasks that are due now (for cron, if you run no worker)."""
    names = run_due()
    click.echo("ran: " + (", ".join(names) if names else "nothing due"))
