"""Deadlines: 23:59 local time in the cohort's zone on start + due_days, also across DST changes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from lms.cohorts.schedule import deadlines, due_at, due_days_of, local_to_utc

UTC = timezone.utc


@pytest.mark.parametrize("tz, starts_on, days, expected_utc", [
    # Berlin, spring forward on 2025-03-30 (02:00 CET -> 03:00 CEST)
    ("Europe/Berlin", date(2025, 3, 20), 9, datetime(2025, 3, 29, 22, 59, tzinfo=UTC)),   # day before, CET
    ("Europe/Berlin", date(2025, 3, 20), 10, datetime(2025, 3, 30, 21, 59, tzinfo=UTC)),  # the change day, CEST
    ("Europe/Berlin", date(2025, 3, 20), 11, datetime(2025, 3, 31, 21, 59, tzinfo=UTC)),
    # Berlin, fall back on 2025-10-26
    ("Europe/Berlin", date(2025, 10, 20), 5, datetime(2025, 10, 25, 21, 59, tzinfo=UTC)),
    ("Europe/Berlin", date(2025, 10, 20), 6, datetime(2025, 10, 26, 22, 59, tzinfo=UTC)),
    # New York, spring forward on 2025-03-09, fall back on 2025-11-02
    ("America/New_York", date(2025, 3, 1), 7, datetime(2025, 3, 9, 4, 59, tzinfo=UTC)),   # 23:59 EST on Mar 8
    ("America/New_York", date(2025, 3, 1), 8, datetime(2025, 3, 10, 3, 59, tzinfo=UTC)),  # 23:59 EDT on Mar 9
    ("America/New_York", date(2025, 10, 30), 2, datetime(2025, 11, 2, 3, 59, tzinfo=UTC)),  # 23:59 EDT on Nov 1
    ("America/New_York", date(2025, 10, 30), 3, datetime(2025, 11, 3, 4, 59, tzinfo=UTC)),  # 23:59 EST on Nov 2
])
def test_due_at_is_2359_local_on_the_intended_date(tz, starts_on, days, expected_utc):
    result = due_at(starts_on, days, tz)
    local = result.astimezone(ZoneInfo(tz))
    assert (local.date(), local.hour, local.minute) == (starts_on + timedelta(days=days), 23, 59)
    assert result == expected_utc
    assert result.tzinfo == UTC


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York"])
def test_a_week_long_deadline_across_each_transition_keeps_its_local_date(tz):
    for start in (date(2025, 3, 5), date(2025, 3, 25), date(2025, 10, 22), date(2025, 10, 30)):
        for days in range(0, 15):
            local = due_at(start, days, tz).astimezone(ZoneInfo(tz))
            assert local.date() == start + timedelta(days=days)
            assert (local.hour, local.minute) == (23, 59)


def test_the_utc_offset_changes_but_the_local_time_does_not():
    before = due_at(date(2025, 10, 31), 1, "America/New_York")   # Nov 1, EDT
    after = due_at(date(2025, 10, 31), 2, "America/New_York")    # Nov 2, EST
    assert after - before == timedelta(hours=25)


def test_no_due_days_means_no_deadline_and_an_override_wins():
    assert due_at(date(2025, 1, 1), None, "UTC") is None
    moment = datetime(2025, 2, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert due_at(date(2025, 1, 1), 7, "UTC", override=moment) == datetime(2025, 2, 1, 11, 0, tzinfo=UTC)
    assert due_at(date(2025, 1, 1), None, "UTC", override=moment) is not None


def test_due_days_read_from_a_lesson_spec_tolerates_bad_values():
    assert due_days_of({"due_days": 7}) == 7
    assert due_days_of({"due_days": "3"}) == 3
    assert due_days_of({"due_days": "soon"}) is None
    assert due_days_of({"due_days": True}) is None
    assert due_days_of({}) is None and due_days_of(None) is None


def test_local_wall_clock_time_converts_to_utc():
    assert local_to_utc(datetime(2025, 7, 1, 9, 0), "Europe/Berlin") == datetime(2025, 7, 1, 7, 0, tzinfo=UTC)


@dataclass
class _Lesson:
    id: int
    title: str
    position: int
    spec: dict = field(default_factory=dict)
    kind: str = "assignment"


@dataclass
class _Cohort:
    starts_on: date
    timezone: str


def test_deadlines_list_every_lesson_in_order_with_overrides_marked():
    cohort = _Cohort(date(2025, 3, 24), "Europe/Berlin")
    lessons = [_Lesson(2, "Launch", 2, {"due_days": 14}), _Lesson(1, "Read me", 1, {}, "lesson"),
               _Lesson(3, "Landing page", 3, {"due_days": 7})]
    override = datetime(2025, 4, 2, 10, 0, tzinfo=UTC)
    result = deadlines(cohort, lessons, {3: override})
    assert [d.lesson_id for d in result] == [1, 2, 3]
    assert result[0].due_at is None and not result[0].has_deadline
    assert result[1].local.date() == date(2025, 4, 7) and not result[1].overridden
    assert result[2].due_at == override and result[2].overridden
    assert result[2].computed_at == due_at(cohort.starts_on, 7, cohort.timezone)
    assert result[2].is_overdue(override + timedelta(seconds=1)) and not result[2].is_overdue(override)
