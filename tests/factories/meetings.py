"""Meeting rows written directly: a mentor's schedule, bookings and workshops (no services)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from lms.database import utcnow
from lms.extensions import db
from lms.meetings import states
from lms.meetings.models import (
    AvailabilityRule,
    Booking,
    BookingStatus,
    MentorSchedule,
    RegistrationStatus,
    Workshop,
    WorkshopKind,
    WorkshopRegistration,
    WorkshopStatus,
)

WEEKDAYS_9_TO_17 = tuple((day, 9 * 60, 17 * 60) for day in range(5))


def make_schedule(mentor, *, timezone: str = "UTC", rules=WEEKDAYS_9_TO_17, lengths=(30,), commit: bool = True,
                  **fields) -> MentorSchedule:
    """``rules``: (weekday, start minute, end minute) in ``timezone``; Monday to Friday 09-17 by default."""
    schedule = MentorSchedule(user_id=mentor.id, timezone=timezone, lengths=list(lengths), **fields)
    schedule.rules = [AvailabilityRule(weekday=d, start_minute=s, end_minute=e) for d, s, e in rules]
    db.session.add(schedule)
    db.session.flush()
    if commit:
        db.session.commit()
    return schedule


def make_booking(enrollment, mentor, starts_at: datetime, *, minutes: int = 30, buffer: int = 10,
                 status: BookingStatus = BookingStatus.CONFIRMED, commit: bool = True, **fields) -> Booking:
    """A booking of ``enrollment``'s learner with ``mentor``, moved to ``status`` through the state machine."""
    booking = Booking(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, learner_id=enrollment.user_id,
                      mentor_id=mentor.id, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes),
                      busy_until=starts_at + timedelta(minutes=minutes + buffer), minutes=minutes,
                      video_url=fields.pop("video_url", "https://meet.jit.si/mentoring-test"),
                      uid=fields.pop("uid", f"booking-{uuid.uuid4().hex}@localhost"), **fields)
    # The states a booking passes through to reach ``status`` (every change goes through the machine).
    path = {BookingStatus.REQUESTED: (BookingStatus.REQUESTED,),
            BookingStatus.DECLINED: (BookingStatus.REQUESTED, BookingStatus.DECLINED),
            BookingStatus.CONFIRMED: (BookingStatus.CONFIRMED,),
            BookingStatus.CANCELLED: (BookingStatus.CONFIRMED, BookingStatus.CANCELLED),
            BookingStatus.ATTENDED: (BookingStatus.CONFIRMED, BookingStatus.ATTENDED),
            BookingStatus.NO_SHOW: (BookingStatus.CONFIRMED, BookingStatus.NO_SHOW)}[status]
    for step in path:
        states.move_booking(booking, step)
    db.session.add(booking)
    db.session.flush()
    if commit:
        db.session.commit()
    return booking


def make_workshop(host, starts_at: datetime, *, cohort=None, seats: int = 10, minutes: int = 60,
                  kind: WorkshopKind = WorkshopKind.WORKSHOP, title: str = "Pricing your work",
                  commit: bool = True, **fields) -> Workshop:
    """A scheduled workshop hosted by ``host``, for ``cohort`` (None: the whole program)."""
    workshop = Workshop(cohort_id=cohort.id if cohort is not None else None, host_id=host.id, kind=kind, title=title,
                        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), seats=seats,
                        video_url=fields.pop("video_url", "https://meet.jit.si/workshop-test"),
                        uid=fields.pop("uid", f"workshop-{uuid.uuid4().hex}@localhost"),
                        **fields)
    states.move_workshop(workshop, WorkshopStatus.SCHEDULED)
    db.session.add(workshop)
    db.session.flush()
    if commit:
        db.session.commit()
    return workshop


def register(workshop: Workshop, user, *, status: RegistrationStatus = RegistrationStatus.REGISTERED,
             commit: bool = True) -> WorkshopRegistration:
    """A registration row; a registered one takes a seat (``seats_taken`` + 1)."""
    row = WorkshopRegistration(workshop_id=workshop.id, user_id=user.id, status=status,
                               waitlisted_at=utcnow() if status == RegistrationStatus.WAITLISTED else None)
    if status == RegistrationStatus.REGISTERED:
        workshop.seats_taken += 1
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row
