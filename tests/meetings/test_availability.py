"""A mentor's availability page: weekly hours typed per weekday, the booking rules, a stale tab
refused, exceptions typed in the mentor's zone (daylight-saving changes included) stored in UTC,
and only the owner removes one."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.meetings import availability
from lms.meetings.availability_text import AvailabilityError, parse_day, when_label
from lms.meetings.models import AvailabilityException, ExceptionKind, MentorSchedule
from lms.meetings.views import availability as views
from tests.clock import Clock
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_schedule

UTC = timezone.utc
NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)  # a Monday


@pytest.fixture
def mentor(app, monkeypatch):
    Clock(NOW).freeze(monkeypatch, views)
    person = make_user(name="Nora NewYork", timezone="America/New_York")
    enrol(make_cohort(), person, EnrollmentRole.MENTOR)
    return person


def _form(**changes) -> dict:
    data = {"version": "0", "timezone": "America/New_York", "monday": "", "tuesday": "09:00-12:00, 14:00-17:30",
            "wednesday": "", "thursday": "", "friday": "", "saturday": "", "sunday": "", "lengths": ["30", "60"],
            "buffer_minutes": "10", "notice_hours": "12", "horizon_days": "28", "max_per_day": "",
            "max_per_week": "", "room_url": "", "cancel_hours": "12", "max_reschedules": "2"}
    data.update(changes)
    return data


def _schedule(mentor) -> MentorSchedule | None:
    db.session.expire_all()
    return db.session.get(MentorSchedule, mentor.id)


# --- parsing (pure) ----------------------------------------------------------------------------

def test_a_day_of_ranges_is_read_in_any_order_with_dashes_or_to():
    assert parse_day("14:00-17:30, 9:00 – 12:00", "Tuesday") == [(540, 720), (840, 1050)]
    assert parse_day("20:00 to 24:00", "Friday") == [(1200, 1440)]
    assert parse_day("  ", "Monday") == []


@pytest.mark.parametrize("text, message", [
    ("25:00-26:00", 'Tuesday: "25:00" is not a time'),
    ("09:00-12:61", 'Tuesday: "12:61" is not a time'),
    ("09:07-12:00", 'Tuesday: "09:07" is not on a 5-minute mark'),
    ("12:00-09:00", "Tuesday: 12:00-09:00 ends before it starts"),
    ("09:00-12:00, 11:00-13:00", "Tuesday: 09:00-12:00 and 11:00-13:00 overlap"),
    ("nine to five", 'Tuesday: "nine" is not a time'),
    ("09:00", 'Tuesday: "09:00" is not a range like 09:00-12:00'),
    ("24:00-24:00", 'Tuesday: "24:00" is not a time'),
])
def test_a_badly_typed_day_gets_a_message_naming_the_day_and_the_value(text, message):
    with pytest.raises(AvailabilityError) as error:
        parse_day(text, "Tuesday")
    assert str(error.value).startswith(message)


def test_times_show_in_the_viewers_zone_with_the_other_zone_beside():
    moment = datetime(2027, 1, 5, 14, tzinfo=UTC)
    assert when_label(moment, "UTC", "America/New_York") == "Tue 5 Jan, 14:00 (09:00 in New York)"
    assert when_label(moment, "Asia/Tokyo", "America/New_York") == "Tue 5 Jan, 23:00 (09:00 in New York)"
    late = datetime(2027, 1, 5, 23, tzinfo=UTC)
    assert when_label(late, "Asia/Tokyo", "America/New_York") == "Wed 6 Jan, 08:00 (Tue 18:00 in New York)"
    assert when_label(moment, "UTC", "UTC") == "Tue 5 Jan, 14:00"


# --- saving through the page -----------------------------------------------------------------

def test_the_page_starts_from_the_mentors_own_zone(client, auth, mentor):
    auth.login_as(mentor)
    page = client.get("/meetings/availability").get_data(as_text=True)
    assert '<option selected value="America/New_York">' in page
    assert "Save your weekly hours" in page


def test_a_mentor_saves_weekly_hours_and_rules(client, auth, mentor):
    auth.login_as(mentor)
    response = client.post("/meetings/availability", data=_form(
        max_per_day="3", requires_confirmation="y", room_url="https://meet.example.org/nora", buffer_minutes="15"))
    assert response.status_code == 302
    schedule = _schedule(mentor)
    assert [(r.weekday, r.start_minute, r.end_minute) for r in schedule.rules] == [(1, 540, 720), (1, 840, 1050)]
    assert (schedule.timezone, schedule.lengths, schedule.buffer_minutes, schedule.max_per_day) == (
        "America/New_York", [30, 60], 15, 3)
    assert schedule.requires_confirmation and schedule.room_url == "https://meet.example.org/nora"
    assert schedule.max_per_week is None and schedule.version == 1
    page = client.get("/meetings/availability").get_data(as_text=True)
    assert 'value="09:00-12:00, 14:00-17:30"' in page and "Your availability is saved." in page


def test_saving_again_replaces_the_weekly_hours(client, auth, mentor):
    auth.login_as(mentor)
    client.post("/meetings/availability", data=_form())
    assert client.post("/meetings/availability", data=_form(
        version="1", tuesday="09:00-10:00", thursday="13:00-15:00")).status_code == 302
    schedule = _schedule(mentor)
    assert [(r.weekday, r.start_minute) for r in schedule.rules] == [(1, 540), (3, 780)]
    assert schedule.version == 2


@pytest.mark.parametrize("changes, message", [
    ({"tuesday": "25:00-26:00"}, "Tuesday: &#34;25:00&#34; is not a time"),
    ({"friday": "09:00-12:00, 11:30-13:00"}, "Friday: 09:00-12:00 and 11:30-13:00 overlap"),
    ({"lengths": []}, "Offer at least one session length."),
    ({"lengths": ["20"]}, "is not a valid choice"),
    ({"room_url": "http://meet.example.org/nora"}, "Use an https:// link"),
    ({"room_url": "javascript:alert(1)"}, "Use an https:// link"),
    ({"buffer_minutes": "500"}, "Choose between 0 and 120."),
    ({"horizon_days": "0"}, "Choose between 1 and 365."),
    ({"notice_hours": "soon"}, "Not a valid integer value."),
    ({"max_per_week": "0"}, "Choose between 1 and 200."),
    ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list."),
])
def test_bad_input_re_renders_with_a_message_and_keeps_what_was_typed(client, auth, mentor, changes, message):
    auth.login_as(mentor)
    response = client.post("/meetings/availability", data=_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'value="09:00-12:00, 14:00-17:30"' in page or "tuesday" in changes
    assert _schedule(mentor) is None


def test_a_save_from_an_older_tab_is_refused_and_nothing_is_overwritten(client, auth, mentor):
    auth.login_as(mentor)
    client.post("/meetings/availability", data=_form())                          # tab 1 saves (version 1)
    client.post("/meetings/availability", data=_form(version="1", tuesday="10:00-11:00"))  # tab 1 again (2)
    stale = client.post("/meetings/availability", data=_form(version="1", tuesday="15:00-16:00"))  # tab 2
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "changed in another window" in page
    assert "Tuesday: 10:00-11:00" in page            # the saved hours, shown beside
    assert 'value="15:00-16:00"' in page             # what was typed, kept
    assert 'name="version" type="hidden" value="2"' in page
    schedule = _schedule(mentor)
    assert [(r.start_minute, r.end_minute) for r in schedule.rules] == [(600, 660)] and schedule.version == 2


def test_a_first_save_from_a_second_tab_is_refused_too(client, auth, mentor):
    auth.login_as(mentor)
    client.post("/meetings/availability", data=_form())
    assert client.post("/meetings/availability", data=_form(tuesday="15:00-16:00")).status_code == 409
    assert client.post("/meetings/availability", data=_form(version="banana")).status_code == 409


def test_people_who_do_not_mentor_cannot_publish_availability(client, auth, app):
    learner = make_user()
    enrol(make_cohort(), learner)
    auth.login_as(learner)
    assert client.get("/meetings/availability").status_code == 403
    assert client.post("/meetings/availability", data=_form()).status_code == 403


# --- exceptions ----------------------------------------------------------------------------------

def _exception(mentor) -> AvailabilityException:
    db.session.expire_all()
    return db.session.scalars(db.select(AvailabilityException).where(
        AvailabilityException.mentor_id == mentor.id)).one()


@pytest.mark.parametrize("zone, form, kind, starts, ends", [
    # Lord Howe turns its clocks back half an hour on 4 April 2027 (+11 -> +10:30): that day is 24.5 hours.
    ("Australia/Lord_Howe", {"kind": "away", "starts_on": "2027-04-04"}, ExceptionKind.AWAY,
     datetime(2027, 4, 3, 13, tzinfo=UTC), datetime(2027, 4, 4, 13, 30, tzinfo=UTC)),
    # New York springs forward on 14 March 2027: away 13-14 March runs from EST midnight to EDT midnight.
    ("America/New_York", {"kind": "away", "starts_on": "2027-03-13", "ends_on": "2027-03-14"}, ExceptionKind.AWAY,
     datetime(2027, 3, 13, 5, tzinfo=UTC), datetime(2027, 3, 15, 4, tzinfo=UTC)),
    # Berlin springs forward at 02:00 on 28 March 2027: extra hours 01:00-04:00 are two real hours.
    ("Europe/Berlin", {"kind": "extra", "starts_on": "2027-03-28", "from_time": "01:00", "to_time": "04:00"},
     ExceptionKind.EXTRA, datetime(2027, 3, 28, 0, tzinfo=UTC), datetime(2027, 3, 28, 2, tzinfo=UTC)),
    # Away from a Friday afternoon to a Monday morning across Berlin's autumn change (31 October 2027).
    ("Europe/Berlin", {"kind": "away", "starts_on": "2027-10-29", "from_time": "14:00", "ends_on": "2027-11-01",
                       "to_time": "10:00"}, ExceptionKind.AWAY,
     datetime(2027, 10, 29, 12, tzinfo=UTC), datetime(2027, 11, 1, 9, tzinfo=UTC)),
])
def test_exceptions_typed_in_the_mentors_zone_are_stored_as_the_right_utc_instants(client, auth, mentor, zone, form,
                                                                                    kind, starts, ends):
    make_schedule(mentor, timezone=zone)
    auth.login_as(mentor)
    response = client.post("/meetings/availability/exceptions", data={"note": "", **form})
    assert response.status_code == 302
    exception = _exception(mentor)
    assert (exception.kind, exception.starts_at, exception.ends_at) == (kind, starts, ends)


def test_exceptions_use_the_mentors_own_zone_before_the_first_save(client, auth, mentor):
    auth.login_as(mentor)
    client.post("/meetings/availability/exceptions", data={"kind": "away", "starts_on": "2027-02-01"})
    exception = _exception(mentor)
    assert exception.starts_at == datetime(2027, 2, 1, 5, tzinfo=UTC)  # New York, EST


@pytest.mark.parametrize("form, message", [
    ({"kind": "extra", "starts_on": "2027-02-01"}, "Extra hours need a start and an end time."),
    ({"kind": "away", "starts_on": "2027-02-01", "from_time": "10:00"}, "Give both times, or neither"),
    ({"kind": "away", "starts_on": "2027-02-03", "ends_on": "2027-02-01"}, "The last day comes before the first."),
    ({"kind": "extra", "starts_on": "2027-02-01", "from_time": "15:00", "to_time": "09:00"}, "ends before it starts"),
    ({"kind": "extra", "starts_on": "2027-02-01", "from_time": "25:00", "to_time": "26:00"}, "is not a time"),
    ({"kind": "away", "starts_on": "2026-12-01"}, "That time is already past."),
    ({"kind": "away", "starts_on": "not a date"}, "Not a valid date value."),
    ({"kind": "holiday", "starts_on": "2027-02-01"}, "Not a valid choice"),
    ({"kind": "away", "starts_on": "2027-02-01", "ends_on": "2028-02-15"}, "at most 366 days"),
    ({"kind": "away", "starts_on": "9999-12-31"}, "at most 2 years ahead"),
    ({"kind": "extra", "starts_on": "9999-12-31", "from_time": "10:00", "to_time": "24:00"}, "at most 2 years ahead"),
    ({"kind": "away", "starts_on": "0001-01-01", "from_time": "00:00", "ends_on": "2027-02-01", "to_time": "10:00"},
     "already past"),
])
def test_a_bad_exception_re_renders_with_a_message(client, auth, mentor, form, message):
    auth.login_as(mentor)
    response = client.post("/meetings/availability/exceptions", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(AvailabilityException.id))) == 0


def test_upcoming_exceptions_are_listed_in_the_mentors_zone_and_the_owner_removes_one(client, auth, mentor):
    make_schedule(mentor, timezone="America/New_York")
    auth.login_as(mentor)
    client.post("/meetings/availability/exceptions", data={"kind": "away", "starts_on": "2027-02-01",
                                                            "ends_on": "2027-02-02", "note": "Ski trip"})
    client.post("/meetings/availability/exceptions", data={"kind": "extra", "starts_on": "2027-02-06",
                                                            "from_time": "10:00", "to_time": "12:00"})
    page = client.get("/meetings/availability").get_data(as_text=True)
    assert "Mon 1 Feb 2027 – Tue 2 Feb 2027, whole days" in page and "Ski trip" in page
    assert "Sat 6 Feb 2027, 10:00–12:00" in page
    away = db.session.scalars(db.select(AvailabilityException).where(
        AvailabilityException.kind == ExceptionKind.AWAY)).one()
    assert client.post(f"/meetings/availability/exceptions/{away.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count(AvailabilityException.id))) == 1


def test_only_the_owner_removes_an_exception(client, auth, mentor):
    other = make_user()
    enrol(make_cohort(), other, EnrollmentRole.MENTOR)
    exception = availability.add_away_days(mentor, date(2027, 2, 1), date(2027, 2, 1), now=NOW)
    db.session.commit()
    auth.login_as(other)
    assert client.post(f"/meetings/availability/exceptions/{exception.id}/delete").status_code == 404
    assert client.post("/meetings/availability/exceptions/999999/delete").status_code == 404
    assert db.session.get(AvailabilityException, exception.id) is not None
