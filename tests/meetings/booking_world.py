"""A world for one-to-one sessions: a running cohort, a mentor who publishes weekday hours
(09:00-17:00 UTC, 30 or 60 minutes, a 10-minute buffer), two of their learners, a mentor who
is not theirs, an admin; and a clock that stands still on Monday 4 January 2027, noon UTC."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from lms.cohorts.models import EnrollmentRole
from lms.meetings import booking_changes, bookings
from lms.meetings.views import bookings as booking_views
from tests.clock import Clock
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_schedule

UTC = timezone.utc
NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)       # a Monday
NEXT_MONDAY_9 = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def freeze(monkeypatch, now: datetime = NOW) -> Clock:
    """Time stands still in the booking modules (services and pages) until moved."""
    return Clock(now).freeze(monkeypatch, bookings, booking_changes, booking_views)


@dataclass
class World:
    cohort: object
    mentor: object
    learner: object
    other_learner: object
    stranger_mentor: object
    admin: object
    enrollment: object
    other_enrollment: object
    schedule: object


def build_world(**schedule_fields) -> World:
    cohort = make_cohort()
    mentor = make_user(name="Mia Mentor")
    stranger = make_user(name="Sam Stranger")
    learner = make_user(name="Lea Learner")
    other = make_user(name="Ola Other")
    admin = make_admin(name="Ada Admin")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(cohort, stranger, EnrollmentRole.MENTOR)
    enrollment = enrol(cohort, learner, mentor=mentor)
    other_enrollment = enrol(cohort, other, mentor=mentor)
    fields = dict(lengths=(30, 60), buffer_minutes=10, notice_hours=12, horizon_days=28)
    fields.update(schedule_fields)
    schedule = make_schedule(mentor, **fields)
    make_schedule(stranger, lengths=(30,))
    return World(cohort, mentor, learner, other, stranger, admin, enrollment, other_enrollment, schedule)


def setup(monkeypatch, **schedule_fields) -> tuple[World, Clock]:
    """The world, and the clock frozen on ``NOW`` (tests call it: no shared conftest)."""
    return build_world(**schedule_fields), freeze(monkeypatch)


def book_form(world: World, starts_at: datetime, *, minutes: int = 30, mentor=None, key: str | None = None,
              **extra) -> dict:
    return {"mentor_id": str((mentor or world.mentor).id), "minutes": str(minutes),
            "starts": starts_at.isoformat(), "agenda": "", "about": "",
            "client_key": key or str(uuid.uuid4()), **extra}


def at(moment: datetime, **delta) -> datetime:
    return moment + timedelta(**delta)
