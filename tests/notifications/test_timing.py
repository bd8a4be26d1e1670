"""Digest days and quiet hours in people's own time zones, DST nights included (pure functions)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from lms.notifications.timing import digest_day, digest_day_start, format_hhmm, parse_hhmm, quiet_until


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(("tz", "now", "day", "start"), [
    # Auckland in summer (NZDT, +13): 13:00 local on the 10th; the digest day began at 08:00 that day.
    ("Pacific/Auckland", utc(2027, 1, 10, 0, 0), date(2027, 1, 10), utc(2027, 1, 9, 19, 0)),
    # Los Angeles (PST, -8): 16:00 local on the 9th.
    ("America/Los_Angeles", utc(2027, 1, 10, 0, 0), date(2027, 1, 9), utc(2027, 1, 9, 16, 0)),
    # Kolkata (+5:30): 05:30 local, before 08:00, so still the 9th's digest day.
    ("Asia/Kolkata", utc(2027, 1, 10, 0, 0), date(2027, 1, 9), utc(2027, 1, 9, 2, 30)),
    # LA springs forward on 14 March 2027: 08:00 that day is 15:00 UTC, the day before 16:00 UTC.
    ("America/Los_Angeles", utc(2027, 3, 14, 15, 0), date(2027, 3, 14), utc(2027, 3, 14, 15, 0)),
    ("America/Los_Angeles", utc(2027, 3, 14, 14, 59), date(2027, 3, 13), utc(2027, 3, 13, 16, 0)),
    # Auckland falls back on 4 April 2027 (03:00 NZDT -> 02:00 NZST): 08:00 is 20:00 UTC the day before.
    ("Pacific/Auckland", utc(2027, 4, 3, 20, 0), date(2027, 4, 4), utc(2027, 4, 3, 20, 0)),
    ("Pacific/Auckland", utc(2027, 4, 3, 19, 0), date(2027, 4, 3), utc(2027, 4, 2, 19, 0)),
])
def test_the_digest_day_begins_at_the_local_digest_hour(tz, now, day, start):
    assert digest_day(8, tz, now) == day
    assert digest_day_start(8, tz, now) == start


@pytest.mark.parametrize(("tz", "window", "now", "ends"), [
    # 22:00-07:00 in LA: 23:30 PST on the 14th ends at 07:00 PST on the 15th.
    ("America/Los_Angeles", (1320, 420), utc(2027, 1, 15, 7, 30), utc(2027, 1, 15, 15, 0)),
    ("America/Los_Angeles", (1320, 420), utc(2027, 1, 15, 14, 59), utc(2027, 1, 15, 15, 0)),
    ("America/Los_Angeles", (1320, 420), utc(2027, 1, 15, 15, 0), None),
    ("America/Los_Angeles", (1320, 420), utc(2027, 1, 15, 5, 59), None),  # 21:59
    # A daytime window in Kolkata: 13:00-14:30 IST; 13:30 IST ends at 09:00 UTC.
    ("Asia/Kolkata", (780, 870), utc(2027, 1, 15, 8, 0), utc(2027, 1, 15, 9, 0)),
    ("Asia/Kolkata", (780, 870), utc(2027, 1, 15, 9, 0), None),
    # Ends inside LA's spring-forward gap (02:30 does not exist on 14 March): just after it, 03:30 PDT.
    ("America/Los_Angeles", (1380, 150), utc(2027, 3, 14, 9, 0), utc(2027, 3, 14, 10, 30)),
    # Auckland's fall-back night: 02:00 NZDT (before the change) until 07:00 NZST (+12).
    ("Pacific/Auckland", (1320, 420), utc(2027, 4, 3, 13, 0), utc(2027, 4, 3, 19, 0)),
])
def test_quiet_hours_end_in_the_persons_time_zone(tz, window, now, ends):
    assert quiet_until(*window, tz, now) == ends


def test_no_quiet_hours_without_both_times():
    assert quiet_until(None, None, "UTC", utc(2027, 1, 1, 3, 0)) is None


@pytest.mark.parametrize(("text", "minutes"), [
    ("22:00", 1320), ("7:05", 425), (" 06:30 ", 390), ("00:00", 0), ("23:59", 1439),
    ("24:00", None), ("22", None), ("aa:bb", None), ("22:5", None), ("12:60", None), ("", None), ("-1:00", None)])
def test_times_of_day_are_read_as_hh_mm(text, minutes):
    assert parse_hhmm(text) == minutes


def test_minutes_are_written_as_hh_mm():
    assert format_hhmm(425) == "07:05" and format_hhmm(None) == ""
