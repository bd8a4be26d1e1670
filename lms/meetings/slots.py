"""Free slots: a mentor's weekly rules expanded in their zone, minus what is already taken.

The one place that decides which times a learner may book (pages list them, the booking
service checks a chosen time with ``check_slot``). For each mentor:

1. Open hours: every weekly rule (weekday, minutes after midnight in the mentor's zone) is
   expanded on each local date, so a 09:00 rule is 09:00 local before and after a
   daylight-saving change. A local time that does not exist (skipped by a spring-forward
   change) falls where the zone's rules put it, so that day's range is shorter; an
   ambiguous one (autumn) is its first occurrence. Extra-hours exceptions are added, away
   exceptions and the profile's "away until" days removed.
2. Candidates: each session length the mentor offers, starting at the beginning of each
   open range and then every ``step`` minutes (the length, at most 30), as long as the
   whole session fits inside the range, and from the notice on to the end of the mentor's
   local day ``horizon_days`` after today.
3. Taken: a candidate is refused when it (with the mentor's buffer after it) overlaps a
   requested or confirmed booking's ``[starts_at, busy_until)`` in any cohort, or a
   workshop the mentor hosts (with the buffer); when it starts sooner than the notice or
   later than the horizon; or when the mentor's day (their zone) or week (Monday to Sunday)
   already holds their maximum number of sessions.

Queries do not grow with the number of mentors: one each for schedules, rules, exceptions,
profiles, bookings and workshops (``free_slots`` takes many mentors at once).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.meetings.models import (
    HOLDING_STATUSES,
    AvailabilityException,
    Booking,
    ExceptionKind,
    MentorSchedule,
)
from lms.meetings.workshops import hosted_busy_ranges
from lms.profiles.models import Profile

MAX_STEP = 30  # minutes between candidate starts, at most

Range = tuple[datetime, datetime]


@dataclass(frozen=True)
class Slot:
    mentor_id: int
    starts_at: datetime  # UTC
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Taken:
    """What already holds a mentor's time between two moments (read once for many mentors)."""

    busy: dict[int, list[Range]]                # bookings (with their buffer) and hosted workshops
    booked_starts: dict[int, list[datetime]]    # starts of holding bookings, for the daily and weekly caps


def local_moment(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """``minute`` minutes after midnight of ``day`` in ``zone`` (1440: the next midnight), in UTC."""
    moment = datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minute)
    # Adding a timedelta to an aware datetime keeps the wall clock: re-attach the zone so the
    # offset of the resulting wall time is used.
    return moment.replace(tzinfo=zone).astimezone(timezone.utc)


def open_ranges(schedule: MentorSchedule, exceptions: list[AvailabilityException], *, start: datetime,
                end: datetime, away_until: date | None = None) -> list[Range]:
    """The mentor's open hours between ``start`` and ``end`` (UTC), sorted and merged."""
    zone = ZoneInfo(schedule.timezone)
    first, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date() + timedelta(days=1)
    by_weekday = defaultdict(list)
    for rule in schedule.rules:
        by_weekday[rule.weekday].append(rule)
    ranges: list[Range] = []
    day = first
    while day <= last:
        for rule in by_weekday[day.weekday()]:
            ranges.append((local_moment(day, rule.start_minute, zone), local_moment(day, rule.end_minute, zone)))
        day += timedelta(days=1)
    ranges += [(e.starts_at, e.ends_at) for e in exceptions if e.kind == ExceptionKind.EXTRA]
    merged = _merge(ranges)
    for away in (e for e in exceptions if e.kind == ExceptionKind.AWAY):
        merged = _subtract(merged, (away.starts_at, away.ends_at))
    if away_until is not None:  # away (profile): no sessions until the end of that day, extra hours included
        merged = _subtract(merged, (start - timedelta(days=1), local_moment(away_until, 24 * 60, zone)))
    return [(max(a, start), min(b, end)) for a, b in merged if b > start and a < end and min(b, end) > max(a, start)]


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _subtract(ranges: list[Range], hole: Range) -> list[Range]:
    out: list[Range] = []
    for a, b in ranges:
        if hole[1] <= a or hole[0] >= b:
            out.append((a, b))
            continue
        if a < hole[0]:
            out.append((a, hole[0]))
        if hole[1] < b:
            out.append((hole[1], b))
    return out


