"""Changes to a booked session: confirm, decline, cancel, reschedule, attendance.

The rules: the mentor confirms or declines a requested session (declining needs a reason);
either person cancels with a reason, the learner only until the mentor's ``cancel_hours``
before the start, the mentor (or an admin) any time before it; either person moves it to
another free slot, the learner within the same hours and at most ``max_reschedules``
times; after the start the mentor records attended or no-show (and may correct it).
Each change that moves the time or the status raises ``sequence`` (the iCalendar
SEQUENCE), writes a ``BookingEvent`` and sends ``booking_changed``.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from lms import permissions
from lms.database import utcnow
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.meetings.bookings import SLOT_TAKEN, BookingError, as_utc, lock_schedule, record, refused_overlap
from lms.meetings.models import (
    HOLDING_STATUSES,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    MentorSchedule,
)
from lms.meetings.slots import check_slot
from lms.meetings.states import move_booking

MAX_REASON = 2000
B = BookingStatus


def confirm(booking: Booking, actor, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require(permissions.can_answer_booking(actor, booking))
    _before_start(booking, now)
    if booking.status != B.REQUESTED:
        raise BookingError(gettext("Only a session waiting for you can be confirmed."))
    move_booking(booking, B.CONFIRMED, now=now)
    booking.sequence += 1
    record(booking, BookingEventKind.CONFIRMED, actor, now=now)


def decline(booking: Booking, reason: str, actor, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require(permissions.can_answer_booking(actor, booking))
    reason = _reason(reason, gettext("Tell the learner why you decline, and what they could do instead."))
    if booking.status != B.REQUESTED:
        raise BookingError(gettext("Only a session waiting for you can be declined."))
    move_booking(booking, B.DECLINED, now=now)
    booking.sequence += 1
    record(booking, BookingEventKind.DECLINED, actor, reason=reason, now=now)


def cancel(booking: Booking, reason: str, actor, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require(permissions.can_change_booking(actor, booking))
    reason = _reason(reason, gettext("Say why you cancel: the other person reads it."))
    if booking.status not in HOLDING_STATUSES:
        raise BookingError(_ended_text(booking.status))
    _before_start(booking, now)
    if _is_learner(actor, booking):
        _within_learner_window(booking, now, "cancel")
    move_booking(booking, B.CANCELLED, now=now)
    booking.cancelled_by_id, booking.cancel_reason = actor.id, reason
    booking.sequence += 1
    record(booking, BookingEventKind.CANCELLED, actor, reason=reason, now=now)


def reschedule(booking: Booking, starts_at: datetime, minutes: int, actor, *, reason: str = "",
               now: datetime | None = None) -> None:
    """Move the session to another free slot of the same mentor: same UID, next SEQUENCE."""
    now = now or utcnow()
    _require(permissions.can_change_booking(actor, booking))
    reason = (reason or "").strip()[:MAX_REASON]
    starts_at = as_utc(starts_at)
    if booking.status not in HOLDING_STATUSES:
        raise BookingError(gettext("Only a requested or confirmed session can be moved."))
    _before_start(booking, now)
    schedule = db.session.get(MentorSchedule, booking.mentor_id)
    learner = _is_learner(actor, booking)
    if learner:
        _within_learner_window(booking, now, "move")
        limit = schedule.max_reschedules if schedule else 0
        if learner_moves(booking) >= limit:
            raise BookingError(ngettext("A session can be moved at most %(num)d time; cancel it and book again, "
                                        "or ask your mentor.",
                                        "A session can be moved at most %(num)d times; cancel it and book again, "
                                        "or ask your mentor.", limit))
    if starts_at == booking.starts_at and minutes == booking.minutes:
        raise BookingError(gettext("Pick a different time."), "starts")
    if schedule is not None and (schedule.max_per_day is not None or schedule.max_per_week is not None):
        lock_schedule(booking.mentor_id)
    reason_slot = check_slot(booking.mentor_id, starts_at, minutes, now=now, ignore_booking_id=booking.id)
    if reason_slot:
        raise BookingError(reason_slot, "starts")
    previous = booking.starts_at
    buffer = schedule.buffer_minutes if schedule else int((booking.busy_until - booking.ends_at).total_seconds() // 60)
    try:
        with db.session.begin_nested():
            booking.starts_at = starts_at
            booking.ends_at = starts_at + timedelta(minutes=minutes)
            booking.busy_until = booking.ends_at + timedelta(minutes=buffer)
            booking.minutes = minutes
            booking.sequence += 1
            booking.reschedules += 1
            if learner and schedule is not None and schedule.requires_confirmation and booking.status == B.CONFIRMED:
                move_booking(booking, B.REQUESTED, now=now)  # the mentor agrees to the new time again
            db.session.flush()
    except (IntegrityError, OperationalError) as error:
        if not refused_overlap(error):
            raise
        raise BookingError(SLOT_TAKEN, "starts") from None
    record(booking, BookingEventKind.RESCHEDULED, actor, reason=reason, previous_starts_at=previous, now=now)


def record_attendance(booking: Booking, attended: bool, actor, *, now: datetime | None = None) -> None:
    """The mentor says, after the start, whether the learner came (and may correct it later)."""
    now = now or utcnow()
    _require(permissions.can_answer_booking(actor, booking))
    if now < booking.starts_at:
        raise BookingError(gettext("Attendance can be recorded once the session has started."))
    if booking.status not in (B.CONFIRMED, B.ATTENDED, B.NO_SHOW):
        raise BookingError(gettext("Attendance is recorded for confirmed sessions only."))
    target = B.ATTENDED if attended else B.NO_SHOW
    if booking.status == target:
        return
    move_booking(booking, target, now=now)
    booking.sequence += 1
    record(booking, BookingEventKind.ATTENDED if attended else BookingEventKind.NO_SHOW, actor, now=now)


def learner_moves(booking: Booking) -> int:
    """How many times the learner moved this session (the mentor's moves do not count)."""
    return db.session.scalar(select(func.count(BookingEvent.id)).where(
        BookingEvent.booking_id == booking.id, BookingEvent.kind == BookingEventKind.RESCHEDULED,
        BookingEvent.actor_id == booking.learner_id)) or 0


def learner_deadline(booking: Booking) -> datetime:
    """Until when the learner may cancel or move the session."""
    schedule = db.session.get(MentorSchedule, booking.mentor_id)
    hours = schedule.cancel_hours if schedule else 0
    return booking.starts_at - timedelta(hours=hours)


def _is_learner(actor, booking: Booking) -> bool:
    return actor.id == booking.learner_id and not permissions.is_admin(actor)


def _within_learner_window(booking: Booking, now: datetime, verb: str) -> None:
    deadline = learner_deadline(booking)
    if now > deadline:
        hours = int((booking.starts_at - deadline).total_seconds() // 3600)
        if verb == "cancel":
            raise BookingError(ngettext("Sessions can be cancelled until %(num)d hour before they start. It is too "
                                        "late to cancel this one: write to your mentor.",
                                        "Sessions can be cancelled until %(num)d hours before they start. It is too "
                                        "late to cancel this one: write to your mentor.", hours))
        raise BookingError(ngettext("Sessions can be moved until %(num)d hour before they start. It is too late to "
                                    "move this one: write to your mentor.",
                                    "Sessions can be moved until %(num)d hours before they start. It is too late to "
                                    "move this one: write to your mentor.", hours))


def _ended_text(status: BookingStatus) -> str:
    """Why a session that no longer holds time cannot be cancelled: one whole sentence per state."""
    if status == BookingStatus.DECLINED:
        return gettext("This session is already declined.")
    if status == BookingStatus.ATTENDED:
        return gettext("This session is already attended.")
    if status == BookingStatus.NO_SHOW:
        return gettext("This session is already missed (no-show).")
    return gettext("This session is already cancelled.")


def _before_start(booking: Booking, now: datetime) -> None:
    if now >= booking.starts_at:
        raise BookingError(gettext("This session has already started."))


def _reason(reason: str | None, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(missing, "reason")
    if len(reason) > MAX_REASON:
        raise BookingError(gettext("Keep the reason under %(num)s characters.", num=format_number(MAX_REASON)),
                           "reason")
    return reason


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()
