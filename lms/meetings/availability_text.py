"""Availability as people type and read it: weekly ranges like ``09:00-12:00, 14:00-17:30``,
zones, and moments shown in the reader's zone with another zone beside. Pure functions of text,
zone names and moments (no database), so they are tested on their own."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates
from flask_babel import get_locale, gettext, ngettext

from lms.i18n.formatting import format_clock, format_day as format_date, format_moment
from lms.timezones import zone_or_utc

# The weekdays' keys (form fields, ``day`` arguments); people read ``day_name(day)``.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_RANGES_PER_DAY = 8

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class AvailabilityError(ValueError):
    """Input a mentor can correct; the message is safe to show. ``field``: the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _locale():
    return get_locale() or "en"


def day_name(day: str | int) -> str:
    """A weekday (``"Monday"`` or 0) in the reader's language, from the CLDR: ``lunes``, ``الاثنين``."""
    index = day if isinstance(day, int) else WEEKDAYS.index(day) if day in WEEKDAYS else None
    if index is None:
        return str(day)
    return dates.get_day_names("wide", locale=_locale())[index]


def parse_time(text: str, *, day: str, allow_midnight_end: bool = False) -> int:
    """``"09:30"`` -> 570. ``24:00`` only as an end. Refuses anything not on a 5-minute mark."""
    match = _TIME.match(text.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    total = hours * 60 + minutes
    if not match or minutes > 59 or not (0 <= total < 24 * 60 or (allow_midnight_end and total == 24 * 60)):
        raise AvailabilityError(gettext('%(day)s: "%(text)s" is not a time (use 24-hour HH:MM, e.g. 09:30).',
                                        day=day_name(day), text=text.strip()))
    if total % 5:
        raise AvailabilityError(gettext('%(day)s: "%(text)s" is not on a 5-minute mark (e.g. 09:05, 09:10).',
                                        day=day_name(day), text=text.strip()))
    return total


def parse_day(text: str, day: str) -> list[tuple[int, int]]:
    """``"09:00-12:00, 14:00-17:30"`` -> [(540, 720), (840, 1050)], or a clear ``AvailabilityError``."""
    ranges = []
    for part in (p.strip() for p in re.split(r"[,;]", text or "")):
        if not part:
            continue
        pieces = re.split(r"\s*(?:-|–|—|to)\s*", part)
        if len(pieces) != 2 or not all(pieces):
            raise AvailabilityError(gettext('%(day)s: "%(text)s" is not a range like 09:00-12:00.', day=day_name(day),
                                            text=part))
        start = parse_time(pieces[0], day=day)
        end = parse_time(pieces[1], day=day, allow_midnight_end=True)
        if start >= end:
            raise AvailabilityError(gettext("%(day)s: %(range)s ends before it starts (ranges stay within one day; "
                                            "use 00:00 on the next day to go on past midnight).",
                                            day=day_name(day), range=part))
        ranges.append((start, end))
    return check_day(ranges, day)


def check_day(ranges: list[tuple[int, int]], day: str) -> list[tuple[int, int]]:
    """The ranges of one weekday, sorted; refused when they overlap or are not well formed."""
    ranges = sorted(ranges)
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise AvailabilityError(ngettext("%(day)s: at most %(num)d range a day.",
                                         "%(day)s: at most %(num)d ranges a day.", MAX_RANGES_PER_DAY,
                                         day=day_name(day)))
    for start, end in ranges:
        if not (0 <= start < end <= 24 * 60) or start % 5 or end % 5:
            raise AvailabilityError(gettext("%(day)s: %(range)s is not a range within the day.", day=day_name(day),
                                            range=format_range(start, end)))
    for (a_start, a_end), (b_start, b_end) in zip(ranges, ranges[1:], strict=False):
        if b_start < a_end:
            raise AvailabilityError(gettext("%(day)s: %(first)s and %(second)s overlap; join them into one range or "
                                            "move one.", day=day_name(day), first=format_range(a_start, a_end),
                                            second=format_range(b_start, b_end)))
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
        raise AvailabilityError(gettext('"%(zone)s" is not a time zone we know (e.g. Europe/Berlin).', zone=name),
                                "timezone") from None
    return name


def check_room_url(url: str) -> str:
    url = (url or "").strip()
    if url and (not re.match(r"^https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", url) or len(url) > 500):
        raise AvailabilityError(gettext("Use an https:// link to your video room, or leave it empty for generated "
                                        "rooms."),
                                "room_url")
    return url


def zone_label(name: str) -> str:
    """``America/New_York`` -> ``New York`` (``Nueva York`` in Spanish: the CLDR's city); ``UTC`` stays."""
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    if "/" not in name:
        return city
    try:
        return dates.get_timezone_location(zone_or_utc(name), locale=_locale(), return_city=True) or city
    except (LookupError, ValueError, AttributeError):
        return city


def _short_day(moment: datetime, zone) -> str:
    """``Tue 5 Jan``: a weekday and date without the year (the reader's language)."""
    local = moment.astimezone(zone_or_utc(zone) if isinstance(zone, str) or zone is None else zone)
    if str(_locale()) == "en":
        return dates.format_date(local.date(), "EEE d MMM", locale="en")
    return dates.format_skeleton("MMMEd", local, locale=_locale())


def _short_weekday(moment: datetime, zone: str) -> str:
    return dates.format_date(moment.astimezone(zone_or_utc(zone)).date(), "EEE", locale=_locale())


def when_label(moment: datetime, viewer_zone: str, other_zone: str, *, with_day: bool = True) -> str:
    """``Tue 5 Jan, 14:00 (09:00 in New York)``: the viewer's wall clock, the other zone's beside
    (with its weekday when its date differs); no bracket when both zones are the same."""
    mine = moment.astimezone(zone_or_utc(viewer_zone))
    clock = format_clock(moment, viewer_zone)
    text = gettext("%(day)s, %(time)s", day=_short_day(moment, viewer_zone), time=clock) if with_day else clock
    if other_zone == viewer_zone:
        return text
    theirs = moment.astimezone(zone_or_utc(other_zone))
    if theirs.date() != mine.date():
        return gettext("%(when)s (%(weekday)s %(time)s in %(city)s)", when=text,
                       weekday=_short_weekday(moment, other_zone), time=format_clock(moment, other_zone),
                       city=zone_label(other_zone))
    return gettext("%(when)s (%(time)s in %(city)s)", when=text, time=format_clock(moment, other_zone),
                   city=zone_label(other_zone))


def day_label(moment: datetime, zone: str) -> str:
    return _short_day(moment, zone)


def exception_label(exception, zone: str) -> str:
    """An exception's range in ``zone``: ``Mon 1 Feb 2027 – Tue 2 Feb 2027, whole days``, or
    ``Sat 6 Feb 2027, 10:00–12:00``, or from one date and time to another."""
    start, end = (moment.astimezone(zone_or_utc(zone)) for moment in (exception.starts_at, exception.ends_at))
    if end.time() == start.time() == datetime.min.time():
        last = end.date() - timedelta(days=1)
        if last == start.date():
            return gettext("%(day)s, whole day", day=format_date(start.date(), weekday=True))
        return gettext("%(first)s – %(last)s, whole days", first=format_date(start.date(), weekday=True),
                       last=format_date(last, weekday=True))
    if start.date() == end.date():
        return gettext("%(day)s, %(start)s–%(end)s", day=format_date(start.date(), weekday=True),
                       start=format_clock(start, zone), end=format_clock(end, zone))
    return gettext("%(start)s – %(end)s", start=format_moment(start, zone, weekday=True),
                   end=format_moment(end, zone, weekday=True))
