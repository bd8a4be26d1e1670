"""The fair queue: oldest hand-in with the fewest reviews plus active leases, never one's own,
never twice, never across a block; one lease per reviewer; leases run out."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.cohorts.models import EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.peer import allocation
from lms.peer.errors import CalibrationNeeded, NothingToReview, PeerError
from lms.peer.models import PeerBlock, PeerReview, PeerReviewStatus
from tests.factories.peer import CALIBRATION, duty, hand_in_all, peer_cohort


def lease(world, index, now=None):
    review = allocation.lease_next(world.enrollments[index], world.lesson, now or utcnow())
    db.session.commit()
    return review


def author_index(world, review) -> int:
    return [e.id for e in world.enrollments].index(review.submission.enrollment_id)


def test_handing_in_creates_the_duty_once(app):
    world = peer_cohort(2, reviews=2)
    hand_in_all(world, 0)
    first = duty(world.enrollments[0], world.lesson)
    assert (first.required, first.given, first.met_at) == (2, 0, None)
    assert duty(world.enrollments[1], world.lesson) is None


def test_no_duty_on_an_assignment_without_peer_reviews(app):
    from tests.factories.auth import make_user
    from tests.factories.submissions import enroll, hand_in, make_cohort, make_track
    _, lesson = make_track()
    enrollment = enroll(make_cohort(lesson.track), make_user())
    hand_in(enrollment, lesson)
    assert duty(enrollment, lesson) is None


def test_the_oldest_least_reviewed_hand_in_comes_first_and_never_ones_own(app):
    world = peer_cohort(4)
    hand_in_all(world, 1, 2, 3, 0)
    assert author_index(world, lease(world, 0)) == 1    # the oldest
    assert author_index(world, lease(world, 3)) == 2    # 1 has a lease now: 2 has fewer
    assert author_index(world, lease(world, 1)) == 3
    assert author_index(world, lease(world, 2)) == 0


def test_asking_again_returns_the_open_lease(app):
    world = peer_cohort(3)
    hand_in_all(world)
    first = lease(world, 0)
    assert lease(world, 0).id == first.id
    assert db.session.query(PeerReview).count() == 1


def test_an_expired_lease_returns_to_the_pool_and_the_row_is_reused(app):
    world = peer_cohort(3)
    hand_in_all(world, 1, 2, 0)
    now = utcnow()
    first = lease(world, 0, now)
    assert author_index(world, first) == 1
    later = now + timedelta(hours=app.config["PEER_LEASE_HOURS"], minutes=1)
    # While 0's lease counted, learner 2 would get 0's work (fewer); now 1's, the oldest, is free again.
    assert author_index(world, lease(world, 2, later)) == 1
    again = lease(world, 0, later)   # 0's lease ran out: marked expired, and 0 is handed work again
    assert again.status == PeerReviewStatus.LEASED and author_index(world, again) == 2
    assert db.session.get(PeerReview, first.id).status == PeerReviewStatus.EXPIRED


def test_the_periodic_job_expires_leases(app):
    world = peer_cohort(2)
    hand_in_all(world)
    now = utcnow()
    review = lease(world, 0, now)
    assert allocation.expire_leases(now + timedelta(hours=25)) == 1
    db.session.commit()
    db.session.refresh(review)
    assert review.status == PeerReviewStatus.EXPIRED
    # The same reviewer may be handed the same hand-in again: the row is reused.
    assert lease(world, 0, now + timedelta(hours=26)).id == review.id


def test_a_released_hand_in_is_not_given_back_to_the_same_reviewer(app):
    world = peer_cohort(2)
    hand_in_all(world)
    review = lease(world, 0)
    allocation.release(review, utcnow())
    db.session.commit()
    with pytest.raises(NothingToReview):
        lease(world, 0)


def test_blocks_work_both_ways(app):
    world = peer_cohort(3)
    hand_in_all(world)
    db.session.add(PeerBlock(user_id=world.learners[2].id, blocked_user_id=world.learners[1].id))
    db.session.commit()
    assert author_index(world, lease(world, 2)) == 0
    assert author_index(world, lease(world, 1)) == 0     # 1 never gets 2's work either


def test_withdrawn_authors_are_not_reviewed(app):
    world = peer_cohort(3)
    hand_in_all(world)
    world.enrollments[1].status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    assert author_index(world, lease(world, 0)) == 2


def test_no_lease_before_handing_in_or_when_the_duty_is_met(app):
    world = peer_cohort(2, reviews=1)
    hand_in_all(world, 1)
    with pytest.raises(PeerError, match="Hand in your own work"):
        lease(world, 0)
    d = duty(world.enrollments[1], world.lesson)
    d.met_at = utcnow()
    db.session.commit()
    with pytest.raises(PeerError, match="no reviews left"):
        lease(world, 1)


def test_calibration_comes_before_the_first_lease(app):
    world = peer_cohort(2, calibration=CALIBRATION)
    hand_in_all(world)
    with pytest.raises(CalibrationNeeded):
        lease(world, 0)
