"""A world for workshops: a running cohort (learners in Berlin and New York, a mentor in
Kolkata), a second cohort with its own learner, an admin; and a clock that stands still.
Test modules import ``world`` and ``clock`` from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from lms.cohorts.models import EnrollmentRole
from lms.meetings import workshop_seats, workshops
from lms.meetings.views import workshops as workshop_views
from tests.clock import Clock
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_workshop

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)  # a Monday


@pytest.fixture
def clock(monkeypatch):
    return Clock(NOW).freeze(monkeypatch, workshops, workshop_seats, workshop_views)


@dataclass
class World:
    cohort: object
    other_cohort: object
    mentor: object
    other_mentor: object
    learners: list
    stranger: object     # a learner of the other cohort
    admin: object
    workshop: object     # the cohort's workshop, tomorrow, hosted by the mentor, 2 seats


@pytest.fixture
def world(app, clock) -> World:
    cohort, other = make_cohort(name="Spring cohort"), make_cohort(name="Autumn cohort")
    mentor = make_user(name="Mia Mentor", email="mia@example.org", timezone="Asia/Kolkata")
    other_mentor = make_user(name="Max Mentor", email="max@example.org")
    zones = ["Europe/Berlin", "America/New_York", "UTC", "UTC"]
    learners = [make_user(name=f"Learner {i}", email=f"learner{i}@example.org", timezone=zone)
                for i, zone in enumerate(zones)]
    stranger = make_user(name="Sam Stranger", email="sam@example.org")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(other, other_mentor, EnrollmentRole.MENTOR)
    for learner in learners:
        enrol(cohort, learner, mentor=mentor)
    enrol(other, stranger, mentor=other_mentor)
    admin = make_admin(name="Ada Admin", email="ada@example.org")
    workshop = make_workshop(mentor, NOW + timedelta(days=1), cohort=cohort, seats=2, timezone="Asia/Kolkata")
    return World(cohort, other, mentor, other_mentor, learners, stranger, admin, workshop)
