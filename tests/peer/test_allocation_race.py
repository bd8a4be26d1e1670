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
