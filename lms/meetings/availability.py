"""A mentor's published availability: weekly hours in their zone, booking rules, dated exceptions.

Services flush, never commit (the views commit). Which times are free is decided in one place,
``lms.meetings.slots``; this module only saves what the mentor says, checked:

- weekly ranges are minutes after midnight in the schedule's zone (an IANA name checked with
  zoneinfo), on 5-minute marks, start before end, ranges of one weekday never overlapping;
- a save names the version of the schedule it was based on; an older version is refused
  (``StaleSchedule``), and ``MentorSchedule.version`` (SQLAlchemy ``version_id_col``) refuses a
  save that raced past that check, so two tabs never silently overwrite each other;
- exceptions are typed in the mentor's zone and stored in UTC (``slots.local_moment``, so a
  day off across a daylight-saving change is that whole local day, 23 or 25 hours long).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lms.database import utcnow
from lms.extensions import db
from lms.meetings.models import AvailabilityException, AvailabilityRule, ExceptionKind, MentorSchedule
from lms.meetings.slots import local_moment

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LENGTH_CHOICES = (15, 30, 45, 60, 90)
MAX_RANGES_PER_DAY = 8
MAX_EXCEPTION_DAYS = 366
MAX_YEARS_AHEAD = 2

STALE_MESSAGE = ("Your availability was changed in another window after you opened this page. "
                 "Nothing was saved: what you typed is kept below and the saved hours are shown beside it; "
                 "save again to replace them.")

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class AvailabilityError(ValueError):
    """Input a mentor can correct; the message is safe to show. ``field``: the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleSchedule(AvailabilityError):
    """The schedule changed (another tab, another device) since the form was filled."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, "version")


@dataclass
class ScheduleData:
    timezone: str
    weekly: dict[int, list[tuple[int, int]]]          # weekday (0 Monday) -> [(start minute, end minute)]
    lengths: list[int]
    buffer_minutes: int = 10
    notice_hours: int = 12
    horizon_days: int = 28
    max_per_day: int | None = None
    max_per_week: int | None = None
    requires_confirmation: bool = False
    room_url: str = ""
    cancel_hours: int = 12
    max_reschedules: int = 2


# --- Pure parsing and formatting ------------------------------------------------------------

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


def zone_or_utc(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


# --- The schedule -----------------------------------------------------------------------------

def schedule_of(mentor_id: int) -> MentorSchedule | None:
    return db.session.get(MentorSchedule, mentor_id)


def blank_schedule(mentor) -> MentorSchedule:
    """What the form starts from before the first save (not stored): the mentor's own zone."""
    return MentorSchedule(user_id=mentor.id, timezone=_known_zone(mentor.timezone), lengths=[30], buffer_minutes=10,
                          notice_hours=12, horizon_days=28, requires_confirmation=False, room_url="",
                          cancel_hours=12, max_reschedules=2, version=0, rules=[])


def _known_zone(name: str | None) -> str:
    try:
        return check_zone(name or "UTC")
    except AvailabilityError:
        return "UTC"


def weekly_of(schedule: MentorSchedule) -> dict[int, list[tuple[int, int]]]:
    weekly: dict[int, list[tuple[int, int]]] = {day: [] for day in range(7)}
    for rule in schedule.rules:
        weekly[rule.weekday].append((rule.start_minute, rule.end_minute))
    return weekly


def _check(data: ScheduleData) -> None:
    check_zone(data.timezone)
    for day, ranges in data.weekly.items():
        if day not in range(7):
            raise AvailabilityError("Unknown weekday.")
        check_day(ranges, WEEKDAYS[day])
    if not data.lengths or any(length not in LENGTH_CHOICES for length in data.lengths):
        raise AvailabilityError("Offer at least one session length: 15, 30, 45, 60 or 90 minutes.", "lengths")
    bounds = {"buffer_minutes": (0, 120), "notice_hours": (0, 720), "horizon_days": (1, 365),
              "cancel_hours": (0, 336), "max_reschedules": (0, 10)}
    for name, (low, high) in bounds.items():
        if not low <= getattr(data, name) <= high:
            raise AvailabilityError(f"Choose between {low} and {high}.", name)
    for name in ("max_per_day", "max_per_week"):
        if getattr(data, name) is not None and getattr(data, name) < 1:
            raise AvailabilityError("Leave it empty for no limit, or choose at least 1.", name)
    check_room_url(data.room_url)


