"""Periodic tasks that run at most once per period across every process and machine.

A task is claimed by moving its ``next_run_at`` forward with a conditional UPDATE;
only the process whose UPDATE matched runs it. Ticks come from the worker
(``flask worker``), from ``flask jobs run-due`` (cron), and, in the embedded
set-up, from ordinary requests at most once a minute per process.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.database import utcnow
from lms.extensions import db
from lms.jobs.models import PeriodicTask
from lms.jobs.queue import enqueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    func: Callable[[], None]
    every: timedelta


def register_periodic(app: Flask, name: str, func: Callable[[], None], every: timedelta) -> None:
    """Run ``func()`` about every ``every``, once across all processes."""
    app.extensions.setdefault("lms_periodic", {})[name] = Periodic(name, func, every)


def _claim(task: Periodic, now: datetime) -> bool:
    if db.session.get(PeriodicTask, task.name) is None:
        try:
            with db.session.begin_nested():
                db.session.add(PeriodicTask(name=task.name, next_run_at=now))
        except IntegrityError:
            pass  # another process created it first
    claimed = db.session.execute(
        update(PeriodicTask)
        .where(PeriodicTask.name == task.name, PeriodicTask.next_run_at <= now)
        .values(next_run_at=now + task.every, last_run_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.commit()
    return claimed


def run_due(now: datetime | None = None) -> list[str]:
    """Run every registered task whose time has come; return the names run."""
    now = now or utcnow()
    ran = []
    for task in current_app.extensions.get("lms_periodic", {}).values():
        if not _claim(task, now):
            continue
        try:
            task.func()
            db.session.commit()
            ran.append(task.name)
        except Exception as error:
            db.session.rollback()
            log.exception("periodic task %s failed", task.name)
            row = db.session.get(PeriodicTask, task.name)
            row.last_error = f"{now.isoformat()}: {error!r}"
            db.session.commit()
    return ran


def due_tasks_exist(now: datetime | None = None) -> bool:
    names = list(current_app.extensions.get("lms_periodic", {}))
    if not names:
        return False
    now = now or utcnow()
    rows = dict(db.session.execute(select(PeriodicTask.name, PeriodicTask.next_run_at)
                                   .where(PeriodicTask.name.in_(names))).all())
    return any(name not in rows or rows[name] <= now for name in names)


def tick_after_requests(app: Flask) -> None:
    """In the embedded set-up, let requests drive periodic tasks (at most once a minute)."""
    state = {"last": 0.0}
    interval = app.config.get("JOBS_TICK_SECONDS", 60)

    @app.after_request
    def _tick(response):
        if app.config.get("JOBS_TICK_ON_REQUESTS", True) and time.monotonic() - state["last"] >= interval:
            state["last"] = time.monotonic()
            if app.extensions.get("lms_periodic"):
                enqueue(run_due_job)
        return response


def run_due_job() -> None:
    """Job wrapper so a tick can be queued like any other job."""
    run_due()
