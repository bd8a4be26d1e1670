"""Mentorship fixtures: a running cohort that lets learners request mentors, three mentors, a learner."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.cohorts.relationships import ensure_profile
from lms.extensions import db
from lms.profiles.models import Profile
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort, make_track


@dataclass
class World:
    cohort: Cohort
    mentors: list          # three mentors (Users) enrolled as mentors
    learner: object        # a User
    enrollment: Enrollment  # the learner's


@pytest.fixture
def world(app) -> World:
    cohort = make_cohort(make_track(), name="Spring cohort", learners_request_mentors=True,
                         request_response_days=3)
    mentors = [make_user(name=name, skills=["html"]) for name in ("Ana Mentor", "Ben Mentor", "Cleo Mentor")]
    for mentor in mentors:
        enrol(cohort, mentor, EnrollmentRole.MENTOR)
    learner = make_user(name="Lea Learner", skills=["css"])
    return World(cohort, mentors, learner, enrol(cohort, learner))


def set_capacity(user, maximum: int | None = None, *, active: int | None = None, away_until=None) -> None:
    ensure_profile(user.id)
    profile = db.session.get(Profile, user.id)
    profile.max_mentees = maximum
    if active is not None:
        profile.active_mentees = active
    profile.away_until = away_until
    db.session.commit()


def learner_in(cohort, name: str = "Another Learner") -> tuple[object, Enrollment]:
    user = make_user(name=name)
    return user, enrol(cohort, user)
