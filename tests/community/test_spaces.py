"""Spaces: one per cohort and one per track, made on first use, once; who belongs to them."""
from __future__ import annotations

from sqlalchemy import func, select

from lms import permissions
from lms.cohorts import enrolment
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.community import spaces
from lms.community.models import Space, SpaceKind
from lms.extensions import db
from tests.factories.community import cohort_space
from tests.race import race


def test_a_cohort_space_and_its_track_space_are_made_once_on_first_use(world):
    first = cohort_space(world.cohort)
    assert cohort_space(world.cohort).id == first.id and first.kind == SpaceKind.COHORT
    track = spaces.track_space(world.track.id)
    assert spaces.track_space(world.track.id).id == track.id and track.cohort_id is None
    spaces.ensure_spaces([world.cohort, world.other_cohort])
    db.session.commit()
    assert db.session.scalar(select(func.count(Space.id))) == 3


def test_two_first_uses_at_the_same_moment_make_one_space(app, world):
    cohort_id, track_id = world.cohort.id, world.track.id

    def attempt(kind, ready):
        from lms.cohorts.models import Cohort
        cohort = db.session.get(Cohort, cohort_id)
        ready()
        spaces.cohort_space(cohort) if kind == "cohort" else spaces.track_space(track_id)

    outcomes = race(app, ["cohort", "cohort", "track", "track"], attempt, Exception)
    assert outcomes.count("won") == 4
    assert db.session.scalar(select(func.count(Space.id)).where(Space.cohort_id == cohort_id)) == 1
    assert db.session.scalar(select(func.count(Space.id)).where(Space.kind == SpaceKind.TRACK)) == 1


def test_a_learner_of_cohort_a_cannot_see_cohort_b_but_shares_the_track_space(world):
    space_a, space_b = cohort_space(world.cohort), cohort_space(world.other_cohort)
    track = spaces.track_space(world.track.id)
    assert permissions.can_view_space(world.learner, space_a)
    assert not permissions.can_view_space(world.learner, space_b)
    assert permissions.can_view_space(world.learner, track) and permissions.can_view_space(world.other_learner, track)
    spaces.ensure_member_spaces(world.learner)
    assert [s.id for s in spaces.spaces_of(world.learner)] == [track.id, space_a.id]


def test_a_withdrawn_learner_loses_access_and_an_alumna_keeps_the_track_space(world):
    space_a, track = cohort_space(world.cohort), spaces.track_space(world.track.id)
    enrolment.withdraw(world.enrollment, world.admin)
    db.session.commit()
    assert not permissions.can_view_space(world.learner, space_a)
    assert not permissions.can_view_space(world.learner, track)
    peer = db.session.scalar(select(Enrollment).where(Enrollment.user_id == world.peer.id))
    peer.status = EnrollmentStatus.COMPLETED
    db.session.commit()
    assert permissions.can_view_space(world.peer, track)


def test_the_navigation_shows_community_only_to_people_with_a_space(client, auth, world, user):
    auth.login_as(world.learner)
    assert b'href="/spaces/"' in client.get("/asks").data
    auth.login_as(user)
    assert b'href="/spaces/"' not in client.get("/asks").data
