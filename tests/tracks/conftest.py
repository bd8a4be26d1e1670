"""Fixtures for the tracks tests: fixture folders, an imported track, a learner enrolled in it."""
from __future__ import annotations

import pytest

from lms.cohorts.models import EnrollmentRole
from tests.factories.auth import make_user
from tests.factories.tracks import FIXTURES, copy_fixture, enroll, import_folder


@pytest.fixture
def fixtures(monkeypatch):
    """Work inside tests/tracks/fixtures, so problem paths read ``good/track.md:3: ...``."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


@pytest.fixture
def good_folder(tmp_path):
    return copy_fixture("good", tmp_path)


@pytest.fixture
def track(app, good_folder):
    return import_folder(good_folder)


@pytest.fixture
def learner(app, track):
    user = make_user(email="lea@example.org", name="Lea Learner")
    enroll(user, track)
    return user


@pytest.fixture
def mentor(app, track):
    user = make_user(email="max@example.org", name="Max Mentor")
    enroll(user, track, role=EnrollmentRole.MENTOR)
    return user


@pytest.fixture
def outsider(app, track):
    return make_user(email="otto@example.org", name="Otto Outsider")
