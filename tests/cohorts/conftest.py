"""Cohort test fixtures: a track with every kind of item, a running cohort, a mentor."""
from __future__ import annotations

import pytest

from lms.cohorts.models import EnrollmentRole
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort, make_track


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def cohort(track):
    return make_cohort(track, name="Spring cohort")


@pytest.fixture
def mentor(app):
    return make_user(email="mentor@example.org", name="Marco Mentor", skills=["html", "css"])


@pytest.fixture
def mentor_enrollment(cohort, mentor):
    return enrol(cohort, mentor, EnrollmentRole.MENTOR)


@pytest.fixture
def learner_enrollment(cohort, user, mentor_enrollment, mentor):
    return enrol(cohort, user, mentor=mentor)
