"""Reviewers asking for work at the same moment, each in its own session."""
from __future__ import annotations

from sqlalchemy import select

from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.extensions import db
from lms.peer import allocation
from lms.peer.errors import PeerError
from lms.peer.models import PeerReview
from lms.tracks.models import Lesson
from tests.factories.peer import hand_in_all, peer_cohort
from tests.race import race


def test_two_reviewers_at_once_take_two_different_least_reviewed_hand_ins(app):
    world = peer_cohort(4)
    hand_in_all(world, 0, 1, 2, 3)
    lesson_id = world.lesson.id
    reviewers = [world.enrollments[2].id, world.enrollments[3].id]

    def attempt(enrollment_id: int, ready) -> None:
        enrollment = db.session.get(Enrollment, enrollment_id)
        lesson = db.session.get(Lesson, lesson_id)
        ready()
        allocation.lease_next(enrollment, lesson, utcnow())

    outcomes = race(app, reviewers, attempt, PeerError, won="leased")
    assert outcomes == ["leased", "leased"]
    db.session.expire_all()
    taken = db.session.scalars(select(PeerReview.submission_id)).all()
    assert len(taken) == 2 and len(set(taken)) == 2


def test_one_reviewer_asking_twice_at_once_holds_one_lease(app):
    world = peer_cohort(4)
    hand_in_all(world)
    enrollment_id, lesson_id = world.enrollments[0].id, world.lesson.id

    def attempt(_, ready) -> None:
        enrollment = db.session.get(Enrollment, enrollment_id)
        lesson = db.session.get(Lesson, lesson_id)
        ready()
        allocation.lease_next(enrollment, lesson, utcnow())

    outcomes = race(app, [1, 2], attempt, PeerError, won="leased")
    assert outcomes == ["leased", "leased"]
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(PeerReview.id))) == 1


def test_the_same_review_sent_twice_at_once_is_stored_and_counted_once(app):
    from sqlalchemy.orm.exc import StaleDataError

    from lms.peer import writing
    from lms.peer.errors import StalePeerReview
    from tests.factories.peer import duty

    world = peer_cohort(2, reviews=2)
    hand_in_all(world)
    review_id = allocation.lease_next(world.enrollments[0], world.lesson, utcnow()).id
    db.session.commit()

    def attempt(_, ready) -> None:
        review = db.session.get(PeerReview, review_id)
        data = writing.PeerReviewData(review.version, [0], [""], "Once")
        ready()
        writing.submit_review(review, data, None, utcnow())

    class Refused(Exception):
        pass

    def guarded(arg, ready):
        try:
            attempt(arg, ready)
        except (StaleDataError, StalePeerReview, PeerError) as error:
            raise Refused() from error

    outcomes = race(app, [1, 2], guarded, Refused, won="sent")
    assert sorted(outcomes) == ["refused", "sent"]
    assert duty(world.enrollments[0], world.lesson).given == 1
