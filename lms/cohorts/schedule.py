"""Assignment deadlines of a cohort. Pure: plain data in, plain data out.

The rule, chosen so that a deadline means the same thing to everyone in the cohort:
an item with ``due_days: N`` is due at **23:59 local time, in the cohort's time zone,
on the calendar date ``starts_on + N days``**. The local date and time are fixed
first and only then converted to UTC, so a deadline stays on its intended local
date across daylight-saving changes (a "+7 days" deadline is not an hour early or
late because the clocks moved in between). Deadlines are stored and compared in
UTC and shown in the cohort's time zone. A per-cohort override (``CohortDeadline``)
replaces the computed moment.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

from lms.tracks.spec import spec_int

DUE_TIME = time(23, 59)


def due_at(starts_on: date, due_days: int | None, tz: str,
           override: datetime | None = None) -> datetime | None:
    """When an item is due, in UTC; None when it has neither ``due_days`` nor an override."""
    if override is not None:
        return override.astimezone(timezone.utc)
    if due_days is None:
        return None
    local = datetime.combine(starts_on + timedelta(days=int(due_days)), DUE_TIME, tzinfo=ZoneInfo(tz))
    return local.astimezone(timezone.utc)


def local_to_utc(local: datetime, tz: str) -> datetime:
    """A wall-clock time in ``tz`` (naive) as an aware UTC datetime."""
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def due_days_of(spec: Mapping | None) -> int | None:
    """``due_days`` from a lesson's spec, tolerating absent or malformed values."""
    return spec_int(spec, "due_days")


@dataclass(frozen=True)
class Deadline:
    lesson_id: int
    title: str
    kind: str
    position: int
    due_days: int | None
    due_at: datetime | None        # UTC, override applied; None = no deadline
    computed_at: datetime | None   # UTC, from due_days alone
    local: datetime | None         # due_at in the cohort's time zone
    overridden: bool

    @property
    def has_deadline(self) -> bool:
        return self.due_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at is not None and now > self.due_at


def deadlines(cohort, lessons: Iterable, overrides: Mapping[int, datetime]) -> list[Deadline]:
    """Every lesson with its deadline, in track order.

    ``cohort`` needs ``starts_on`` and ``timezone``; each lesson ``id``, ``title``,
    ``kind``, ``position`` and ``spec``; ``overrides`` maps lesson id to a UTC moment.
    """
    result = []
    for lesson in sorted(lessons, key=lambda item: (item.position, item.id)):
        days = due_days_of(lesson.spec)
        computed = due_at(cohort.starts_on, days, cohort.timezone)
        override = overrides.get(lesson.id)
        final = due_at(cohort.starts_on, days, cohort.timezone, override)
        result.append(Deadline(
            lesson_id=lesson.id, title=lesson.title, kind=str(getattr(lesson.kind, "value", lesson.kind)),
            position=lesson.position, due_days=days, due_at=final, computed_at=computed,
            local=to_local(final, cohort.timezone) if final else None, overridden=override is not None,
        ))
    return result
