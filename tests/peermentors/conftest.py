"""A world for peer mentoring: track T with a running later cohort (a mentor, a learner), an
earlier finished cohort Gus completed, another track's cohort with its own learner, an admin."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_admin, make_user
from tests.factories.peermentors import make_graduate
from tests.factories.submissions import enroll, make_cohort, make_track
from tests.submissions.conftest import app  # noqa: F401 (periodic tasks do not tick on requests)


@dataclass
class World:
    track: object
    lesson: object
    cohort: object          # the later cohort, running
    earlier: object         # the cohort Gus completed
    mentor: object
    learner: object
    enrollment: object
    graduate: object
    other_cohort: object    # another track's running cohort
    other_learner: object
    other_enrollment: object
    admin: object


@pytest.fixture
def world(app) -> World:  # noqa: F811
    track, lesson = make_track()
    cohort = make_cohort(track, name="Autumn cohort")
    mentor = make_user(name="Ana Mentor", email="ana@example.org")
    learner = make_user(name="Lea Learner", email="lea@example.org")
    admin = make_admin(name="Ada Admin", email="ada@example.org")
    enroll(cohort, mentor, EnrollmentRole.MENTOR)
    enrollment = enroll(cohort, learner, mentor=mentor)
    graduate, earlier = make_graduate(cohort)
    other_track, _ = make_track()
    other_cohort = make_cohort(other_track, name="Other cohort")
    other_learner = make_user(name="Otto Other", email="otto@example.org")
    other_enrollment = enroll(other_cohort, other_learner)
    db.session.commit()
    return World(track, lesson, cohort, earlier, mentor, learner, enrollment, graduate, other_cohort,
                 other_learner, other_enrollment, admin)
