"""Reminders 24 hours and 1 hour before sessions and workshops, across zones and a DST change."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.meetings import states
from lms.meetings.models import BookingStatus, RegistrationStatus
from lms.notifications import meeting_reminders
from lms.notifications.meeting_reminders import send_meeting_reminders
from lms.notifications.models import Notification, NotificationPreference
from lms.outbox import OutboxEmail
from tests.clock import Clock
from tests.factories.meetings import make_booking, make_workshop, register
from tests.notifications.ask_helpers import emails_to, titles_for
from tests.race import race

# Europe moves to summer time on Sunday 29 March 2026 at 01:00 UTC; New York moved on 8 March.
START = datetime(2026, 3, 29, 14, 0, tzinfo=timezone.utc)
BOOKED_AT = datetime(2026, 3, 20, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def session(world):
    world.learner.timezone, world.mentor.timezone = "Europe/Berlin", "America/New_York"
    world.other_learner.timezone = "Asia/Kolkata"
    return make_booking(world.enrollment, world.mentor, START, created_at=BOOKED_AT)


def at(moment: datetime) -> int:
    sent = send_meeting_reminders(now=moment)
    db.session.commit()
    return sent


def test_the_24_hour_and_1_hour_reminders_come_once_each_in_each_persons_zone(monkeypatch, session, world):
    clock = Clock(START - timedelta(hours=24, minutes=5)).freeze(monkeypatch, meeting_reminders)
    assert send_meeting_reminders() == 0
    clock.advance(minutes=5)  # 24 hours before (Saturday: Berlin still on winter time)
    assert send_meeting_reminders() == 2
    clock.advance(minutes=5)
    assert send_meeting_reminders() == 0
    assert titles_for(world.learner) == ["Your session with Ana Mentor starts in 24 hours"]
    assert titles_for(world.mentor) == ["Your session with Lea Learner starts in 24 hours"]
    [to_learner] = emails_to(world.learner)
    assert "Sun 29 Mar 2026, 16:00 (Europe/Berlin); 10:00 for Ana Mentor (America/New York)" in to_learner.text
    [to_mentor] = emails_to(world.mentor)
    assert "Sun 29 Mar 2026, 10:00 (America/New York); 16:00 for Lea Learner (Europe/Berlin)" in to_mentor.text
    clock.now = START - timedelta(hours=1)
    assert send_meeting_reminders() == 2 and send_meeting_reminders() == 0
    assert titles_for(world.learner)[-1] == "Your session with Ana Mentor starts in an hour"
    clock.now = START
    assert send_meeting_reminders() == 0
    assert len(emails_to(world.learner)) == len(emails_to(world.mentor)) == 2


def test_a_job_that_ran_late_still_reminds_and_says_when(session, world):
    assert at(START - timedelta(hours=3)) == 2  # the 24-hour one, late
    assert at(START - timedelta(minutes=10)) == 2  # the 1-hour one, late
    assert titles_for(world.learner) == ["Your session with Ana Mentor starts in 3 hours",
                                         "Your session with Ana Mentor starts in 10 minutes"]


def test_a_learner_in_kolkata_sees_half_hour_offsets(world):
    world.other_learner.timezone, world.mentor.timezone = "Asia/Kolkata", "Europe/Berlin"
    make_booking(world.other_enrollment, world.mentor, START, created_at=BOOKED_AT)
    at(START - timedelta(hours=1))
    [email] = emails_to(world.other_learner)
    assert "Sun 29 Mar 2026, 19:30 (Asia/Kolkata); 16:00 for Ana Mentor (Europe/Berlin)" in email.text


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.REQUESTED,
                                    BookingStatus.ATTENDED])
def test_no_reminder_unless_the_session_is_confirmed(world, status):
    make_booking(world.enrollment, world.mentor, START, status=status, created_at=BOOKED_AT)
    assert at(START - timedelta(hours=24)) == at(START - timedelta(hours=1)) == 0


def test_a_session_cancelled_after_its_first_reminder_gets_no_second(session, world):
    assert at(START - timedelta(hours=24)) == 2
    states.move_booking(session, BookingStatus.CANCELLED)
    db.session.commit()
    assert at(START - timedelta(hours=1)) == 0


def test_past_sessions_are_not_reminded(session):
    assert at(START + timedelta(minutes=1)) == 0


def test_a_rescheduled_session_is_reminded_again(session, world):
    assert at(START - timedelta(hours=1)) == 2
    moved = START + timedelta(days=1)
    session.starts_at, session.ends_at, session.busy_until = moved, moved + timedelta(minutes=30), \
        moved + timedelta(minutes=40)
    db.session.commit()
    assert at(moved - timedelta(hours=1)) == 2
    assert len(emails_to(world.learner)) == 2


def test_a_session_booked_within_a_day_gets_only_the_1_hour_reminder(world):
    make_booking(world.enrollment, world.mentor, START, created_at=START - timedelta(hours=5))
    assert at(START - timedelta(hours=4)) == 0
    assert at(START - timedelta(hours=1)) == 2


def test_reminder_emails_follow_the_preference_in_the_app_always(session, world):
    db.session.add(NotificationPreference(user_id=world.learner.id, email_reminders=False))
    db.session.commit()
    assert at(START - timedelta(hours=1)) == 2
    assert titles_for(world.learner) == ["Your session with Ana Mentor starts in an hour"]
    assert emails_to(world.learner) == [] and len(emails_to(world.mentor)) == 1


def test_quiet_hours_lasting_past_the_start_drop_the_email(session, world):
    # 13:00 UTC is 15:00 in Berlin (summer time): quiet 14:00-18:00 would hold it past the start.
    db.session.add(NotificationPreference(user_id=world.learner.id, quiet_from=14 * 60, quiet_until=18 * 60))
    db.session.commit()
    assert at(START - timedelta(hours=1)) == 2
    assert emails_to(world.learner) == [] and titles_for(world.learner)


def test_workshop_registrants_and_host_are_reminded_not_the_waitlist(world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort, created_at=BOOKED_AT)
    for seat in (register(workshop, world.learner),
                 register(workshop, world.other_learner, status=RegistrationStatus.WAITLISTED)):
        seat.created_at = BOOKED_AT
    db.session.commit()
    assert at(START - timedelta(hours=1)) == 2
    assert titles_for(world.learner) == ["“Pricing your work” starts in an hour"]
    assert titles_for(world.mentor) == ["“Pricing your work” starts in an hour"]
    assert titles_for(world.other_learner) == []


def test_two_processes_running_the_job_at_once_send_one_reminder(app, session, world):
    now = START - timedelta(hours=1)
    outcomes = race(app, range(3), lambda _, ready: (ready(), send_meeting_reminders(now=now)), RuntimeError)
    assert outcomes == ["won"] * 3
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.dedupe_key.like("meeting-reminder:%"))) == 2
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(
        OutboxEmail.dedupe_key.like("meeting-reminder:%"))) == 2