def _clip(ranges: list[Range], end: datetime) -> list[Range]:
    """The ranges that begin before ``end`` (a slot must start before it; it may end after)."""
    return [r for r in ranges if r[0] < end]


def _overlaps(a: Range, ranges: list[Range]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in ranges)


def candidate_slots(schedule: MentorSchedule, ranges: list[Range], taken: Taken, *, now: datetime,
                    minutes: int | None = None, limit: int | None = None) -> list[Slot]:
    """Every bookable slot in ``ranges`` for each offered length (or only ``minutes``), by start.

    ``limit``: only the slots of the first ``limit`` distinct starts (each length stops after
    ``limit`` slots: a start among the first ``limit`` overall is among the first of its length).
    """
    zone = ZoneInfo(schedule.timezone)
    earliest, latest = booking_window(schedule, now)
    buffer = timedelta(minutes=schedule.buffer_minutes)
    busy = taken.busy.get(schedule.user_id, [])
    per_day, per_week = _counts(taken.booked_starts.get(schedule.user_id, []), zone)
    lengths = sorted(set(schedule.lengths or [])) if minutes is None else [minutes]
    capped = schedule.max_per_day is not None or schedule.max_per_week is not None
    slots = []
    for length in lengths:
        step = timedelta(minutes=min(length, MAX_STEP))
        duration = timedelta(minutes=length)
        found = 0
        for a, b in ranges:
            # From the range's start in steps, the first on or after the notice.
            begin = a if a >= earliest else a + step * -((a - earliest) // step)
            while begin + duration <= b and begin < latest and (limit is None or found < limit):
                if not _overlaps((begin, begin + duration + buffer), busy) \
                        and not (capped and _full(schedule, begin.astimezone(zone).date(), per_day, per_week)):
                    slots.append(Slot(schedule.user_id, begin, length))
                    found += 1
                begin += step
    slots.sort(key=lambda s: (s.starts_at, s.minutes))
    if limit is None:
        return slots
    first = sorted({slot.starts_at for slot in slots})[:limit]
    return [slot for slot in slots if first and slot.starts_at <= first[-1]]


def booking_window(schedule: MentorSchedule, now: datetime) -> tuple[datetime, datetime]:
    """The first and last moments a session may start: the notice from now, and the end of the
    mentor's local day ``horizon_days`` after today."""
    zone = ZoneInfo(schedule.timezone)
    last_day = now.astimezone(zone).date() + timedelta(days=schedule.horizon_days)
    return now + timedelta(hours=schedule.notice_hours), local_moment(last_day, 24 * 60, zone)


def _counts(starts: list[datetime], zone: ZoneInfo) -> tuple[dict[date, int], dict[date, int]]:
    per_day: dict[date, int] = defaultdict(int)
    per_week: dict[date, int] = defaultdict(int)
    for moment in starts:
        day = moment.astimezone(zone).date()
        per_day[day] += 1
        per_week[day - timedelta(days=day.weekday())] += 1
    return per_day, per_week


def _full(schedule: MentorSchedule, day: date, per_day, per_week) -> bool:
    if schedule.max_per_day is not None and per_day[day] >= schedule.max_per_day:
        return True
    monday = day - timedelta(days=day.weekday())
    return schedule.max_per_week is not None and per_week[monday] >= schedule.max_per_week


def read_taken(mentor_ids, *, start: datetime, end: datetime, buffers: dict[int, int] | None = None,
               ignore_booking_id: int | None = None) -> Taken:
    """Holding bookings and hosted workshops of ``mentor_ids`` near ``[start, end)``: two queries.

    The whole weeks around the window are read so the weekly cap counts every session.
    ``ignore_booking_id``: a booking being moved (its old time does not block its new one).
    """
    ids = list(mentor_ids)
    week_start, week_end = start - timedelta(days=8), end + timedelta(days=8)
    busy: dict[int, list[Range]] = defaultdict(list)
    starts: dict[int, list[datetime]] = defaultdict(list)
    if not ids:
        return Taken(busy, starts)
    bookings = db.session.execute(
        select(Booking.id, Booking.mentor_id, Booking.starts_at, Booking.busy_until)
        .where(Booking.mentor_id.in_(ids), Booking.status.in_(HOLDING_STATUSES),
               Booking.busy_until > week_start, Booking.starts_at < week_end))
    for booking_id, mentor_id, starts_at, busy_until in bookings:
        if booking_id == ignore_booking_id:
            continue
        busy[mentor_id].append((starts_at, busy_until))
        starts[mentor_id].append(starts_at)
    for host_id, ranges in hosted_busy_ranges(ids, week_start, week_end).items():
        buffer = timedelta(minutes=(buffers or {}).get(host_id, 0))
        busy[host_id] += [(starts_at, ends_at + buffer) for starts_at, ends_at in ranges]
    return Taken(busy, starts)


def load_schedules(mentor_ids) -> dict[int, MentorSchedule]:
    """The schedules of ``mentor_ids`` (mentors without one offer no slots), rules loaded."""
    rows = db.session.scalars(select(MentorSchedule).where(MentorSchedule.user_id.in_(list(mentor_ids)))
                              .options(selectinload(MentorSchedule.rules)))
    return {schedule.user_id: schedule for schedule in rows}


def free_slots(mentor_ids, *, start: datetime, end: datetime, now: datetime, minutes: int | None = None,
               ignore_booking_id: int | None = None, limit: int | None = None) -> dict[int, list[Slot]]:
    """Each mentor's bookable slots that start in ``[start, end)``, by start; a constant number of queries.

    ``limit``: per mentor, only the slots of the first ``limit`` distinct starts.
    """
    ids = list(mentor_ids)
    schedules = load_schedules(ids)
    if not schedules:
        return {mentor_id: [] for mentor_id in ids}
    exceptions: dict[int, list[AvailabilityException]] = defaultdict(list)
    for row in db.session.scalars(select(AvailabilityException).where(
            AvailabilityException.mentor_id.in_(list(schedules)), AvailabilityException.ends_at > start,
            AvailabilityException.starts_at < end + timedelta(days=1))):
        exceptions[row.mentor_id].append(row)
    away = dict(db.session.execute(select(Profile.user_id, Profile.away_until)
                                   .where(Profile.user_id.in_(list(schedules)))).all())
    taken = read_taken(list(schedules), start=start, end=end + timedelta(days=1), ignore_booking_id=ignore_booking_id,
                       buffers={mentor_id: s.buffer_minutes for mentor_id, s in schedules.items()})
    result = {mentor_id: [] for mentor_id in ids}
    for mentor_id, schedule in schedules.items():
        # Ranges run to one day past ``end`` so a slot starting just before ``end`` may end after it.
        ranges = open_ranges(schedule, exceptions[mentor_id], start=start, end=end + timedelta(days=1),
                             away_until=away.get(mentor_id))
        found = candidate_slots(schedule, _clip(ranges, end), taken, now=now, minutes=minutes, limit=limit)
        result[mentor_id] = [slot for slot in found if slot.starts_at < end]
    return result


def check_slot(mentor_id: int, starts_at: datetime, minutes: int, *, now: datetime,
               ignore_booking_id: int | None = None) -> str | None:
    """None when the mentor offers this exact slot now, else the reason (a message safe to show)."""
    schedule = load_schedules([mentor_id]).get(mentor_id)
    if schedule is None:
        return gettext("This mentor has not published their availability.")
    if minutes not in (schedule.lengths or []):
        return gettext("This mentor does not offer %(num)d-minute sessions.", num=minutes)
    earliest, latest = booking_window(schedule, now)
    if starts_at < earliest:
        return ngettext("Sessions with this mentor need at least %(num)d hour's notice.",
                        "Sessions with this mentor need at least %(num)d hours' notice.", schedule.notice_hours)
    if starts_at >= latest:
        return ngettext("Sessions with this mentor can be booked at most %(num)d day ahead.",
                        "Sessions with this mentor can be booked at most %(num)d days ahead.", schedule.horizon_days)
    day_start = starts_at - timedelta(days=1)
    slots = free_slots([mentor_id], start=day_start, end=starts_at + timedelta(days=1), now=now, minutes=minutes,
                       ignore_booking_id=ignore_booking_id)[mentor_id]
    if any(slot.starts_at == starts_at for slot in slots):
        return None
    return gettext("That time is no longer free. Please pick another.")
