"""Migration 0011 adds meetings on top of 0010: the schedules, bookings and workshops tables,
the database rule against double booking (the same statements the models create), and the
invitation column on outbox emails; existing emails keep their rows, and it goes back down."""
from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from lms.meetings import models
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 12, 3, 9, tzinfo=timezone.utc)
NEW_TABLES = {"mentor_schedule", "availability_rule", "availability_exception", "booking", "booking_event",
              "booking_note", "workshop", "workshop_registration"}
MIGRATION = Path(__file__).parents[1] / "migrations" / "versions" / "0011_meetings.py"


def _migration_module():
    spec = importlib.util.spec_from_file_location("migration_0011", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_writes_the_same_no_overlap_rule_as_the_models():
    migration = _migration_module()
    assert migration.POSTGRESQL_NO_OVERLAP == models.POSTGRESQL_NO_OVERLAP
    assert migration.SQLITE_NO_OVERLAP == models.SQLITE_NO_OVERLAP


@pytest.fixture
def app_at_0010(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0010")
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_existing_emails_stay_and_downgrading_removes_everything(app_at_0010):
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO outbox_email (id, \"to\", subject, text, status, attempts, next_attempt_at, dedupe_key, "
            "created_at, secret_body) VALUES (1, 'a@example.org', 'Hello', 'Body', 'sent', 1, :now, 'k1', :now, "
            ":false)"), {"now": NOW, "false": False})
    upgrade(revision="0011")
    assert NEW_TABLES <= _tables()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT subject, calendar FROM outbox_email")).one() == ("Hello", None)

    downgrade(revision="0010")
    assert not NEW_TABLES & _tables()
    columns = {c["name"] for c in sa.inspect(db.engine).get_columns("outbox_email")}
    assert "calendar" not in columns
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT subject FROM outbox_email")).scalar_one() == "Hello"


def test_after_the_migration_the_database_refuses_overlapping_bookings_of_one_mentor(app_at_0010):
    upgrade()  # through 0011 to the head: the factories write today's models (0015 added languages)
    mentor, first, second = make_user(), make_user(), make_user()
    cohort = make_cohort()
    enrolments = [enrol(cohort, learner) for learner in (first, second)]
    db.session.commit()
    start = datetime(2027, 1, 4, 9, tzinfo=timezone.utc)

    def book(number: int, enrolment, minutes_in: int, status: str = "confirmed") -> None:
        begins = start + timedelta(minutes=minutes_in)
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO booking (cohort_id, enrollment_id, learner_id, mentor_id, starts_at, ends_at, "
                "busy_until, minutes, status, agenda, agenda_html, video_url, uid, sequence, reschedules, "
                "cancel_reason, created_at, updated_at, version) VALUES (:cohort, :enrolment, :learner, :mentor, "
                ":starts, :ends, :busy, 30, :status, '', '', 'https://meet.example/x', :uid, 0, 0, '', :now, :now, 1)"),
                {"cohort": cohort.id, "enrolment": enrolment.id, "learner": enrolment.user_id, "mentor": mentor.id,
                 "starts": begins, "ends": begins + timedelta(minutes=30), "busy": begins + timedelta(minutes=40),
                 "status": status, "uid": f"b{number}", "now": NOW})

    book(1, enrolments[0], 0)
    with pytest.raises(sa.exc.IntegrityError):
        book(2, enrolments[1], 35)                 # inside the first one's buffer
    book(3, enrolments[1], 40)                     # right after the buffer
    book(4, enrolments[1], 0, status="cancelled")  # a cancelled booking holds nothing
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE booking SET status = 'confirmed' WHERE uid = 'b4'"))
