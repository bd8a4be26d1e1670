"""Notifications about sessions and workshops (issue 14): in the app, and by email with the
calendar invitation (``lms.meetings.invites``) attached.

Both people of a session are told of every booking, confirmation, decline, reschedule and
cancellation, the one who acted too: the attached invitation (METHOD:REQUEST or CANCEL,
the booking's UID) keeps their own calendar right. A dedupe key per event, person and
``sequence`` (which the services raise on each change) means a change is sent again but a
signal sent twice is not. Times are in the reader's zone with the other person's beside.
Emails wait out quiet hours, unless that would bring them after the session starts.
See docs/meetings.md.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from lms.auth.models import User
from lms.database import utcnow
from lms.mail import render_text
from lms.meetings import invites
from lms.meetings.models import Booking, BookingEventKind, BookingStatus, RegistrationStatus, Workshop
from lms.notifications.meeting_text import when
from lms.notifications.services import absolute, notify, path_for, quiet_hours_end
from lms.outbox import queue_email

KIND = "meeting"
# Attendance is recorded after the session: nothing to tell or to update in a calendar.
_SILENT = (BookingEventKind.ATTENDED, BookingEventKind.NO_SHOW)


def booking_path(booking: Booking) -> str:
    return path_for("meetings.session", booking_id=booking.id)


def workshop_path(workshop: Workshop) -> str:
    return path_for("meetings.workshop_detail", workshop_id=workshop.id)


def not_before(user: User, starts_at: datetime, now: datetime | None = None) -> datetime | None:
    """When an email to ``user`` may go: after their quiet hours, unless those end within an
    hour of the start (news about a session is then worth more than the quiet)."""
    end = quiet_hours_end(user, now=now)
    if end is None or end > starts_at - timedelta(hours=1):
        return None
    return end


def tell(user: User, title: str, *, url: str, dedupe_key: str, starts_at: datetime, when_text: str,
         body: str = "", calendar: str | None = None, video_url: str = "", length: str = "",
         cancelled: bool = False) -> bool:
    """An in-app notification and an email (with ``calendar`` attached); False when sent before."""
    if user is None or not user.is_active:
        return False
    if notify(user.id, KIND, title, body=body, url=url, dedupe_key=dedupe_key) is None:
        return False
    text = render_text("notifications/email/meeting.txt", user=user, absolute=absolute, title=title, body=body,
                       url=url, when=when_text, video_url=video_url, length=length, calendar=calendar,
                       cancelled=cancelled)
    queue_email(user.email, title, text, dedupe_key=dedupe_key, calendar=calendar,
                not_before=not_before(user, starts_at))
    return True


# --- Sessions ------------------------------------------------------------------------------

def _booking_title(change: BookingEventKind, booking: Booking, reader: User, actor: User | None) -> str:
    mentor_reads = reader.id == booking.mentor_id
    other = booking.learner if mentor_reads else booking.mentor
    by_reader = actor is not None and actor.id == reader.id
    by = "You" if by_reader else (actor.name if actor is not None else "The program team")
    if change == BookingEventKind.BOOKED:
        if booking.status == BookingStatus.REQUESTED:
            return (f"{other.name} asks for a session with you: please confirm or decline" if mentor_reads
                    else f"You asked {other.name} for a session: waiting for them to confirm")
        return (f"{other.name} booked a session with you" if mentor_reads
                else f"Your session with {other.name} is booked")
    if change == BookingEventKind.CONFIRMED:
        return f"{by} confirmed the session with {other.name}" if by_reader \
            else f"{by} confirmed your session"
    if change == BookingEventKind.DECLINED:
        return f"{by} declined the session with {other.name}" if by_reader else f"{by} declined your session"
    if change == BookingEventKind.RESCHEDULED:
        return f"{by} moved the session with {other.name}" if by_reader else f"{by} moved your session"
    return f"{by} cancelled the session with {other.name}" if by_reader else f"{by} cancelled your session"


def _booking_body(change: BookingEventKind, booking: Booking, reader: User, event) -> str:
    lines = []
    if change == BookingEventKind.RESCHEDULED and event is not None and event.previous_starts_at is not None:
        lines.append(f"It was on {when(event.previous_starts_at, reader.timezone)}.")
    reason = (getattr(event, "reason", "") or "").strip()
    if reason:
        lines.append(f"Reason: {reason}")
    if change == BookingEventKind.BOOKED and booking.agenda.strip():
        lines.append(f"Agenda: {booking.agenda.strip()}")
    return " ".join(lines)


def on_booking_changed(booking: Booking, *, change, actor=None, event=None, **_) -> None:
    change = BookingEventKind(change)
    if change in _SILENT:
        return
    calendar = invites.booking_invite(booking)
    cancelled = invites.booking_method(booking) == invites.CANCEL
    for reader, other in ((booking.learner, booking.mentor), (booking.mentor, booking.learner)):
        title = _booking_title(change, booking, reader, actor)
        tell(reader, title, url=booking_path(booking), starts_at=booking.starts_at,
             dedupe_key=f"booking:{booking.id}:{booking.sequence}:{change.value}:{reader.id}",
             when_text=when(booking.starts_at, reader.timezone, other.name, other.timezone),
             body=_booking_body(change, booking, reader, event), calendar=calendar, video_url=booking.video_url,
             length=f"{booking.minutes} minutes", cancelled=cancelled)


# --- Workshops -----------------------------------------------------------------------------

def _workshop_tell(workshop: Workshop, person: User, title: str, key: str, *, method: str | None,
                   body: str = "") -> None:
    calendar = invites.workshop_invite(workshop, method, attendee=person) if method else None
    host = workshop.host
    tell(person, title, url=workshop_path(workshop), starts_at=workshop.starts_at,
         dedupe_key=f"{key}:{person.id}", body=body, calendar=calendar, video_url=workshop.video_url,
         when_text=when(workshop.starts_at, person.timezone, host.name, workshop.timezone),
         length=f"{int((workshop.ends_at - workshop.starts_at).total_seconds() // 60)} minutes",
         cancelled=method == invites.CANCEL)


def _registered(workshop: Workshop, *statuses: RegistrationStatus) -> list[User]:
    return [r.user for r in workshop.registrations if r.status in (statuses or (RegistrationStatus.REGISTERED,))]


def on_workshop_changed(workshop: Workshop, *, change: str, actor=None, moved: bool = False, **_) -> None:
    key = f"workshop:{workshop.id}:{workshop.sequence}:{change}"
    if change == "scheduled":
        _workshop_tell(workshop, workshop.host, f"Workshop scheduled: {workshop.title}", key,
                       method=invites.REQUEST)
    elif change == "cancelled":
        reason = workshop.cancel_reason.strip()
        for person in [workshop.host, *_registered(workshop)]:
            _workshop_tell(workshop, person, f"Workshop cancelled: {workshop.title}", key, method=invites.CANCEL,
                           body=f"Reason: {reason}" if reason else "")
        for person in _registered(workshop, RegistrationStatus.WAITLISTED):
            _workshop_tell(workshop, person, f"Workshop cancelled: {workshop.title}", key, method=None)
    elif moved:
        for person in [workshop.host, *_registered(workshop)]:
            _workshop_tell(workshop, person, f"Workshop moved: {workshop.title}", key, method=invites.REQUEST)
    else:  # details or the recording changed: an update in the app, no new invitation
        stamp = workshop.updated_at.isoformat() if workshop.updated_at else utcnow().isoformat()
        for person in _registered(workshop):
            if person.is_active:
                notify(person.id, KIND, f"Workshop updated: {workshop.title}", url=workshop_path(workshop),
                       dedupe_key=f"{key}:{stamp}:{person.id}")


def on_workshop_seat_changed(registration, *, change: str, actor=None, **_) -> None:
    workshop, person = registration.workshop, registration.user
    stamp = registration.updated_at.isoformat() if registration.updated_at else ""
    key = f"workshop-seat:{registration.id}:{workshop.sequence}:{change}:{stamp}"
    if change in ("registered", "promoted"):
        title = (f"A seat freed up: you are in “{workshop.title}”" if change == "promoted"
                 else f"You are registered for “{workshop.title}”")
        _workshop_tell(workshop, person, title, key, method=invites.REQUEST)
    elif change == "cancelled":
        _workshop_tell(workshop, person, f"Your seat at “{workshop.title}” is cancelled", key,
                       method=invites.CANCEL)
    elif change == "waitlisted":
        _workshop_tell(workshop, person, f"You are on the waitlist for “{workshop.title}”", key, method=None,
                       body="If a seat frees up you move up automatically, and we send you the invitation.")


def connect(signals) -> None:
    signals.booking_changed.connect(on_booking_changed)
    signals.workshop_changed.connect(on_workshop_changed)
    signals.workshop_seat_changed.connect(on_workshop_seat_changed)
