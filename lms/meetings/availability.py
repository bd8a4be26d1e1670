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

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lms.database import utcnow
from lms.extensions import db
from lms.meetings.availability_text import WEEKDAYS, AvailabilityError, check_day, check_room_url, check_zone
from lms.meetings.models import AvailabilityException, AvailabilityRule, ExceptionKind, MentorSchedule
from lms.meetings.slots import local_moment

LENGTH_CHOICES = (15, 30, 45, 60, 90)
MAX_EXCEPTION_DAYS = 366
MAX_YEARS_AHEAD = 2

STALE_MESSAGE = lazy_gettext("Your availability was changed in another window after you opened this page. "
                             "Nothing was saved: what you typed is kept below and the saved hours are shown beside "
                             "it; save again to replace them.")


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
            raise AvailabilityError(gettext("Unknown weekday."))
        check_day(ranges, WEEKDAYS[day])
    if not data.lengths or any(length not in LENGTH_CHOICES for length in data.lengths):
        raise AvailabilityError(gettext("Offer at least one session length: 15, 30, 45, 60 or 90 minutes."), "lengths")
    bounds = {"buffer_minutes": (0, 120), "notice_hours": (0, 720), "horizon_days": (1, 365),
              "cancel_hours": (0, 336), "max_reschedules": (0, 10)}
    for name, (low, high) in bounds.items():
        if not low <= getattr(data, name) <= high:
            raise AvailabilityError(gettext("Choose between %(low)s and %(high)s.", low=low, high=high), name)
    for name in ("max_per_day", "max_per_week"):
        if getattr(data, name) is not None and getattr(data, name) < 1:
            raise AvailabilityError(gettext("Leave it empty for no limit, or choose at least 1."), name)
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
        raise AvailabilityError(gettext("The last day comes before the first."), "ends_on")
    if (last - first).days >= MAX_EXCEPTION_DAYS:
        raise AvailabilityError(gettext("Add at most %(num)d days at once.", num=MAX_EXCEPTION_DAYS), "ends_on")
    zone = ZoneInfo(exception_zone(mentor))
    return _add(mentor, ExceptionKind.AWAY, local_moment(first, 0, zone), local_moment(last, 24 * 60, zone),
                note, now)


def add_away_range(mentor, first: date, start_minute: int, last: date, end_minute: int, *, note: str = "",
                   now: datetime) -> AvailabilityException:
    """Away from a local date and time to another (e.g. Friday 14:00 to Monday 10:00)."""
    _check_dates(first, last, now)
    if (last - first).days >= MAX_EXCEPTION_DAYS:
        raise AvailabilityError(gettext("Add at most %(num)d days at once.", num=MAX_EXCEPTION_DAYS), "ends_on")
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
        raise AvailabilityError(gettext("That time is already past."), "starts_on")
    if max(first, last) > today + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise AvailabilityError(gettext("Add exceptions at most %(num)d years ahead.", num=MAX_YEARS_AHEAD),
                                "ends_on" if last > first else "starts_on")


def _add(mentor, kind: ExceptionKind, starts_at: datetime, ends_at: datetime, note: str,
         now: datetime) -> AvailabilityException:
    if ends_at <= starts_at:
        raise AvailabilityError(gettext("That range ends before it starts (or falls in an hour the clocks skip)."),
                                "to_time")
    if ends_at <= now:
        raise AvailabilityError(gettext("That time is already past."), "starts_on")
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
