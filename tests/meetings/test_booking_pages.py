"""The session pages: times in the reader's zone with the other person's beside them (across a
daylight-saving change), the sessions list, and constant query counts as bookings grow."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lms.extensions import db
from lms.meetings import bookings
from lms.meetings.models import BookingStatus
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol
from tests.factories.meetings import make_booking
from tests.meetings.booking_world import NEXT_MONDAY_9, book_form, build_world, freeze, setup
from tests.querycount import count_queries

UTC = timezone.utc
MONDAY_9_TO_10 = ((0, 9 * 60, 10 * 60),)


def test_a_learner_in_kolkata_sees_a_new_york_mentors_nine_oclock_across_the_us_change(app, client, auth,
                                                                                         monkeypatch):
    world = build_world(timezone="America/New_York", rules=MONDAY_9_TO_10, lengths=(30,))
    world.learner.timezone, world.mentor.timezone = "Asia/Kolkata", "America/New_York"
    db.session.commit()
    freeze(monkeypatch, datetime(2027, 3, 1, 12, tzinfo=UTC))
    auth.login_as(world.learner)
    url = f"/meetings/book/{world.enrollment.id}?mentor_id={world.mentor.id}"
    before = client.get(url + "&week=1").text   # Monday 8 March: EST (UTC-5), 14:00 UTC
    after = client.get(url + "&week=2").text    # Monday 15 March: EDT (UTC-4), 13:00 UTC
    assert "19:30 <span class=\"muted small\">(09:00 theirs)" in before
    assert "18:30 <span class=\"muted small\">(09:00 theirs)" in after
    assert "Asia/Kolkata" in before and "America/New York" in before
    starts = datetime(2027, 3, 15, 13, tzinfo=UTC)
    assert starts.isoformat() in after
    response = client.post(f"/meetings/book/{world.enrollment.id}", data=book_form(world, starts))
    assert response.status_code == 302
    session_url = response.headers["Location"]
    learner_view = client.get(session_url).text
    assert "Mon 15 Mar 2027, 18:30" in learner_view
    assert "Mon 15 Mar 2027, 09:00 for <bdi>Mia Mentor</bdi>" in learner_view
    auth.login_as(world.mentor)
    mentor_view = client.get(session_url).text
    assert "Mon 15 Mar 2027, 09:00" in mentor_view
    assert "Mon 15 Mar 2027, 18:30 for <bdi>Lea Learner</bdi>" in mentor_view
    listing = client.get("/meetings/").text
    assert "Mon 15 Mar 2027, 09:00" in listing


def test_the_sessions_page_lists_upcoming_and_past_for_learner_and_mentor(app, client, auth, monkeypatch):
    world, clock = setup(monkeypatch)
    past = make_booking(world.enrollment, world.mentor, NEXT_MONDAY_9 - timedelta(days=14),
                        status=BookingStatus.ATTENDED)
    bookings.book(world.enrollment, world.mentor.id, NEXT_MONDAY_9, 30, actor=world.learner)
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get("/meetings/").text
    assert page.index("Upcoming") < page.index("Mon 11 Jan 2027, 09:00") < page.index("Past and cancelled")
    assert f"/meetings/{past.id}" in page and "Attended" in page
    auth.login_as(world.other_learner)
    assert "No upcoming sessions" in client.get("/meetings/").text


def _add_bookings(world, count: int, start_day: int) -> None:
    learners = []
    for _ in range(count):
        learner = make_user(commit=False)
        db.session.flush()
        learners.append(enrol(world.cohort, learner, mentor=world.mentor, commit=False))
    for i, enrollment in enumerate(learners):
        make_booking(enrollment, world.mentor, NEXT_MONDAY_9 + timedelta(days=start_day + i, hours=i % 5),
                     commit=False)
        make_booking(enrollment, world.mentor, NEXT_MONDAY_9 - timedelta(days=start_day + i + 3),
                     status=BookingStatus.NO_SHOW, commit=False)
    db.session.commit()


def _queries(client, url: str) -> int:
    client.get(url)  # warm up
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_the_sessions_and_booking_pages_cost_the_same_with_1_or_12_bookings(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    _add_bookings(world, 1, 0)
    auth.login_as(world.mentor)
    small_list = _queries(client, "/meetings/")
    auth.login_as(world.learner)
    book_url = f"/meetings/book/{world.enrollment.id}?mentor_id={world.mentor.id}&week=1"
    small_book = _queries(client, book_url)
    _add_bookings(world, 11, 1)
    auth.login_as(world.mentor)
    assert _queries(client, "/meetings/") == small_list
    auth.login_as(world.learner)
    assert _queries(client, book_url) == small_book


def test_the_session_page_costs_the_same_with_a_short_or_long_history(app, client, auth, monkeypatch):
    from lms.meetings import booking_changes

    world, _ = setup(monkeypatch, max_reschedules=10)
    short = bookings.book(world.enrollment, world.mentor.id, NEXT_MONDAY_9, 30, actor=world.learner)
    long = bookings.book(world.other_enrollment, world.mentor.id, NEXT_MONDAY_9 + timedelta(days=1), 30,
                         actor=world.other_learner)
    for hours in range(1, 7):
        booking_changes.reschedule(long, NEXT_MONDAY_9 + timedelta(days=1, hours=hours % 6 + 1), 30, world.mentor)
    db.session.commit()
    auth.login_as(world.mentor)
    assert _queries(client, f"/meetings/{short.id}") == _queries(client, f"/meetings/{long.id}")
