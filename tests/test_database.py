"""Database behaviour every feature relies on, on SQLite and PostgreSQL alike."""
from datetime import timedelta

from sqlalchemy import select

from lms.database import seconds_between, utcnow
from lms.extensions import db
from lms.jobs.models import PeriodicTask


def test_a_released_savepoint_is_undone_by_the_outer_rollback(app):
    db.session.execute(select(PeriodicTask)).all()  # a read first, as views do
    with db.session.begin_nested():
        db.session.add(PeriodicTask(name="inner", next_run_at=utcnow()))
    db.session.rollback()
    assert db.session.get(PeriodicTask, "inner") is None


def test_a_rolled_back_savepoint_keeps_the_outer_work(app):
    db.session.add(PeriodicTask(name="outer", next_run_at=utcnow()))
    db.session.flush()
    try:
        with db.session.begin_nested():
            db.session.add(PeriodicTask(name="inner", next_run_at=utcnow()))
            db.session.flush()
            raise RuntimeError("undo the inner part")
    except RuntimeError:
        pass
    db.session.commit()
    assert db.session.get(PeriodicTask, "outer") is not None
    assert db.session.get(PeriodicTask, "inner") is None


def test_timestamps_come_back_timezone_aware(app):
    moment = utcnow() - timedelta(minutes=5)
    db.session.add(PeriodicTask(name="aware", next_run_at=moment))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(PeriodicTask, "aware").next_run_at == moment


def test_the_database_counts_the_seconds_between_two_timestamps(app):
    start = utcnow().replace(microsecond=250_000)
    db.session.add_all([PeriodicTask(name="later", next_run_at=start, last_run_at=start + timedelta(hours=2.5)),
                        PeriodicTask(name="earlier", next_run_at=start, last_run_at=start - timedelta(seconds=90))])
    db.session.commit()
    seconds = dict(db.session.execute(select(PeriodicTask.name, seconds_between(PeriodicTask.next_run_at,
                                                                                 PeriodicTask.last_run_at))).all())
    assert abs(float(seconds["later"]) - 9000) < 0.01
    assert abs(float(seconds["earlier"]) + 90) < 0.01
