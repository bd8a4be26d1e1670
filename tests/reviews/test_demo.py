from sqlalchemy import select

from lms.extensions import db
from lms.reviews.demo import demo_reviews
from lms.submissions.models import Submission, SubmissionStatus
from tests.factories.auth import make_user
from tests.factories.submissions import enroll


def test_demo_step_fills_the_mentors_queue_once(world):
    accounts = {"mentor": world.mentor, "learner": world.learner}
    for handle in ("learner2", "learner3", "learner4"):
        accounts[handle] = make_user(name=handle)
        enroll(world.cohort, accounts[handle], mentor=world.mentor)
    assert "4 piece(s)" in demo_reviews(accounts)
    db.session.commit()
    assert "0 piece(s)" in demo_reviews(accounts)  # idempotent
    statuses = dict(db.session.execute(select(Submission.user_id, Submission.status)).all())
    assert statuses[world.learner.id] == SubmissionStatus.CHANGES_REQUESTED
    assert sorted(s.value for s in statuses.values()).count("submitted") == 3


def test_demo_step_skips_without_the_cohort(world):
    world.cohort.name = "Other"
    db.session.commit()
    assert "skipped" in demo_reviews({"mentor": world.mentor})
