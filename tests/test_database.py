"""Database behaviour every feature relies on, on SQLite and PostgreSQL alike."""
from datetime import timedelta

from sqlalchemy import select

from lms.database import utcnow
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
