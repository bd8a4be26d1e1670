"""Reminders 24 hours and 1 hour before each confirmed session and each workshop.

A periodic job (every 5 minutes). A reminder is due from its moment (start - 24 h, start - 1 h)
until the next one is (the 24-hour one until an hour before, the 1-hour one until the start),
so a job that ran late still sends it; the 24-hour one only to people who had the session or
seat before that moment (booked 3 hours ahead: only the 1-hour one). In the app always, by email
when the person's ``email_reminders`` is on (and not after the start: quiet hours that would
hold it that long drop the email). The dedupe key holds the start, so a session moved is
reminded again, and two processes running the job at once send one reminder.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from lms.auth.models import User
from lms.database import as_utc, utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.mail import render_text
from lms.meetings.models import (
    Booking,
    BookingStatus,
    RegistrationStatus,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)
from lms.notifications.meeting_text import when
from lms.notifications.meetings import KIND, booking_path, workshop_path
from lms.notifications.models import NotificationPreference
from lms.notifications.services import absolute, notify, quiet_hours_end
from lms.outbox import queue_email

# (name, how long before the start); each is due until the next one is.
REMINDERS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))


def _session_title(name: str, starts_at: datetime, now: datetime) -> str:
    """"Your session with Mia starts in 24 hours" ("in an hour", "in 10 minutes"): whole sentences."""
    minutes = round((starts_at - now).total_seconds() / 60)
    if minutes >= 90:
        return ngettext("Your session with %(name)s starts in %(num)d hour",
                        "Your session with %(name)s starts in %(num)d hours", round(minutes / 60), name=name)
    if minutes >= 55:
        return gettext("Your session with %(name)s starts in an hour", name=name)
    return ngettext("Your session with %(name)s starts in %(num)d minute",
                    "Your session with %(name)s starts in %(num)d minutes", minutes, name=name)


def _workshop_title(title: str, starts_at: datetime, now: datetime) -> str:
    minutes = round((starts_at - now).total_seconds() / 60)
    if minutes >= 90:
        return ngettext("“%(title)s” starts in %(num)d hour", "“%(title)s” starts in %(num)d hours",
                        round(minutes / 60), title=title)
    if minutes >= 55:
        return gettext("“%(title)s” starts in an hour", title=title)
    return ngettext("“%(title)s” starts in %(num)d minute", "“%(title)s” starts in %(num)d minutes", minutes,
                    title=title)


def _due(starts_at: datetime, had_since: datetime | None, now: datetime) -> str | None:
    """The reminder due now for a start (``had_since``: when the person got their place), or None."""
    for index, (name, before) in enumerate(REMINDERS):
        later = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
        if starts_at - before <= now < starts_at - later:
            if had_since is not None and as_utc(had_since) > starts_at - before:
                continue  # booked after this reminder's moment: the next one will do
            return name
    return None


def _remind(person: User, preference, *, title: str, url: str, key: str, starts_at: datetime, when_text: str,
            video_url: str, now: datetime) -> bool:
    """Call inside ``speaking_to(person)``: ``title`` and ``when_text`` are in their language and zone."""
    if not person.is_active or notify(person.id, KIND, title, url=url, dedupe_key=key) is None:
        return False
    if preference is None or preference.email_reminders:
        held = quiet_hours_end(person, preference, now)
        if held is None or held < starts_at:
            text = render_text("notifications/email/meeting_reminder.txt", user=person, absolute=absolute,
                               title=title, url=url, when=when_text, video_url=video_url)
            queue_email(person.email, title, text, dedupe_key=key, not_before=held)
    return True


def send_meeting_reminders(now: datetime | None = None) -> int:
    """Send the reminders due now; how many people were reminded."""
    now = now or utcnow()
    horizon = now + REMINDERS[0][1]
    bookings = db.session.scalars(
        select(Booking).where(Booking.status == BookingStatus.CONFIRMED, Booking.starts_at > now,
                              Booking.starts_at <= horizon)
        .options(joinedload(Booking.learner), joinedload(Booking.mentor))).all()
    workshops = db.session.scalars(
        select(Workshop).where(Workshop.status == WorkshopStatus.SCHEDULED, Workshop.starts_at > now,
                               Workshop.starts_at <= horizon)
        .options(joinedload(Workshop.host),
                 selectinload(Workshop.registrations).joinedload(WorkshopRegistration.user))).all()
    people = {u.id for b in bookings for u in (b.learner, b.mentor)}
    people |= {r.user_id for w in workshops for r in w.registrations} | {w.host_id for w in workshops}
    preferences = {p.user_id: p for p in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id.in_(people)))} if people else {}
    sent = 0
    for booking in bookings:
        starts = as_utc(booking.starts_at)
        for person, other, since in ((booking.learner, booking.mentor, booking.created_at),
                                     (booking.mentor, booking.learner, booking.created_at)):
            name = _due(starts, since, now)
            if name is None:
                continue
            with speaking_to(person):
                sent += _remind(person, preferences.get(person.id), now=now, starts_at=starts,
                                title=_session_title(other.name, starts, now), url=booking_path(booking),
                                key=f"meeting-reminder:booking:{booking.id}:{starts.isoformat()}:{name}:{person.id}",
                                when_text=when(starts, person.timezone, other.name, other.timezone),
                                video_url=booking.video_url)
    for workshop in workshops:
        starts = as_utc(workshop.starts_at)
        places = [(r.user, r.created_at) for r in workshop.registrations if r.status == RegistrationStatus.REGISTERED]
        for person, since in [(workshop.host, workshop.created_at), *places]:
            name = _due(starts, since, now)
            if name is None:
                continue
            with speaking_to(person):
                sent += _remind(person, preferences.get(person.id), now=now, starts_at=starts,
                                title=_workshop_title(workshop.title, starts, now), url=workshop_path(workshop),
                                key=f"meeting-reminder:workshop:{workshop.id}:{starts.isoformat()}:{name}:{person.id}",
                                when_text=when(starts, person.timezone, workshop.host.name, workshop.timezone),
                                video_url=workshop.video_url)
    db.session.flush()
    return sent
