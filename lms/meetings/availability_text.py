"""Availability as people type and read it: weekly ranges like ``09:00-12:00, 14:00-17:30``,
zones, and moments shown in the reader's zone with another zone beside. Pure functions of text,
zone names and moments (no database), so they are tested on their own."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lms.timezones import zone_or_utc

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_RANGES_PER_DAY = 8

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class AvailabilityError(ValueError):
    """Input a mentor can correct; the message is safe to show. ``field``: the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def parse_time(text: str, *, day: str, allow_midnight_end: bool = False) -> int:
    """``"09:30"`` -> 570. ``24:00`` only as an end. Refuses anything not on a 5-minute mark."""
    match = _TIME.match(text.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    total = hours * 60 + minutes
    if not match or minutes > 59 or not (0 <= total < 24 * 60 or (allow_midnight_end and total == 24 * 60)):
        raise AvailabilityError(f'{day}: "{text.strip()}" is not a time (use 24-hour HH:MM, e.g. 09:30).')
    if total % 5:
        raise AvailabilityError(f'{day}: "{text.strip()}" is not on a 5-minute mark (e.g. 09:05, 09:10).')
    return total


def parse_day(text: str, day: str) -> list[tuple[int, int]]:
    """``"09:00-12:00, 14:00-17:30"`` -> [(540, 720), (840, 1050)], or a clear ``AvailabilityError``."""
    ranges = []
    for part in (p.strip() for p in re.split(r"[,;]", text or "")):
        if not part:
            continue
        pieces = re.split(r"\s*(?:-|–|—|to)\s*", part)
        if len(pieces) != 2 or not all(pieces):
            raise AvailabilityError(f'{day}: "{part}" is not a range like 09:00-12:00.')
        start = parse_time(pieces[0], day=day)
        end = parse_time(pieces[1], day=day, allow_midnight_end=True)
        if start >= end:
            raise AvailabilityError(f"{day}: {part} ends before it starts (ranges stay within one day; "
                                    "use 00:00 on the next day to go on past midnight).")
        ranges.append((start, end))
    return check_day(ranges, day)


def check_day(ranges: list[tuple[int, int]], day: str) -> list[tuple[int, int]]:
    """The ranges of one weekday, sorted; refused when they overlap or are not well formed."""
    ranges = sorted(ranges)
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise AvailabilityError(f"{day}: at most {MAX_RANGES_PER_DAY} ranges a day.")
    for start, end in ranges:
        if not (0 <= start < end <= 24 * 60) or start % 5 or end % 5:
            raise AvailabilityError(f"{day}: {format_range(start, end)} is not a range within the day.")
    for (a_start, a_end), (b_start, b_end) in zip(ranges, ranges[1:], strict=False):
        if b_start < a_end:
            raise AvailabilityError(f"{day}: {format_range(a_start, a_end)} and {format_range(b_start, b_end)} "
                                    "overlap; join them into one range or move one.")
    return ranges


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def format_range(start: int, end: int) -> str:
    return f"{format_minute(start)}-{format_minute(end)}"


def format_day(ranges) -> str:
    return ", ".join(format_range(start, end) for start, end in ranges)


def check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise AvailabilityError(f'"{name}" is not a time zone we know (e.g. Europe/Berlin).', "timezone") from None
    return name


def check_room_url(url: str) -> str:
    url = (url or "").strip()
    if url and (not re.match(r"^https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", url) or len(url) > 500):
        raise AvailabilityError("Use an https:// link to your video room, or leave it empty for generated rooms.",
                                "room_url")
    return url


def zone_label(name: str) -> str:
    """``America/New_York`` -> ``New York``; ``UTC`` stays."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def when_label(moment: datetime, viewer_zone: str, other_zone: str, *, with_day: bool = True) -> str:
    """``Tue 5 Jan, 14:00 (09:00 in New York)``: the viewer's wall clock, the other zone's beside
    (with its weekday when its date differs); no bracket when both zones are the same."""
    mine = moment.astimezone(zone_or_utc(viewer_zone))
    text = f"{mine:%a} {mine.day} {mine:%b}, {mine:%H:%M}" if with_day else f"{mine:%H:%M}"
    if other_zone == viewer_zone:
        return text
    theirs = moment.astimezone(zone_or_utc(other_zone))
    day = f"{theirs:%a} " if theirs.date() != mine.date() else ""
    return f"{text} ({day}{theirs:%H:%M} in {zone_label(other_zone)})"


def day_label(moment: datetime, zone: str) -> str:
    local = moment.astimezone(zone_or_utc(zone))
    return f"{local:%a} {local.day} {local:%b}"





def exception_label(exception, zone: str) -> str:
    """An exception's range in ``zone``: ``Mon 1 Feb 2027 – Tue 2 Feb 2027, whole days``, or
    ``Sat 6 Feb 2027, 10:00–12:00``, or from one date and time to another."""
    start, end = (moment.astimezone(zone_or_utc(zone)) for moment in (exception.starts_at, exception.ends_at))
    if end.time() == start.time() == datetime.min.time():
        last = end.date() - timedelta(days=1)
        days = f"{start:%a} {start.day} {start:%b %Y}" + (
            f" – {last:%a} {last.day} {last:%b %Y}" if last != start.date() else "")
        return f"{days}, whole {'day' if last == start.date() else 'days'}"
    if start.date() == end.date():
        return f"{start:%a} {start.day} {start:%b %Y}, {start:%H:%M}–{end:%H:%M}"
    return f"{start:%a} {start.day} {start:%b %Y} {start:%H:%M} – {end:%a} {end.day} {end:%b %Y} {end:%H:%M}"
