"""iCalendar invitations (RFC 5545/5546) of sessions and workshops, built with ``icalendar``.

One ``UID`` for the life of a booking or workshop (``booking.uid``, ``workshop.uid``), so
a calendar program updates the event it already has instead of adding a second one.
``SEQUENCE`` is the row's ``sequence``: the meetings services increment it on every change
of time or status (booked 0, confirmed/declined/rescheduled/cancelled +1), and a program
applies an update only when its SEQUENCE is at least the one it holds (with equal
sequences, the later ``DTSTAMP`` wins: that is how a seat given back and taken again
updates a workshop whose own sequence did not move).

``METHOD:REQUEST`` adds or updates the event, ``METHOD:CANCEL`` removes it (a cancelled or
declined session, a cancelled workshop, or one person's cancelled seat). Times carry the
organiser's zone (``TZID`` with its ``VTIMEZONE``); the video link is ``LOCATION`` and ``URL``.

The summary and description are words for people: they are written in the reader's language,
with the time in the reader's zone (zone named) at the top of the description. Build an
invitation for someone else inside ``speaking_to(recipient)`` (``lms.i18n.recipients``).
"""
from __future__ import annotations

from datetime import datetime

import icalendar
from flask import current_app
from flask_babel import gettext, ngettext

from lms.cohorts.ics import CalendarEvent
from lms.database import utcnow
from lms.i18n.formatting import format_moment
from lms.mail import absolute_url
from lms.meetings.models import Booking, BookingStatus, RegistrationStatus, Workshop, WorkshopStatus
from lms.timezones import zone_or_utc

REQUEST, CANCEL = "REQUEST", "CANCEL"
_ENDED = (BookingStatus.DECLINED, BookingStatus.CANCELLED)
_STATUS = {BookingStatus.REQUESTED: "TENTATIVE", BookingStatus.DECLINED: "CANCELLED",
           BookingStatus.CANCELLED: "CANCELLED"}




def booking_page(booking: Booking) -> str:
    return absolute_url("meetings.session", booking_id=booking.id)


def workshop_page(workshop: Workshop) -> str:
    return absolute_url("meetings.workshop_detail", workshop_id=workshop.id)


def _person(user, *, role: str | None = None, partstat: str | None = None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = user.name
    if role:
        address.params["ROLE"] = role
    if partstat:
        address.params["PARTSTAT"] = partstat
    return address


def _calendar(method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{current_app.config.get('ORGANISATION_NAME', 'LMS')}//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _event(*, uid: str, sequence: int, starts_at: datetime, ends_at: datetime, zone: str, summary: str,
           description: str, video_url: str, status: str, organiser, now: datetime | None) -> icalendar.Event:
    here = zone_or_utc(zone)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now or utcnow())
    event.add("dtstart", starts_at.astimezone(here))
    event.add("dtend", ends_at.astimezone(here))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", video_url)
    event.add("url", video_url)
    event.add("status", status)
    event.add("transp", "OPAQUE")
    event.add("organizer", _person(organiser))
    return event


def _to_text(calendar: icalendar.Calendar) -> str:
    calendar.add_missing_timezones()  # one VTIMEZONE per TZID used
    return calendar.to_ical().decode("utf-8")


# --- Sessions ------------------------------------------------------------------------------

def booking_method(booking: Booking) -> str:
    """CANCEL for a declined or cancelled session, REQUEST otherwise."""
    return CANCEL if booking.status in _ENDED else REQUEST


def booking_summary(booking: Booking) -> str:
    return gettext("Mentoring session: %(learner)s with %(mentor)s", learner=booking.learner.name,
                   mentor=booking.mentor.name)


def _when(starts_at: datetime) -> str:
    """The start in the reader's zone, the zone named (a calendar shows its own zone; an email
    client showing the description does not)."""
    return gettext("When: %(when)s", when=format_moment(starts_at, weekday=True, show_zone=True))


def _booking_description(booking: Booking, page: str) -> str:
    parts = [ngettext("%(num)d-minute session in %(cohort)s.", "%(num)d-minute session in %(cohort)s.",
                      booking.minutes, cohort=booking.cohort.name), _when(booking.starts_at)]
    if booking.agenda.strip():
        parts.append(gettext("Agenda:\n%(agenda)s", agenda=booking.agenda.strip()))
    if booking.status in _ENDED and booking.cancel_reason.strip():
        parts.append(gettext("Reason: %(reason)s", reason=booking.cancel_reason.strip()))
    parts += [gettext("Video call: %(url)s", url=booking.video_url), gettext("Session page: %(url)s", url=page)]
    return "\n\n".join(parts)