def save_schedule(mentor, data: ScheduleData, *, based_on: int) -> MentorSchedule:
    """Save the mentor's zone, weekly hours and rules. ``based_on``: the version the form showed
    (0 before the first save); anything else than the current version raises ``StaleSchedule``."""
    _check(data)
    schedule = schedule_of(mentor.id)
    if based_on != (schedule.version if schedule is not None else 0):
        raise StaleSchedule()
    try:
        if schedule is None:
            schedule = MentorSchedule(user_id=mentor.id)
            db.session.add(schedule)
        for name in ("timezone", "buffer_minutes", "notice_hours", "horizon_days", "max_per_day", "max_per_week",
                     "requires_confirmation", "cancel_hours", "max_reschedules"):
            setattr(schedule, name, getattr(data, name))
        schedule.lengths = sorted(set(data.lengths))
        schedule.room_url = check_room_url(data.room_url)
        schedule.updated_at = utcnow()  # always an UPDATE, so the version is checked and moves on
        schedule.rules = []
        db.session.flush()  # old rules go before new ones take their (weekday, start) keys
        schedule.rules = [AvailabilityRule(weekday=day, start_minute=start, end_minute=end)
                          for day, ranges in sorted(data.weekly.items()) for start, end in check_day(ranges, "")]
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Another save of the same schedule won the race (an UPDATE of an older version, or a
        # second first-save of the same mentor).
        raise StaleSchedule() from None
    return schedule


# --- Exceptions -------------------------------------------------------------------------------

def exception_zone(mentor) -> str:
    """Exceptions are typed in the schedule's zone (the mentor's own zone before the first save)."""
    schedule = schedule_of(mentor.id)
    return schedule.timezone if schedule is not None else _known_zone(mentor.timezone)


def add_away_days(mentor, first: date, last: date, *, note: str = "", now: datetime) -> AvailabilityException:
    """Away for whole local days ``first`` to ``last`` (both included)."""
    _check_dates(first, last, now)
    if last < first:
        raise AvailabilityError("The last day comes before the first.", "ends_on")
    if (last - first).days >= MAX_EXCEPTION_DAYS:
        raise AvailabilityError(f"Add at most {MAX_EXCEPTION_DAYS} days at once.", "ends_on")
    zone = ZoneInfo(exception_zone(mentor))
    return _add(mentor, ExceptionKind.AWAY, local_moment(first, 0, zone), local_moment(last, 24 * 60, zone),
                note, now)


def add_away_range(mentor, first: date, start_minute: int, last: date, end_minute: int, *, note: str = "",
                   now: datetime) -> AvailabilityException:
    """Away from a local date and time to another (e.g. Friday 14:00 to Monday 10:00)."""
    _check_dates(first, last, now)
    if (last - first).days >= MAX_EXCEPTION_DAYS:
        raise AvailabilityError(f"Add at most {MAX_EXCEPTION_DAYS} days at once.", "ends_on")
    zone = ZoneInfo(exception_zone(mentor))
    return _add(mentor, ExceptionKind.AWAY, local_moment(first, start_minute, zone),
                local_moment(last, end_minute, zone), note, now)


def add_extra_hours(mentor, day: date, start_minute: int, end_minute: int, *, note: str = "",
                    now: datetime) -> AvailabilityException:
    """Open hours on one local date besides the weekly ones."""
    _check_dates(day, day, now)
    zone = ZoneInfo(exception_zone(mentor))
    return _add(mentor, ExceptionKind.EXTRA, local_moment(day, start_minute, zone), local_moment(day, end_minute, zone),
                note, now)


def _check_dates(first: date, last: date, now: datetime) -> None:
    today = now.date()
    if first < today - timedelta(days=1):
        raise AvailabilityError("That time is already past.", "starts_on")
    if max(first, last) > today + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise AvailabilityError(f"Add exceptions at most {MAX_YEARS_AHEAD} years ahead.",
                                "ends_on" if last > first else "starts_on")


def _add(mentor, kind: ExceptionKind, starts_at: datetime, ends_at: datetime, note: str,
         now: datetime) -> AvailabilityException:
    if ends_at <= starts_at:
        raise AvailabilityError("That range ends before it starts (or falls in an hour the clocks skip).", "to_time")
    if ends_at <= now:
        raise AvailabilityError("That time is already past.", "starts_on")
    exception = AvailabilityException(mentor_id=mentor.id, kind=kind, starts_at=starts_at, ends_at=ends_at,
                                      note=(note or "").strip()[:200])
    db.session.add(exception)
    db.session.flush()
    return exception


def delete_exception(exception: AvailabilityException) -> None:
    db.session.delete(exception)
    db.session.flush()


def upcoming_exceptions(mentor_id: int, now: datetime, *, limit: int = 50) -> list[AvailabilityException]:
    """The mentor's exceptions not yet over, soonest first."""
    return list(db.session.scalars(
        select(AvailabilityException).where(AvailabilityException.mentor_id == mentor_id,
                                            AvailabilityException.ends_at > now)
        .order_by(AvailabilityException.starts_at, AvailabilityException.id).limit(limit)))


def exception_label(exception: AvailabilityException, zone: str) -> str:
    """``Away: Mon 5 Apr 00:00 – Tue 6 Apr 24:00`` style, in ``zone``."""
    start, end = (moment.astimezone(zone_or_utc(zone)) for moment in (exception.starts_at, exception.ends_at))
    if end.time() == start.time() == datetime.min.time():
        last = end.date() - timedelta(days=1)
        days = f"{start:%a} {start.day} {start:%b %Y}" + (
            f" – {last:%a} {last.day} {last:%b %Y}" if last != start.date() else "")
        return f"{days}, whole {'day' if last == start.date() else 'days'}"
    if start.date() == end.date():
        return f"{start:%a} {start.day} {start:%b %Y}, {start:%H:%M}–{end:%H:%M}"
    return f"{start:%a} {start.day} {start:%b %Y} {start:%H:%M} – {end:%a} {end.day} {end:%b %Y} {end:%H:%M}"
