"""Dashboard fixtures: a track with every kind of item and a running cohort."""
from __future__ import annotations

import pytest

from tests.factories.cohorts import make_cohort, make_track


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def cohort(track):
    return make_cohort(track, name="Spring cohort")
