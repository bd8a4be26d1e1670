"""Notifications about sessions and workshops (issue 14): in the app, and by email with the
calendar invitation (``lms.meetings.invites``) attached.

Both people of a session are told of every booking, confirmation, decline, reschedule and
cancellation, the one who acted too: the attached invitation (METHOD:REQUEST or CANCEL,
the booking's UID) keeps their own calendar right. A dedupe key per event, person and
``sequence`` (which the services raise on each change) means a change is sent again but a
signal sent twice is not. Times are in the reader's zone with the other person's beside, and
everything (title, email, invitation) is written in the reader's language (``speaking_to``).
Emails wait out quiet hours, unless that would bring them after the session starts.
See docs/meetings.md.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext, ngettext

from lms.auth.models import User
from lms.database import utcnow
from lms.i18n.recipients import speaking_to
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


def minutes_text(minutes: int) -> str:
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def tell(user: User, title: str, *, url: str, dedupe_key: str, starts_at: datetime, when_text: str,
         body: str = "", calendar: str | None = None, video_url: str = "", length: str = "",
         cancelled: bool = False) -> bool:
    """An in-app notification and an email (with ``calendar`` attached); False when sent before.
    Call inside ``speaking_to(user)``: the title, body and times given are in their language."""
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
    """One whole sentence per change and point of view (in the reader's language)."""
    mentor_reads = reader.id == booking.mentor_id
    other = (booking.learner if mentor_reads else booking.mentor).name
    by_reader = actor is not None and actor.id == reader.id
    if change == BookingEventKind.BOOKED:
        if booking.status == BookingStatus.REQUESTED:
            return (gettext("%(name)s asks for a session with you: please confirm or decline", name=other)
                    if mentor_reads
                    else gettext("You asked %(name)s for a session: waiting for them to confirm", name=other))
        return (gettext("%(name)s booked a session with you", name=other) if mentor_reads
                else gettext("Your session with %(name)s is booked", name=other))
    if by_reader:
        return {
            BookingEventKind.CONFIRMED: lambda: gettext("You confirmed the session with %(name)s", name=other),
            BookingEventKind.DECLINED: lambda: gettext("You declined the session with %(name)s", name=other),
            BookingEventKind.RESCHEDULED: lambda: gettext("You moved the session with %(name)s", name=other),
        }.get(change, lambda: gettext("You cancelled the session with %(name)s", name=other))()
    if actor is None:
        return {
            BookingEventKind.CONFIRMED: lambda: gettext("The program team confirmed your session"),
            BookingEventKind.DECLINED: lambda: gettext("The program team declined your session"),
            BookingEventKind.RESCHEDULED: lambda: gettext("The program team moved your session"),
        }.get(change, lambda: gettext("The program team cancelled your session"))()
    by = actor.name
    return {
        BookingEventKind.CONFIRMED: lambda: gettext("%(name)s confirmed your session", name=by),
        BookingEventKind.DECLINED: lambda: gettext("%(name)s declined your session", name=by),
        BookingEventKind.RESCHEDULED: lambda: gettext("%(name)s moved your session", name=by),
    }.get(change, lambda: gettext("%(name)s cancelled your session", name=by))()


def _booking_body(change: BookingEventKind, booking: Booking, reader: User, event) -> str:
    lines = []
    if change == BookingEventKind.RESCHEDULED and event is not None and event.previous_starts_at is not None:
        lines.append(gettext("It was on %(when)s.", when=when(event.previous_starts_at, reader.timezone)))
    reason = (getattr(event, "reason", "") or "").strip()
    if reason:
        lines.append(gettext("Reason: %(reason)s", reason=reason))
    if change == BookingEventKind.BOOKED and booking.agenda.strip():
        lines.append(gettext("Agenda: %(agenda)s", agenda=booking.agenda.strip()))
    return " ".join(lines)


def on_booking_changed(booking: Booking, *, change, actor=None, event=None, **_) -> None:
    change = BookingEventKind(change)
    if change in _SILENT:
        return
    cancelled = invites.booking_method(booking) == invites.CANCEL
    for reader, other in ((booking.learner, booking.mentor), (booking.mentor, booking.learner)):
        with speaking_to(reader):
            tell(reader, _booking_title(change, booking, reader, actor), url=booking_path(booking),
                 starts_at=booking.starts_at,
                 dedupe_key=f"booking:{booking.id}:{booking.sequence}:{change.value}:{reader.id}",
                 when_text=when(booking.starts_at, reader.timezone, other.name, other.timezone),
                 body=_booking_body(change, booking, reader, event), calendar=invites.booking_invite(booking),
                 video_url=booking.video_url, length=minutes_text(booking.minutes), cancelled=cancelled)


# --- Workshops -----------------------------------------------------------------------------

def _workshop_tell(workshop: Workshop, person: User, title, key: str, *, method: str | None,
                   body=None) -> None:
    """``title`` (and ``body``): functions of nothing, called in ``person``'s language and time zone."""
    host = workshop.host
    with speaking_to(person):
        calendar = invites.workshop_invite(workshop, method, attendee=person) if method else None
        tell(person, title(), url=workshop_path(workshop), starts_at=workshop.starts_at,
             dedupe_key=f"{key}:{person.id}", body=body() if body else "", calendar=calendar,
             video_url=workshop.video_url,
             when_text=when(workshop.starts_at, person.timezone, host.name, workshop.timezone),
             length=minutes_text(int((workshop.ends_at - workshop.starts_at).total_seconds() // 60)),
             cancelled=method == invites.CANCEL)


def _registered(workshop: Workshop, *statuses: RegistrationStatus) -> list[User]:
    return [r.user for r in workshop.registrations if r.status in (statuses or (RegistrationStatus.REGISTERED,))]


def on_workshop_changed(workshop: Workshop, *, change: str, actor=None, moved: bool = False, **_) -> None:
    key = f"workshop:{workshop.id}:{workshop.sequence}:{change}"
    title = workshop.title
    if change == "scheduled":
        _workshop_tell(workshop, workshop.host, lambda: gettext("Workshop scheduled: %(title)s", title=title), key,
                       method=invites.REQUEST)
    elif change == "cancelled":
        reason = workshop.cancel_reason.strip()
        cancelled = lambda: gettext("Workshop cancelled: %(title)s", title=title)  # noqa: E731
        for person in [workshop.host, *_registered(workshop)]:
            _workshop_tell(workshop, person, cancelled, key, method=invites.CANCEL,
                           body=(lambda: gettext("Reason: %(reason)s", reason=reason)) if reason else None)
        for person in _registered(workshop, RegistrationStatus.WAITLISTED):
            _workshop_tell(workshop, person, cancelled, key, method=None)
    elif moved:
        for person in [workshop.host, *_registered(workshop)]:
            _workshop_tell(workshop, person, lambda: gettext("Workshop moved: %(title)s", title=title), key,
                           method=invites.REQUEST)
    else:  # details or the recording changed: an update in the app, no new invitation
        stamp = workshop.updated_at.isoformat() if workshop.updated_at else utcnow().isoformat()
        for person in _registered(workshop):
            if person.is_active:
                with speaking_to(person):
                    notify(person.id, KIND, gettext("Workshop updated: %(title)s", title=title),
                           url=workshop_path(workshop), dedupe_key=f"{key}:{stamp}:{person.id}")


def on_workshop_seat_changed(registration, *, change: str, actor=None, **_) -> None:
    workshop, person = registration.workshop, registration.user
    stamp = registration.updated_at.isoformat() if registration.updated_at else ""
    key = f"workshop-seat:{registration.id}:{workshop.sequence}:{change}:{stamp}"
    title = workshop.title
    if change == "promoted":
        _workshop_tell(workshop, person, lambda: gettext("A seat freed up: you are in “%(title)s”", title=title), key,
                       method=invites.REQUEST)
    elif change == "registered":
        _workshop_tell(workshop, person, lambda: gettext("You are registered for “%(title)s”", title=title), key,
                       method=invites.REQUEST)
    elif change == "cancelled":
        _workshop_tell(workshop, person, lambda: gettext("Your seat at “%(title)s” is cancelled", title=title), key,
                       method=invites.CANCEL)
    elif change == "waitlisted":
        _workshop_tell(workshop, person, lambda: gettext("You are on the waitlist for “%(title)s”", title=title), key,
                       method=None,
                       body=lambda: gettext("If a seat frees up you move up automatically, and we send you the "
                                            "invitation."))


def connect(signals) -> None:
    signals.booking_changed.connect(on_booking_changed)
    signals.workshop_changed.connect(on_workshop_changed)
    signals.workshop_seat_changed.connect(on_workshop_seat_changed)
