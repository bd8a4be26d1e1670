"""Free times as people see them: the mentor's 7-day preview in their zone, and a cohort's mentors
with their next free times in the viewer's zone (the mentor's beside), links to book only with
one's own mentors, and a page that runs the same queries for 1 or 300 mentors."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from flask import url_for

from lms.cohorts.models import EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.meetings.views import availability as views
from tests.clock import Clock
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_booking, make_schedule
from tests.querycount import count_queries

UTC = timezone.utc
NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)  # Monday 4 January 2027, 08:00 UTC
TUESDAY_9_TO_10 = ((1, 9 * 60, 10 * 60),)


@pytest.fixture
def world(app, monkeypatch):
    Clock(NOW).freeze(monkeypatch, views)
    cohort = make_cohort()
    nora = make_user(name="Nora NewYork", timezone="America/New_York")
    kai = make_user(name="Kai Kolkata", timezone="Asia/Kolkata")
    for mentor in (nora, kai):
        enrol(cohort, mentor, EnrollmentRole.MENTOR)
    make_schedule(nora, timezone="America/New_York", rules=TUESDAY_9_TO_10, lengths=(30, 60), notice_hours=0,
                  buffer_minutes=0)
    make_schedule(kai, timezone="Asia/Kolkata", rules=TUESDAY_9_TO_10, lengths=(60,), notice_hours=0)
    learner = make_user(name="Lea Berlin", timezone="Europe/Berlin")
    enrollment = enrol(cohort, learner, mentor=nora)
    return cohort, nora, kai, learner, enrollment


def _times(page: str) -> list[str]:
    return re.findall(r'<time datetime="[^"]+">([^<]+)</time>', page)


def test_the_preview_shows_the_next_7_days_in_the_mentors_zone(client, auth, world):
    cohort, nora, *_ = world
    make_booking(world[4], nora, datetime(2027, 1, 5, 14, 30, tzinfo=UTC), buffer=0)  # 09:30-10:00 New York
    auth.login_as(nora)
    page = client.get("/meetings/availability").get_data(as_text=True)
    assert "Tue 5 Jan" in page and "Tue 12 Jan" not in page   # the next 7 days only
    assert _times(page) == ["09:00"]                          # 09:30 is booked; 09:00-10:00 (60) overlaps it
    assert "in America/New York" in page


def test_the_cohort_page_shows_times_in_the_viewers_zone_with_the_mentors_beside(client, auth, world):
    cohort, nora, kai, learner, enrollment = world
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/availability").get_data(as_text=True)
    # Tuesday 09:00 in New York is 15:00 in Berlin; Tuesday 09:00 in Kolkata is 04:30 in Berlin.
    assert "Tue 5 Jan" in page
    assert "15:00 (09:00 in New York)" in _times(page) and "04:30 (09:00 in Kolkata)" in _times(page)
    assert "in your time zone (Europe/Berlin)" in page


def test_slots_link_to_booking_only_with_the_viewers_own_mentors(client, auth, world, app):
    cohort, nora, kai, learner, enrollment = world
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/availability").get_data(as_text=True)
    with app.test_request_context():
        link = url_for("meetings.book", enrollment_id=enrollment.id, mentor_id=nora.id,
                       starts=datetime(2027, 1, 5, 14, tzinfo=UTC).isoformat(), minutes=60)
    assert link.replace("&", "&amp;") in page
    assert f"mentor_id={kai.id}" not in page and f"mentor_id%3D{kai.id}" not in page
    assert 'aria-label="60 min with Nora NewYork, Tue 5 Jan, 15:00 (09:00 in New York): book"' in page


def test_mentors_and_admins_see_the_times_without_booking_links(client, auth, world, admin):
    cohort, nora, *_ = world
    for viewer in (nora, admin):
        auth.login_as(viewer)
        page = client.get(f"/cohorts/{cohort.id}/availability").get_data(as_text=True)
        assert "Nora NewYork" in page and "Book " not in page


def test_strangers_and_withdrawn_learners_do_not_see_a_cohorts_availability(client, auth, world):
    cohort, _, _, learner, enrollment = world
    stranger = make_user()
    enrol(make_cohort(), stranger)
    auth.login_as(stranger)
    assert client.get(f"/cohorts/{cohort.id}/availability").status_code == 404
    enrollment.status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    auth.login_as(learner)
    assert client.get(f"/cohorts/{cohort.id}/availability").status_code == 404


def test_a_mentor_without_a_schedule_says_so(client, auth, world):
    cohort, *_ , learner, _ = world
    enrol(cohort, make_user(name="Quiet Quinn"), EnrollmentRole.MENTOR)
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/availability").get_data(as_text=True)
    assert "Quiet Quinn" in page and "Has not published their availability yet." in page


def test_the_cohort_page_runs_the_same_queries_for_1_or_300_mentors(client, auth, app, monkeypatch):
    Clock(NOW).freeze(monkeypatch, views)
    cohort = make_cohort()
    learner = make_user(timezone="Europe/Berlin")

    def add_mentors(count: int, first: int):
        mentors = []
        for n in range(first, first + count):
            mentor = make_user(name=f"Mentor {n:03d}", timezone="America/New_York", commit=False)
            db.session.flush()
            enrol(cohort, mentor, EnrollmentRole.MENTOR, commit=False)
            make_schedule(mentor, timezone=("America/New_York", "Europe/Berlin", "Asia/Kolkata")[n % 3],
                          lengths=(30, 60), notice_hours=0, commit=False)
            mentors.append(mentor)
        db.session.commit()
        return mentors

    [first] = add_mentors(1, 0)
    enrollment = enrol(cohort, learner, mentor=first)
    make_booking(enrollment, first, datetime(2027, 1, 5, 15, tzinfo=UTC))
    auth.login_as(learner)
    url = f"/cohorts/{cohort.id}/availability"
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    add_mentors(299, 1)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('class="card mentor-card"') == 300
    assert many.count == one.count, many
    assert many.count <= 20, many


def test_a_completed_learner_sees_the_times_but_cannot_book(client, auth, world):
    cohort, nora, _, learner, enrollment = world
    enrollment.status = EnrollmentStatus.COMPLETED
    db.session.commit()
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/availability").get_data(as_text=True)
    assert "15:00 (09:00 in New York)" in page and "Book " not in page


def test_mentors_find_my_availability_on_their_profile_and_members_the_cohort_page(client, auth, world):
    cohort, nora, _, learner, _ = world
    auth.login_as(nora)
    assert 'href="/meetings/availability">My availability</a>' in client.get("/profile").get_data(as_text=True)
    auth.login_as(learner)
    assert "My availability" not in client.get("/profile").get_data(as_text=True)
    schedule = client.get(f"/cohorts/{cohort.id}/schedule").get_data(as_text=True)
    assert f'href="/cohorts/{cohort.id}/availability">Mentor availability</a>' in schedule