def booking_invite(booking: Booking, method: str | None = None, *, now: datetime | None = None) -> str:
    """The invitation of ``booking`` (REQUEST while it holds time, CANCEL once it ended) as ICS text.

    The mentor organises (times in their zone); both people are attendees: the learner
    accepted by booking, the mentor accepted once confirmed (needs-action while requested).
    """
    method = method or booking_method(booking)
    cancelled = method == CANCEL
    status = "CANCELLED" if cancelled else _STATUS.get(booking.status, "CONFIRMED")
    event = _event(uid=booking.uid, sequence=booking.sequence, starts_at=booking.starts_at, ends_at=booking.ends_at,
                   zone=booking.mentor.timezone, summary=booking_summary(booking),
                   description=_booking_description(booking, booking_page(booking)), video_url=booking.video_url,
                   status=status, organiser=booking.mentor, now=now)
    requested = booking.status == BookingStatus.REQUESTED
    event.add("attendee", _person(booking.mentor, role="CHAIR",
                                  partstat="DECLINED" if booking.status == BookingStatus.DECLINED
                                  else "NEEDS-ACTION" if requested else "ACCEPTED"))
    event.add("attendee", _person(booking.learner, role="REQ-PARTICIPANT",
                                  partstat="DECLINED" if booking.status == BookingStatus.CANCELLED
                                  and booking.cancelled_by_id == booking.learner_id else "ACCEPTED"))
    calendar = _calendar(method)
    calendar.add_component(event)
    return _to_text(calendar)


# --- Workshops -----------------------------------------------------------------------------

def workshop_method(workshop: Workshop, registration=None) -> str:
    """CANCEL for a cancelled workshop or a cancelled seat, REQUEST otherwise."""
    if workshop.status == WorkshopStatus.CANCELLED:
        return CANCEL
    if registration is not None and registration.status == RegistrationStatus.CANCELLED:
        return CANCEL
    return REQUEST


def _workshop_description(workshop: Workshop, page: str) -> str:
    parts = [_when(workshop.starts_at)]
    if workshop.description.strip():
        parts.append(workshop.description.strip())
    if workshop.status == WorkshopStatus.CANCELLED and workshop.cancel_reason.strip():
        parts.append(gettext("Cancelled: %(reason)s", reason=workshop.cancel_reason.strip()))
    if workshop.recording_url:
        parts.append(gettext("Recording: %(url)s", url=workshop.recording_url))
    parts += [gettext("Video call: %(url)s", url=workshop.video_url), gettext("Workshop page: %(url)s", url=page)]
    return "\n\n".join(parts)


def workshop_invite(workshop: Workshop, method: str | None = None, attendee=None, *,
                    now: datetime | None = None) -> str:
    """The invitation of ``workshop`` for one ``attendee`` (a ``User``; None: the host's own copy).

    Each person's copy names only the host and them (registrants never see each other's addresses).
    """
    method = method or workshop_method(workshop)
    cancelled = method == CANCEL
    event = _event(uid=workshop.uid, sequence=workshop.sequence, starts_at=workshop.starts_at,
                   ends_at=workshop.ends_at, zone=workshop.timezone, summary=workshop.title,
                   description=_workshop_description(workshop, workshop_page(workshop)),
                   video_url=workshop.video_url, status="CANCELLED" if cancelled else "CONFIRMED",
                   organiser=workshop.host, now=now)
    # RFC 5546 wants at least one attendee in a REQUEST: the host always, then the reader.
    event.add("attendee", _person(workshop.host, role="CHAIR", partstat="ACCEPTED"))
    if attendee is not None and attendee.id != workshop.host_id:
        event.add("attendee", _person(attendee, role="REQ-PARTICIPANT",
                                      partstat="DECLINED" if cancelled else "ACCEPTED"))
    calendar = _calendar(method)
    calendar.add_component(event)
    return _to_text(calendar)


# --- The personal calendar feed (``lms.cohorts.calendar``) -------------------------------

def booking_feed_event(booking: Booking) -> CalendarEvent:
    return CalendarEvent(uid=booking.uid, start=booking.starts_at, end=booking.ends_at,
                         summary=booking_summary(booking), url=booking_page(booking),
                         description=_booking_description(booking, booking_page(booking)),
                         location=booking.video_url, status=_STATUS.get(booking.status, "CONFIRMED"),
                         sequence=booking.sequence)


def workshop_feed_event(workshop: Workshop) -> CalendarEvent:
    return CalendarEvent(uid=workshop.uid, start=workshop.starts_at, end=workshop.ends_at, summary=workshop.title,
                         url=workshop_page(workshop), description=_workshop_description(workshop,
                                                                                        workshop_page(workshop)),
                         location=workshop.video_url, status="CONFIRMED", sequence=workshop.sequence)
