"""Mentor hours: sessions held (attended, or confirmed and ended), no-shows apart, workshops that
took place; the health page, its CSV and the module agree; two queries for any number of cohorts."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.health import views as health_views
from lms.meetings import hours, workshops
from lms.meetings.models import BookingStatus as B
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_booking, make_workshop
from tests.meetings import workshop_world
from tests.meetings.workshop_world import NOW
from tests.querycount import count_queries

clock = workshop_world.clock  # the fixture, shared by the workshop tests
world = workshop_world.world  # the fixture, shared by the workshop tests


@pytest.fixture
def held(world, monkeypatch):
    """In the cohort, with the mentor: 60 min attended, 30 min confirmed and ended, a no-show,
    a confirmed one still to come, a cancelled one; the cohort's 90-minute workshop that took
    place, a cancelled one, and a program-wide 45-minute office hours (counted for no cohort)."""
    monkeypatch.setattr(health_views, "utcnow", lambda: NOW)
    enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == world.learners[0].id))
    day = NOW - timedelta(days=3)
    make_booking(enrollment, world.mentor, day, minutes=60, status=B.ATTENDED)
    make_booking(enrollment, world.mentor, day + timedelta(hours=2), minutes=30, status=B.CONFIRMED)
    make_booking(enrollment, world.mentor, day + timedelta(hours=4), status=B.NO_SHOW)
    make_booking(enrollment, world.mentor, NOW + timedelta(hours=1), status=B.CONFIRMED)
    make_booking(enrollment, world.mentor, day + timedelta(hours=6), status=B.CANCELLED)
    make_workshop(world.mentor, NOW - timedelta(days=2), cohort=world.cohort, minutes=90)
    cancelled = make_workshop(world.mentor, NOW - timedelta(days=1), cohort=world.cohort)
    workshops.cancel_workshop(cancelled, "Ill", world.mentor)
    make_workshop(world.mentor, NOW - timedelta(days=1), minutes=45)
    db.session.commit()
    return world


def test_the_rule_counts_sessions_held_no_shows_apart_and_workshops_that_took_place(held):
    table = hours.mentor_hours([held.cohort.id], NOW, mentor_ids=[held.mentor.id])
    in_cohort = table.mentor(held.mentor.id, held.cohort.id)
    assert in_cohort == hours.Hours(session_minutes=90, sessions=2, no_shows=1, workshop_minutes=90, workshops=1)
    assert in_cohort.session_hours == 1.5 and in_cohort.total_hours == 3.0
    assert table.cohort(held.cohort.id) == in_cohort == table.total
    assert table.mentor(held.mentor.id).workshop_minutes == 135  # the program-wide office hours too
    assert table.cohort(held.other_cohort.id) == hours.NONE


def test_the_health_pages_and_csv_show_the_module_figures(client, auth, held):
    auth.login_as(held.admin)
    page = client.get(f"/cohorts/{held.cohort.id}/health").get_data(as_text=True)
    assert "Mentor hours" in page and "<td class=\"num\">1.5</td>" in page and "<td class=\"num\">3.0</td>" in page
    rows = list(csv.reader(io.StringIO(client.get(f"/cohorts/{held.cohort.id}/health.csv").get_data(as_text=True))))
    values = {(section, subject, figure): value for section, subject, figure, value in rows[1:]}
    assert values[("mentor", "Mia Mentor", "one-to-one hours")] == "1.5"
    assert values[("mentor", "Mia Mentor", "no-shows")] == "1"
    assert values[("mentor", "Mia Mentor", "workshop hours")] == "1.5"
    assert values[("cohort", "Spring cohort", "mentor hours")] == "3.0"
    org = list(csv.reader(io.StringIO(client.get("/health.csv").get_data(as_text=True))))
    by_cohort = {row[0]: dict(zip(org[0], row, strict=True)) for row in org[1:]}
    assert by_cohort["Spring cohort"]["mentor hours"] == "3.0"
    assert by_cohort["All cohorts"]["one-to-one sessions"] == "2"
    assert "3.0" in client.get("/health").get_data(as_text=True)


def test_two_queries_for_one_cohort_or_thirty(held):
    cohorts = [make_cohort(commit=False) for _ in range(29)]
    db.session.flush()
    for cohort in cohorts:
        enrol(cohort, held.mentor, commit=False)
        make_workshop(held.mentor, NOW - timedelta(days=1), cohort=cohort, commit=False)
    db.session.commit()
    first, ids, mentor_id = held.cohort.id, [c.id for c in cohorts], held.mentor.id
    with count_queries() as one:
        hours.mentor_hours([first], NOW, mentor_ids=[mentor_id])
    with count_queries() as many:
        table = hours.mentor_hours([first, *ids], NOW, mentor_ids=[mentor_id])
    assert one.count == many.count == 2
    assert table.mentor(mentor_id).workshops == 31
