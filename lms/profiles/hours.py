"""Working hours across time zones: everyone is taken to work 09:00–18:00 in their own zone.

Pure functions of zone names and a moment, so they are tested without a database.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from lms.i18n.formatting import format_clock
from lms.timezones import zone_or_utc

WORKDAY_START = time(9)
WORKDAY_END = time(18)




def workday(tz: str | None, day: date) -> tuple[datetime, datetime]:
    """The working hours of ``day`` in ``tz``, as aware UTC datetimes (DST included)."""
    here = zone_or_utc(tz)
    start = datetime.combine(day, WORKDAY_START, here).astimezone(timezone.utc)
    end = datetime.combine(day, WORKDAY_END, here).astimezone(timezone.utc)
    return start, end


def local_day(tz: str | None, now: datetime) -> date:
    return now.astimezone(zone_or_utc(tz)).date()


def overlap_hours(viewer_tz: str | None, other_tz: str | None, now: datetime) -> float:
    """Hours of the viewer's working day today that fall in the other person's working hours.

    "Today" is the viewer's local date. The other person's working days before, on and
    after that date are all considered, so Tokyo and Los Angeles (whose working days
    overlap across the date line) are compared correctly. Rounded to a quarter hour.
    """
    day = local_day(viewer_tz, now)
    start, end = workday(viewer_tz, day)
    seconds = 0.0
    for shift in (-1, 0, 1):
        other_start, other_end = workday(other_tz, day + timedelta(days=shift))
        seconds += max(0.0, (min(end, other_end) - max(start, other_start)).total_seconds())
    return round(seconds / 900) / 4


def local_time(tz: str | None, now: datetime) -> str:
    """The wall-clock time in ``tz`` at ``now``, e.g. "14:05" (in the reader's digits)."""
    return format_clock(now, zone_or_utc(tz))
