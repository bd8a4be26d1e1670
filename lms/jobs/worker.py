"""The RQ worker process and the jobs CLI."""
from __future__ import annotations

import logging
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

log = logging.getLogger(__name__)

_app: Flask | None = None


def worker_app() -> Flask:
    """The application a worker runs jobs in: the CLI's, or one created on first use."""
    global _app
    if _app is None:
        from lms import create_app

        _app = create_app()
    return _app


def _preload() -> None:
    """Import heavy libraries once at start, not in every job."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:  # pragma: no cover - weasyprint is a dependency
        log.warning("WeasyPrint could not be imported; certificate jobs will fail")


def _tick_forever(app: Flask, stop: threading.Event, every: float) -> None:
    from lms.jobs.periodic import run_due

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
    global _app
    from rq import Worker

    from lms.jobs.queue import _rq_queue

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process "
                                   "and no worker is needed.")
    _app = app
    _preload()
    queue = _rq_queue(app)
    # Jobs abandoned by a worker that died are retried (or marked failed) before we start.
    queue.started_job_registry.cleanup()
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
    from lms.jobs.periodic import run_due

    names = run_due()
    click.echo("ran: " + (", ".join(names) if names else "nothing due"))
