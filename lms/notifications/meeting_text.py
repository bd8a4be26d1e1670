"""How meeting times and pages are written to people (shared by the meeting notifications
and their reminders): each moment in the reader's zone, with the other person's beside."""
from __future__ import annotations

from datetime import datetime

from lms.timezones import zone_or_utc


def local(moment: datetime, tz: str | None) -> str:
    """``Tue 10 Mar 2026, 14:00 (Europe/Berlin)``."""
    here = moment.astimezone(zone_or_utc(tz))
    return f"{here:%a} {here.day} {here:%b %Y, %H:%M} ({tz or 'UTC'})"


def when(moment: datetime, reader_tz: str | None, other_name: str = "", other_tz: str | None = None) -> str:
    """The moment for the reader, and the other person's wall clock when their zone differs:
    ``Tue 10 Mar 2026, 14:00 (Europe/Berlin); 18:30 for Mia (Asia/Kolkata)``."""
    text = local(moment, reader_tz)
    if other_tz and (other_tz or "UTC") != (reader_tz or "UTC"):
        there = moment.astimezone(zone_or_utc(other_tz))
        same_day = there.date() == moment.astimezone(zone_or_utc(reader_tz)).date()
        stamp = f"{there:%H:%M}" if same_day else f"{there:%a} {there.day} {there:%b, %H:%M}"
        text += f"; {stamp} for {other_name or 'them'} ({other_tz})"
    return text
