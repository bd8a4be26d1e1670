"""A world for submission and review tests: a running cohort with an assignment, a mentor and learners."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from lms.cohorts.models import EnrollmentRole
from tests.conftest import in_app_context
from tests.factories.auth import make_admin, make_user
from tests.factories.submissions import enroll, make_cohort, make_track


@pytest.fixture
def app(app_factory):
    """Periodic tasks do not tick on requests here, so each test decides what runs when."""
    with in_app_context(app_factory(JOBS_TICK_ON_REQUESTS=False)) as app:
        yield app


@dataclass
class World:
    track: object
    lesson: object
    cohort: object
    mentor: object
    learner: object
    other_learner: object
    enrollment: object
    other_enrollment: object
    admin: object


def make_world() -> World:
    """A running cohort with an assignment, its mentor, two learners and an admin."""
    track, lesson = make_track()
    cohort = make_cohort(track, name="Spring cohort")
    mentor = make_user(name="Ana Mentor", email="ana@example.org")
    learner = make_user(name="Lea Learner", email="lea@example.org")
    other = make_user(name="Otto Other", email="otto@example.org")
    admin = make_admin(name="Ada Admin", email="ada@example.org")
    enroll(cohort, mentor, EnrollmentRole.MENTOR)
    enrollment = enroll(cohort, learner, mentor=mentor)
    other_enrollment = enroll(cohort, other, mentor=mentor)
    return World(track, lesson, cohort, mentor, learner, other, enrollment, other_enrollment, admin)


@pytest.fixture
def world(app) -> World:
    return make_world()
