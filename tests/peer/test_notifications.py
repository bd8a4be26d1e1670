"""The author hears that a peer reviewed their work, never who; a lifted duty says why."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from lms.peer import allocation, duties, writing
from tests.factories.peer import duty, hand_in_all, peer_cohort

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_the_author_is_told_without_the_reviewers_name(app):
    world = peer_cohort(2, names=["Rex Reviewer", "Ann Author"], reviews=1, anonymous=True)
    hand_in_all(world)
    review = allocation.lease_next(world.enrollments[0], world.lesson, T0)
    writing.submit_review(review, writing.PeerReviewData(review.version, [0], [""], "Good"), world.learners[0], T0)
    db.session.commit()
    told = db.session.query(Notification).filter_by(user_id=world.learners[1].id, kind="peer_review").one()
    assert told.title == "A peer reviewed your work on “Build your first site”"
    assert told.url == f"/submissions/{review.submission_id}#peer-reviews"
    email = db.session.query(OutboxEmail).filter_by(to=world.learners[1].email).filter(
        OutboxEmail.subject.like("A peer%")).one()
    for text in (told.title, told.body, email.subject, email.text):
        assert "Rex" not in text and world.learners[0].email not in text


def test_a_lifted_duty_tells_the_learner_why(app):
    world = peer_cohort(1, reviews=1)
    hand_in_all(world)
    duties.waive(duty(world.enrollments[0], world.lesson), "Your mentor lifted it: a small cohort.", T0)
    db.session.commit()
    told = db.session.query(Notification).filter_by(user_id=world.learners[0].id, kind="peer_duty").one()
    assert told.body == "Your mentor lifted it: a small cohort." and told.url == "/peer/"
