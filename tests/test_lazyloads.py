"""The lazy-load guard of tests/lazyloads.py: it names the load, fails even when the load's
exception is swallowed (a view's 500 page), allows what a test plans, and ignores eager loads."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.tracks.models import Track
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort, make_track
from tests.lazyloads import UnplannedLazyLoad, no_lazy_loads


@pytest.fixture
def track_id(app):
    track = make_track()
    cohort = make_cohort(track)
    enrol(cohort, make_user())
    track_id = track.id
    db.session.expunge_all()
    return track_id


def test_a_lazy_relationship_load_raises_and_names_it(track_id):
    track = db.session.get(Track, track_id)
    with pytest.raises(UnplannedLazyLoad, match=r"Track\.lessons ×1"):
        with no_lazy_loads():
            track.lessons  # noqa: B018 - the access is the point


def test_a_swallowed_lazy_load_still_fails_when_the_block_ends(track_id):
    track = db.session.get(Track, track_id)
    with pytest.raises(UnplannedLazyLoad, match=r"Track\.lessons"):
        with no_lazy_loads():
            try:
                track.lessons  # noqa: B018
            except UnplannedLazyLoad:
                pass  # what an error handler turning it into a 500 page does


def test_a_planned_load_is_allowed_and_counted(track_id):
    track = db.session.get(Track, track_id)
    with no_lazy_loads(planned={"Track.lessons"}) as loads:
        assert len(track.lessons) == 6
    assert loads.loads == {"Track.lessons": 1}


def test_eager_loads_and_identity_map_hits_are_not_lazy_loads(track_id):
    with no_lazy_loads() as loads:
        enrollments = db.session.scalars(select(Enrollment).options(
            selectinload(Enrollment.cohort).selectinload(Cohort.track).selectinload(Track.lessons))).all()
        assert enrollments[0].cohort.track.lessons
        same = db.session.get(Cohort, enrollments[0].cohort_id)
        assert same.track is enrollments[0].cohort.track  # many-to-one found in the session: no SQL
    assert not loads.loads


def test_a_deferred_or_expired_column_load_is_named(track_id):
    track = db.session.scalars(select(Track).options(defer(Track.title))).one()
    with pytest.raises(UnplannedLazyLoad, match=r"Track\.title"):
        with no_lazy_loads():
            track.title  # noqa: B018
    db.session.expire(track, ["slug"])
    with no_lazy_loads(planned={"Track.slug"}) as loads:
        track.slug  # noqa: B018
    assert loads.loads == {"Track.slug": 1}
