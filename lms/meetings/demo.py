"""``flask demo`` step: the demo mentor's weekly hours, one confirmed session with the demo
learner, a workshop for the Spring cohort with some people registered, and program-wide
office hours.

Idempotent: the schedule is written once; a session is added only when the pair has none
to come; each workshop is found by its host and title. Rows go through the models and the
state machines (the booking services are their own feature's); seats through
``workshop_seats`` (the conditional UPDATE).
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.meetings import states, video, workshop_seats
from lms.meetings.models import (
    HOLDING_STATUSES,
    AvailabilityRule,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    MentorSchedule,
    Workshop,
    WorkshopKind,
)
from lms.meetings.workshops import WorkshopData, schedule_workshop
from lms.timezones import zone_or_utc

COHORT_NAME = "Spring cohort"
# Monday to Friday, 09:00-12:00 and 14:00-17:00 in the mentor's zone.
RULES = tuple((day, start, end) for day in range(5) for start, end in ((9 * 60, 12 * 60), (14 * 60, 17 * 60)))
WORKSHOP_TITLE = "Pricing your first client project"
OFFICE_HOURS_TITLE = "Open office hours: proposals and pricing"


def _next_weekday(zone: str, days: int, at: time, now: datetime) -> datetime:
    """``at`` in ``zone`` on the first weekday at least ``days`` days after ``now``, in UTC."""
    day: date = now.astimezone(zone_or_utc(zone)).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, at, zone_or_utc(zone)).astimezone(timezone.utc)


def _schedule(mentor) -> MentorSchedule:
    schedule = db.session.get(MentorSchedule, mentor.id)
    if schedule is None:
        schedule = MentorSchedule(user_id=mentor.id, timezone=mentor.timezone or "UTC", lengths=[30, 60],
                                  buffer_minutes=15, notice_hours=12, horizon_days=28, max_per_day=4)
        schedule.rules = [AvailabilityRule(weekday=d, start_minute=s, end_minute=e) for d, s, e in RULES]
        db.session.add(schedule)
        db.session.flush()
    return schedule


def _session(schedule: MentorSchedule, mentor, enrollment: Enrollment, now: datetime) -> bool:
    upcoming = db.session.scalar(select(Booking.id).where(
        Booking.mentor_id == mentor.id, Booking.learner_id == enrollment.user_id,
        Booking.status.in_(HOLDING_STATUSES), Booking.starts_at > now))
    if upcoming is not None:
        return False
    starts_at = _next_weekday(schedule.timezone, 2, time(10), now)
    host = urlsplit(current_app.config.get("LMS_BASE_URL", "")).hostname or "localhost"
    booking = Booking(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, learner_id=enrollment.user_id,
                      mentor_id=mentor.id, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30),
                      busy_until=starts_at + timedelta(minutes=30 + schedule.buffer_minutes), minutes=30,
                      agenda="Go through my **landing page** before I send it to the bakery.",
                      agenda_html="<p>Go through my <strong>landing page</strong> before I send it to the bakery.</p>",
                      video_url=video.room_for(schedule), uid=f"booking-{secrets.token_hex(10)}@{host}")
    states.move_booking(booking, BookingStatus.CONFIRMED)
    booking.events.append(BookingEvent(kind=BookingEventKind.BOOKED, actor_id=enrollment.user_id, created_at=now))
    db.session.add(booking)
    # A week earlier they met already (attended): mentor hours on program health show it.
    held = Booking(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, learner_id=enrollment.user_id,
                   mentor_id=mentor.id, starts_at=starts_at - timedelta(days=7),
                   ends_at=starts_at - timedelta(days=7) + timedelta(minutes=60),
                   busy_until=starts_at - timedelta(days=7) + timedelta(minutes=60 + schedule.buffer_minutes),
                   minutes=60, agenda="Plan the first client project.",
                   agenda_html="<p>Plan the first client project.</p>",
                   video_url=video.room_for(schedule), uid=f"booking-{secrets.token_hex(10)}@{host}")
    states.move_booking(held, BookingStatus.CONFIRMED)
    states.move_booking(held, BookingStatus.ATTENDED)
    held.events += [BookingEvent(kind=BookingEventKind.BOOKED, actor_id=enrollment.user_id,
                                 created_at=held.starts_at - timedelta(days=2)),
                    BookingEvent(kind=BookingEventKind.ATTENDED, actor_id=mentor.id, created_at=held.ends_at)]
    db.session.add(held)
    db.session.flush()
    return True


def _workshop(host, cohort, title: str, kind: WorkshopKind, days: int, at: time, seats: int, description: str,
              now: datetime) -> Workshop | None:
    if db.session.scalar(select(Workshop.id).where(Workshop.host_id == host.id, Workshop.title == title)):
        return None
    local = _next_weekday(host.timezone, days, at, now).astimezone(zone_or_utc(host.timezone))
    return schedule_workshop(cohort, WorkshopData(kind=kind, title=title, description=description, day=local.date(),
                                                  start=local.time(), minutes=60, seats=seats,
                                                  zone=host.timezone or "UTC"), host, now=now)


def demo_meetings(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    mentor, mentor2, learner = accounts.get("mentor"), accounts.get("mentor2"), accounts.get("learner")
    enrollment = cohort and learner and db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == learner.id, Enrollment.role == EnrollmentRole.LEARNER))
    if enrollment is None or mentor is None or mentor2 is None:
        return f"Meetings demo skipped: no cohort named {COHORT_NAME!r} with the demo learner."
    now = utcnow()
    schedule = _schedule(mentor)
    booked = _session(schedule, mentor, enrollment, now)
    workshop = _workshop(mentor, cohort, WORKSHOP_TITLE, WorkshopKind.WORKSHOP, 5, time(17), 3,
                         "We price a **real** brief together: day rate, fixed price, and what goes in the "
                         "scope. Bring one project you would like to quote.", now)
    if workshop is not None:  # full, with one person waiting: the waitlist shows
        for handle in ("learner", "learner2", "learner3", "learner4"):
            if accounts.get(handle) is not None:
                workshop_seats.register(workshop, accounts[handle], now=now)
    _workshop(mentor2, None, OFFICE_HOURS_TITLE, WorkshopKind.OFFICE_HOURS, 3, time(16), 30,
              "Drop in with a proposal, a quote or a question about a client. Every cohort welcome.", now)
    return (f"Meetings demo: {mentor.name}'s weekly hours, {'a new' if booked else 'the'} session with "
            f"{learner.name}, a workshop in {COHORT_NAME} and program-wide office hours.")
