"""Who may moderate which space: mentors of the cohort (of any cohort of the track for the
track space) and admins; never learners, never a mentor of another cohort or track."""
from __future__ import annotations

from lms import permissions
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.extensions import db


def test_a_learner_moderates_no_space_not_even_their_own(world):
    for space in (world.space_a, world.track_space):
        assert permissions.can_view_space(world.learner_a, space)
        assert not permissions.can_moderate_space(world.learner_a, space)
    assert not permissions.can_moderate_any_space(world.learner_a)


def test_a_mentor_of_cohort_b_cannot_moderate_cohort_a_but_moderates_the_shared_track_space(world):
    assert not permissions.can_moderate_space(world.mentor_b, world.space_a)
    assert permissions.can_moderate_space(world.mentor_b, world.space_b)
    assert permissions.can_moderate_space(world.mentor_b, world.track_space)


def test_a_mentor_of_another_track_moderates_none_of_this_track(world):
    for space in (world.space_a, world.space_b, world.track_space):
        assert not permissions.can_moderate_space(world.mentor_c, space)


def test_an_admin_moderates_every_space_and_moves_anywhere(world):
    assert all(permissions.can_moderate_space(world.admin, s)
               for s in (world.space_a, world.space_b, world.space_c, world.track_space))
    assert permissions.can_move_topic(world.admin, world.topic, world.space_b)


def test_moving_needs_both_spaces(world):
    assert permissions.can_move_topic(world.mentor_a, world.topic, world.track_space)
    assert not permissions.can_move_topic(world.mentor_a, world.topic, world.space_b)


def test_a_mentor_who_left_the_cohort_stops_moderating_at_once(world):
    enrollment = db.session.query(Enrollment).filter_by(user_id=world.mentor_a.id).one()
    enrollment.status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    assert not permissions.can_moderate_space(world.mentor_a, world.space_a)
    assert not permissions.can_moderate_any_space(world.mentor_a)
