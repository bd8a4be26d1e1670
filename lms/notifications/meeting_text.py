"""How meeting times and pages are written to people (shared by the meeting notifications
and their reminders): each moment in the reader's zone, with the other person's beside.

Built on ``lms.i18n.formatting``: call inside ``speaking_to(reader)`` so the words and the
date patterns are the reader's language."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext

from lms.i18n.formatting import format_clock, format_moment, zone_name
from lms.timezones import zone_or_utc


def local(moment: datetime, tz: str | None) -> str:
    """``Tue 10 Mar 2026, 14:00 (Europe/Berlin)``."""
    return format_moment(moment, tz or "UTC", weekday=True, show_zone=True)


def when(moment: datetime, reader_tz: str | None, other_name: str = "", other_tz: str | None = None) -> str:
    """The moment for the reader, and the other person's wall clock when their zone differs:
    ``Tue 10 Mar 2026, 14:00 (Europe/Berlin); 18:30 for Mia (Asia/Kolkata)``."""
    text = local(moment, reader_tz)
    if not other_tz or (other_tz or "UTC") == (reader_tz or "UTC"):
        return text
    there = moment.astimezone(zone_or_utc(other_tz))
    same_day = there.date() == moment.astimezone(zone_or_utc(reader_tz)).date()
    stamp = format_clock(moment, other_tz) if same_day else format_moment(moment, other_tz, weekday=True)
    if other_name:
        return gettext("%(when)s; %(their_time)s for %(name)s (%(zone)s)", when=text, their_time=stamp,
                       name=other_name, zone=zone_name(other_tz))
    return gettext("%(when)s; %(their_time)s for them (%(zone)s)", when=text, their_time=stamp,
                   zone=zone_name(other_tz))
