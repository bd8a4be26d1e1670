"""The meetings demo step: the demo mentor's hours, one session, a full workshop with a waitlist
and program-wide office hours; run twice, it adds nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.extensions import db
from lms.meetings.models import Booking, BookingStatus, MentorSchedule, RegistrationStatus as R, Workshop

COURSES = Path(__file__).resolve().parent.parent.parent / "courses"

pytestmark = pytest.mark.slow


def _counts():
    return [db.session.scalar(select(func.count()).select_from(model)) for model in (MentorSchedule, Booking, Workshop)]


def test_the_demo_shows_hours_a_session_and_workshops_and_runs_twice(runner):
    assert runner.invoke(args=["tracks", "import", str(COURSES)]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0 and "Meetings demo:" in result.output, result.output
    mentor = db.session.scalar(select(User).where(User.email == "mentor@demo.test"))
    schedule = db.session.get(MentorSchedule, mentor.id)
    assert schedule.timezone == mentor.timezone and schedule.lengths == [30, 60] and schedule.buffer_minutes > 0
    held, upcoming = db.session.scalars(select(Booking).order_by(Booking.starts_at)).all()
    assert upcoming.status == BookingStatus.CONFIRMED and upcoming.learner.email == "learner@demo.test"
    assert held.status == BookingStatus.ATTENDED and held.ends_at < upcoming.starts_at  # hours on program health
    workshop = db.session.scalar(select(Workshop).where(Workshop.host_id == mentor.id))
    assert workshop.cohort.name == "Spring cohort" and workshop.seats_taken == workshop.seats == 3
    assert sorted(r.status for r in workshop.registrations) == [R.REGISTERED] * 3 + [R.WAITLISTED]
    assert db.session.scalar(select(func.count(Workshop.id)).where(Workshop.cohort_id.is_(None))) == 1
    before = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    assert _counts() == before
