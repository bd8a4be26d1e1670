"""Free slots: weekly rules expanded in the mentor's zone (across daylight-saving changes), the
buffer, notice, horizon, daily and weekly caps, exceptions, and what other bookings take."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from lms.extensions import db
from lms.meetings.models import AvailabilityException, BookingStatus, ExceptionKind
from lms.meetings.slots import check_slot, free_slots
from lms.profiles.models import Profile
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_booking, make_schedule, make_workshop

UTC = timezone.utc
MONDAY = 0
NINE_TO_TEN = ((MONDAY, 9 * 60, 10 * 60),)


def _starts(mentor, *, start, end, now, minutes=None):
    slots = free_slots([mentor.id], start=start, end=end, now=now, minutes=minutes)[mentor.id]
    return [slot.starts_at for slot in slots]


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("zone, before, after", [
    # (zone, the Monday before its change, the Monday after) -- each Monday 09:00 local stays 09:00.
    ("Europe/Berlin", date(2027, 3, 22), date(2027, 3, 29)),        # CET -> CEST on 28 March
    ("America/New_York", date(2027, 3, 8), date(2027, 3, 15)),      # EST -> EDT on 14 March
    ("Australia/Lord_Howe", date(2027, 3, 29), date(2027, 4, 5)),   # +11 -> +10:30 on 4 April (half an hour)
    ("Asia/Kolkata", date(2027, 3, 22), date(2027, 3, 29)),         # no change: +05:30 all year
])
def test_a_weekly_nine_oclock_slot_stays_nine_oclock_local_across_daylight_saving(app, zone, before, after):
    mentor = make_user(timezone=zone)
    make_schedule(mentor, timezone=zone, rules=NINE_TO_TEN, lengths=(60,), notice_hours=0, horizon_days=60)
    now = datetime(2027, 3, 1, tzinfo=UTC)
    starts = _starts(mentor, start=datetime.combine(before, datetime.min.time(), UTC) - timedelta(days=1),
                     end=datetime.combine(after, datetime.min.time(), UTC) + timedelta(days=2), now=now)
    assert [_local(s, zone) for s in starts] == [f"{before} 09:00", f"{after} 09:00"]
    before_offset, after_offset = (s.astimezone(ZoneInfo(zone)).utcoffset() for s in starts)
    # Between them: one week of wall-clock time, less the change in the zone's offset.
    assert starts[1] - starts[0] == timedelta(days=7) - (after_offset - before_offset)
    if zone != "Asia/Kolkata":
        assert before_offset != after_offset


def test_a_range_cut_short_by_the_spring_forward_gap_offers_only_the_real_hour(app):
    zone = "Europe/Berlin"
    mentor = make_user(timezone=zone)
    make_schedule(mentor, timezone=zone, rules=((6, 1 * 60, 4 * 60),), lengths=(60,), notice_hours=0)  # Sundays 01-04
    now = datetime(2027, 3, 20, tzinfo=UTC)
    starts = _starts(mentor, start=datetime(2027, 3, 27, tzinfo=UTC), end=datetime(2027, 3, 29, tzinfo=UTC), now=now)
    # 02:00-03:00 does not exist on 28 March 2027: 01:00-04:00 local is two real hours, and a
    # session starting at 01:30 ends at 03:30 (one hour later).
    assert [_local(s, zone) for s in starts] == ["2027-03-28 01:00", "2027-03-28 01:30", "2027-03-28 03:00"]


def test_sessions_are_offered_in_each_length_at_steps_and_fit_in_the_range(app):
    mentor = make_user()
    make_schedule(mentor, rules=NINE_TO_TEN, lengths=(15, 60), notice_hours=0)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    window = dict(start=datetime(2027, 1, 4, tzinfo=UTC), end=datetime(2027, 1, 5, tzinfo=UTC), now=now)
    assert [s.strftime("%H:%M") for s in _starts(mentor, minutes=15, **window)] == ["09:00", "09:15", "09:30", "09:45"]
    assert [s.strftime("%H:%M") for s in _starts(mentor, minutes=60, **window)] == ["09:00"]


def test_a_booking_and_its_buffer_take_the_slots_they_touch_in_every_cohort(app):
    mentor, learner = make_user(), make_user()
    make_schedule(mentor, rules=((MONDAY, 9 * 60, 12 * 60),), lengths=(30,), buffer_minutes=10, notice_hours=0)
    other_cohort = make_cohort()
    make_booking(enrol(other_cohort, learner), mentor, datetime(2027, 1, 4, 10, tzinfo=UTC), buffer=10)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    starts = _starts(mentor, start=datetime(2027, 1, 4, tzinfo=UTC), end=datetime(2027, 1, 5, tzinfo=UTC), now=now)
    # 09:30 would run into 10:00 with its buffer; 10:30 starts inside the booking's buffer.
    assert [s.strftime("%H:%M") for s in starts] == ["09:00", "11:00", "11:30"]


def test_cancelled_bookings_free_their_slot_and_hosted_workshops_take_theirs(app):
    mentor, learner = make_user(), make_user()
    make_schedule(mentor, rules=((MONDAY, 9 * 60, 11 * 60),), lengths=(60,), buffer_minutes=0, notice_hours=0)
    make_booking(enrol(make_cohort(), learner), mentor, datetime(2027, 1, 4, 9, tzinfo=UTC), minutes=60, buffer=0,
                 status=BookingStatus.CANCELLED)
    make_workshop(mentor, datetime(2027, 1, 4, 10, tzinfo=UTC), minutes=60)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    starts = _starts(mentor, start=datetime(2027, 1, 4, tzinfo=UTC), end=datetime(2027, 1, 5, tzinfo=UTC), now=now)
    assert [s.strftime("%H:%M") for s in starts] == ["09:00"]


def test_notice_and_horizon_bound_the_slots(app):
    mentor = make_user()
    make_schedule(mentor, rules=tuple((d, 9 * 60, 10 * 60) for d in range(7)), lengths=(60,), notice_hours=24,
                  horizon_days=3)
    now = datetime(2027, 1, 4, 8, tzinfo=UTC)
    starts = _starts(mentor, start=now, end=now + timedelta(days=10), now=now)
    # Today is 4 January: three days ahead runs to the end of 7 January.
    assert [s.date().isoformat() for s in starts] == ["2027-01-05", "2027-01-06", "2027-01-07"]
    assert check_slot(mentor.id, datetime(2027, 1, 4, 9, tzinfo=UTC), 60, now=now).startswith("Sessions with this")
    assert "days ahead" in check_slot(mentor.id, datetime(2027, 1, 8, 9, tzinfo=UTC), 60, now=now)
    assert check_slot(mentor.id, datetime(2027, 1, 5, 9, tzinfo=UTC), 60, now=now) is None


def test_daily_and_weekly_caps_count_in_the_mentors_zone(app):
    zone = "Asia/Kolkata"
    mentor, learner = make_user(timezone=zone), make_user()
    every_day = tuple((d, 9 * 60, 12 * 60) for d in range(7))
    make_schedule(mentor, timezone=zone, rules=every_day, lengths=(60,), buffer_minutes=0, notice_hours=0,
                  max_per_day=1, max_per_week=2)
    enrolment = enrol(make_cohort(), learner)
    # Monday 4 January 2027, 09:00 in Kolkata (03:30 UTC): that day is full.
    make_booking(enrolment, mentor, datetime(2027, 1, 4, 3, 30, tzinfo=UTC), minutes=60, buffer=0)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    window = dict(start=datetime(2027, 1, 3, 18, 30, tzinfo=UTC), end=datetime(2027, 1, 11, 18, 30, tzinfo=UTC),
                  now=now)
    days = {_local(s, zone)[:10] for s in _starts(mentor, **window)}
    assert "2027-01-04" not in days and "2027-01-05" in days
    make_booking(enrolment, mentor, datetime(2027, 1, 5, 3, 30, tzinfo=UTC), minutes=60, buffer=0)
    days = {_local(s, zone)[:10] for s in _starts(mentor, **window)}
    # Two this week (Monday to Sunday in Kolkata): nothing until Monday 11 January.
    assert days == {"2027-01-11"}


def test_exceptions_remove_and_add_hours_and_away_days_close_the_calendar(app):
    mentor = make_user()
    make_schedule(mentor, rules=NINE_TO_TEN, lengths=(60,), notice_hours=0)
    db.session.add_all([
        AvailabilityException(mentor_id=mentor.id, kind=ExceptionKind.AWAY, starts_at=datetime(2027, 1, 4, tzinfo=UTC),
                              ends_at=datetime(2027, 1, 5, tzinfo=UTC)),
        AvailabilityException(mentor_id=mentor.id, kind=ExceptionKind.EXTRA,
                              starts_at=datetime(2027, 1, 6, 14, tzinfo=UTC),
                              ends_at=datetime(2027, 1, 6, 15, tzinfo=UTC)),
    ])
    db.session.commit()
    now = datetime(2027, 1, 1, tzinfo=UTC)
    window = dict(start=datetime(2027, 1, 4, tzinfo=UTC), end=datetime(2027, 1, 12, tzinfo=UTC), now=now)
    assert [s.isoformat() for s in _starts(mentor, **window)] == ["2027-01-06T14:00:00+00:00",
                                                                 "2027-01-11T09:00:00+00:00"]
    db.session.get(Profile, mentor.id) or db.session.add(Profile(user_id=mentor.id))
    db.session.flush()
    db.session.get(Profile, mentor.id).away_until = date(2027, 1, 11)
    db.session.commit()
    assert _starts(mentor, **window) == []


def test_a_mentor_without_a_schedule_offers_nothing_and_says_so(app):
    mentor = make_user()
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert free_slots([mentor.id], start=now, end=now + timedelta(days=7), now=now) == {mentor.id: []}
    assert "not published" in check_slot(mentor.id, now + timedelta(days=2), 30, now=now)


def test_a_slot_taken_by_another_booking_is_refused_but_a_booking_may_move_within_its_own_time(app):
    mentor, learner = make_user(), make_user()
    make_schedule(mentor, rules=NINE_TO_TEN, lengths=(30,), buffer_minutes=0, notice_hours=0)
    booking = make_booking(enrol(make_cohort(), learner), mentor, datetime(2027, 1, 4, 9, tzinfo=UTC), buffer=0)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert "no longer free" in check_slot(mentor.id, datetime(2027, 1, 4, 9, tzinfo=UTC), 30, now=now)
    assert check_slot(mentor.id, datetime(2027, 1, 4, 9, tzinfo=UTC), 30, now=now,
                      ignore_booking_id=booking.id) is None
    assert "does not offer 45-minute" in check_slot(mentor.id, datetime(2027, 1, 4, 9, 30, tzinfo=UTC), 45, now=now)
