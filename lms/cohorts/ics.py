"""iCalendar (RFC 5545) feeds: deadlines and, through ``calendar_feed_sources``, sessions.

Pure: events in, text out, built with the ``icalendar`` package (the product's one ICS
library: it escapes text, folds lines at 75 octets and ends them in CRLF). A deadline is
an instant (DTSTART = DTEND); a session or workshop has an end, a location and a status.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

import icalendar
from icalendar.parser import Contentline


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime          # aware; written in UTC
    summary: str
    url: str = ""
    description: str = ""
    end: datetime | None = None   # None: an instant (a deadline)
    location: str = ""
    status: str = ""              # e.g. "CONFIRMED", "TENTATIVE"; empty: not written
    sequence: int | None = None


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, line breaks)."""
    return icalendar.vText(value).to_ical().decode("utf-8")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets joined by CRLF + space."""
    return Contentline(line).to_ical().decode("utf-8")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _vevent(event: CalendarEvent, now: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(now))
    vevent.add("dtstart", _utc(event.start))
    vevent.add("dtend", _utc(event.end or event.start))
    vevent.add("summary", event.summary)
    if event.sequence is not None:
        vevent.add("sequence", event.sequence)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.status:
        vevent.add("status", event.status)
    if event.url:
        vevent.add("url", event.url)
    return vevent


def render_calendar(events: Iterable[CalendarEvent], *, name: str, product: str, now: datetime) -> str:
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{product}//Calendar//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, now))
    return calendar.to_ical().decode("utf-8")
