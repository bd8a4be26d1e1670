"""When a person may be emailed: their digest day and quiet hours, in their own time zone.

Pure functions of a preference, a time zone name and a UTC moment (tested without a database).

- The **digest day** (the "digest period") runs from the local ``digest_hour`` to the next
  one; it is named by the local date on which it began. Thread emails are capped at one per
  thread per digest day, and the daily digest is sent once per digest day, at its start.
- **Quiet hours** ``quiet_from``-``quiet_until`` (minutes after local midnight; from may be
  later than until: 22:00-07:00 spans midnight). An email due inside them waits until they end.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from lms.timezones import zone_or_utc


def _local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(zone_or_utc(tz))


def _at(day: date, minutes: int, tz: str) -> datetime:
    """The UTC moment of a local wall-clock time (a time skipped by DST counts as just after the gap)."""
    # fold=0 (PEP 495): a skipped time maps with the offset before the gap, i.e. to just
    # after it (02:30 on a spring-forward night is 03:30); a repeated time to its first pass.
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone_or_utc(tz))
    return local.astimezone(timezone.utc)


def digest_day(digest_hour: int, tz: str, now: datetime) -> date:
    """The local date on which the digest period containing ``now`` began."""
    local = _local(now, tz)
    return local.date() if local.hour >= digest_hour else local.date() - timedelta(days=1)


def digest_day_start(digest_hour: int, tz: str, now: datetime) -> datetime:
    """The UTC moment the current digest period began."""
    return _at(digest_day(digest_hour, tz, now), digest_hour * 60, tz)


def quiet_until(quiet_from: int | None, quiet_to: int | None, tz: str, now: datetime) -> datetime | None:
    """When the quiet hours around ``now`` end (UTC), or None when ``now`` is not inside them."""
    if quiet_from is None or quiet_to is None or quiet_from == quiet_to:
        return None
    local = _local(now, tz)
    minute = local.hour * 60 + local.minute
    if quiet_from < quiet_to:
        inside, ends_on = quiet_from <= minute < quiet_to, local.date()
    else:  # across midnight
        inside = minute >= quiet_from or minute < quiet_to
        ends_on = local.date() + timedelta(days=1) if minute >= quiet_from else local.date()
    return _at(ends_on, quiet_to, tz) if inside else None


def parse_hhmm(text: str) -> int | None:
    """"22:30" as minutes after midnight; None when it is not a time of day (HH:MM, 24 hours)."""
    text = (text or "").strip()
    hours, sep, minutes = text.partition(":")
    if not sep or not (hours.isdigit() and minutes.isdigit()) or len(minutes) != 2 or len(hours) not in (1, 2):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return int(hours) * 60 + int(minutes)


def format_hhmm(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"
