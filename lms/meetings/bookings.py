"""Booking a one-to-one session (changes: ``booking_changes``; notes: ``booking_notes``).

A learner books a slot that ``slots.check_slot`` offers, with one of the mentors
``permissions.can_book_with`` allows. The database has the last word on double booking:
an overlapping insert raises ``IntegrityError`` (PostgreSQL exclusion constraint, SQLite
triggers), caught inside a SAVEPOINT so the request's transaction survives, and turned
into one clear message. A mentor's daily and weekly caps are counted after taking a lock
on their schedule row, so two bookings at once cannot both take the last one.

Services flush, never commit; every change writes a ``BookingEvent`` and sends
``signals.booking_changed`` after the flush.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from lms import permissions, signals
from lms.asks.models import OPEN_STATES, Ask
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.errors import DomainError, PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.meetings import video
from lms.meetings.models import (
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    MentorSchedule,
)
from lms.meetings.slots import check_slot, load_schedules
from lms.meetings.states import move_booking
from lms.plans.models import Goal
from lms.rendering import render_user_markdown
from lms.submissions.models import Submission

SLOT_TAKEN = lazy_gettext("That time was just booked by someone else. Please pick another.")
MAX_AGENDA = 5000
DEADLOCK = "40P01"  # PostgreSQL's deadlock_detected


class BookingError(DomainError):
    """A booking or a change to one was refused; the message is safe to show.

    ``field``: the form field it is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def as_utc(moment: datetime) -> datetime:
    """An aware UTC moment (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def book(enrollment: Enrollment, mentor_id: int, starts_at: datetime, minutes: int, *, agenda: str = "",
         ask_id: int | None = None, goal_id: int | None = None, submission_id: int | None = None,
         client_key: str | None = None, actor, now: datetime | None = None) -> Booking:
    """The learner of ``enrollment`` books ``minutes`` with ``mentor_id`` at ``starts_at`` (UTC).

    Returns the booking (requested or confirmed, as the mentor's schedule says). A replayed
    ``client_key`` returns the booking it made. Raises ``BookingError`` with the reason."""
    if actor.id != enrollment.user_id:
        raise PermissionDenied()
    existing = find_by_client_key(client_key)
    if existing is not None:
        return _replayed(existing, actor)
    now = now or utcnow()
    starts_at = as_utc(starts_at)
    agenda = (agenda or "").strip()
    if len(agenda) > MAX_AGENDA:
        raise BookingError(gettext("Keep the agenda under %(num)s characters.", num=format_number(MAX_AGENDA)),
                           "agenda")
    ask = _own_ask(enrollment, ask_id)
    _check_own_links(enrollment, goal_id, submission_id)
    if not permissions.can_book_with(actor, enrollment, mentor_id, ask=ask):
        raise BookingError(gettext("You can book sessions only with your own mentors, or with the mentor who holds "
                           "your ask."), "mentor_id")
    reason = check_slot(mentor_id, starts_at, minutes, now=now)
    if reason:
        raise BookingError(reason, "starts")
    schedule = load_schedules([mentor_id])[mentor_id]
    if schedule.max_per_day is not None or schedule.max_per_week is not None:
        # Caps are counts, not overlaps: the database cannot refuse the one too many, so
        # bookings with this mentor queue on their schedule row and count again.
        lock_schedule(mentor_id)
        reason = check_slot(mentor_id, starts_at, minutes, now=now)
        if reason:
            raise BookingError(reason, "starts")
    ends_at = starts_at + timedelta(minutes=minutes)
    booking = Booking(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, learner_id=actor.id,
                      mentor_id=mentor_id, starts_at=starts_at, ends_at=ends_at,
                      busy_until=ends_at + timedelta(minutes=schedule.buffer_minutes), minutes=minutes,
                      agenda=agenda, agenda_html=render_user_markdown(agenda) if agenda else "",
                      ask_id=ask.id if ask else None, goal_id=goal_id, submission_id=submission_id,
                      video_url=video.room_for(schedule), uid=new_uid(), sequence=0, reschedules=0,
                      client_key=client_key or None, created_at=now)
    move_booking(booking, BookingStatus.REQUESTED if schedule.requires_confirmation else BookingStatus.CONFIRMED,
                 now=now)
    try:
        with db.session.begin_nested():
            db.session.add(booking)
            db.session.flush()
    except (IntegrityError, OperationalError) as error:
        if not refused_overlap(error):
            raise
        # The same form a moment ago (its client key), or another learner's booking of this time.
        existing = find_by_client_key(client_key)
        if existing is not None:
            return _replayed(existing, actor)
        raise BookingError(SLOT_TAKEN, "starts") from None
    record(booking, BookingEventKind.BOOKED, actor, now=now)
    return booking


def refused_overlap(error: Exception) -> bool:
    """The database refused a booking's time: the overlap rule or a unique key (IntegrityError),
    or, on PostgreSQL, a deadlock between two inserts each checking the other's row against the
    exclusion constraint (the server fails one of them: that one lost the slot)."""
    if isinstance(error, IntegrityError):
        return True
    original = getattr(error, "orig", None)
    return (getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)) == DEADLOCK


def lock_schedule(mentor_id: int) -> None:
    """Hold the mentor's schedule row until the transaction ends (PostgreSQL: SELECT ... FOR
    UPDATE; SQLite: a write, which takes the database's one write lock)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(MentorSchedule.user_id).where(MentorSchedule.user_id == mentor_id)
                           .with_for_update())
    else:
        table = MentorSchedule.__table__
        db.session.execute(update(table).where(table.c.user_id == mentor_id).values(user_id=table.c.user_id))


def record(booking: Booking, kind: BookingEventKind, actor, *, reason: str = "",
           previous_starts_at: datetime | None = None, now: datetime | None = None) -> BookingEvent:
    """Write the history row, flush, and tell the listeners (emails, calendars)."""
    event = BookingEvent(booking=booking, kind=kind, actor_id=actor.id if actor else None, reason=reason,
                         previous_starts_at=previous_starts_at, created_at=now or utcnow())
    db.session.add(event)
    db.session.flush()
    signals.booking_changed.send(booking, change=kind, actor=actor, event=event)
    return event


def new_uid() -> str:
    """``booking-<random>@<host>``: the iCalendar UID the booking keeps for life."""
    host = urlsplit(current_app.config.get("LMS_BASE_URL", "")).hostname or "localhost"
    return f"booking-{secrets.token_hex(12)}@{host}"


def find_by_client_key(client_key: str | None) -> Booking | None:
    if not client_key:
        return None
    return db.session.scalar(select(Booking).where(Booking.client_key == client_key))


def _replayed(existing: Booking, actor) -> Booking:
    if existing.learner_id != actor.id:
        raise BookingError(gettext("Reload the page and try again."))
    return existing


def _own_ask(enrollment: Enrollment, ask_id: int | None) -> Ask | None:
    if ask_id is None:
        return None
    ask = db.session.get(Ask, ask_id)
    if ask is None or ask.user_id != enrollment.user_id or ask.enrollment_id != enrollment.id:
        raise BookingError(gettext("Choose one of your own asks in this cohort."), "about")
    return ask


def _check_own_links(enrollment: Enrollment, goal_id: int | None, submission_id: int | None) -> None:
    if goal_id is not None:
        goal = db.session.get(Goal, goal_id)
        if goal is None or goal.user_id != enrollment.user_id:
            raise BookingError(gettext("Choose one of your own goals."), "about")
    if submission_id is not None:
        submission = db.session.get(Submission, submission_id)
        if submission is None or submission.enrollment_id != enrollment.id:
            raise BookingError(gettext("Choose one of your own hand-ins in this cohort."), "about")


def open_links(enrollment: Enrollment) -> dict[str, list]:
    """What a session may be about: the learner's open asks in the cohort, goals, hand-ins (three queries)."""
    asks = db.session.scalars(select(Ask).where(Ask.enrollment_id == enrollment.id, Ask.state.in_(OPEN_STATES))
                              .order_by(Ask.id.desc()).limit(50)).all()
    goals = db.session.scalars(select(Goal).where(Goal.user_id == enrollment.user_id)
                               .order_by(Goal.id.desc()).limit(50)).all()
    submissions = db.session.scalars(select(Submission).where(Submission.enrollment_id == enrollment.id)
                                     .options(joinedload(Submission.lesson))
                                     .order_by(Submission.id.desc()).limit(50)).all()
    return {"asks": asks, "goals": goals, "submissions": submissions}
