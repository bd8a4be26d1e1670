"""A mentor who is withdrawn from a cohort gives back, at once, the work they were reviewing
there: their claims stop blocking the other mentors, and they can no longer review."""
from __future__ import annotations

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.cohorts import enrolment
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.reviews import services
from lms.submissions.models import Submission, SubmissionStatus as S
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort
from tests.reviews.helpers import waiting_submission


def _mentor_enrollment(world) -> Enrollment:
    return db.session.scalar(select(Enrollment).where(Enrollment.cohort_id == world.cohort.id,
                                                      Enrollment.user_id == world.mentor.id))


def test_withdrawing_a_mentor_releases_their_claims_in_that_cohort_only(app, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    elsewhere = make_cohort(world.track, name="Autumn cohort")
    enroll(elsewhere, world.mentor, EnrollmentRole.MENTOR)
    other_learner = enroll(elsewhere, make_user(name="Ola"))
    kept = hand_in(other_learner, world.lesson).submission
    services.claim(kept, world.mentor)
    db.session.commit()

    enrolment.withdraw(_mentor_enrollment(world), world.admin)
    db.session.commit()

    released = db.session.get(Submission, submission.id)
    assert released.status == S.SUBMITTED and released.claimed_by_id is None and released.claimed_at is None
    last = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == submission.id)
                              .order_by(AuditEvent.id.desc())).first()
    assert last.action == "claim_released_on_withdrawal" and last.actor_id == world.admin.id
    still = db.session.get(Submission, kept.id)
    assert still.status == S.IN_REVIEW and still.claimed_by_id == world.mentor.id


def test_another_mentor_claims_at_once_and_the_withdrawn_one_cannot_review(client, auth, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    db.session.commit()
    auth.login_as(world.admin)
    response = client.post(f"/cohorts/{world.cohort.id}/enrollments/{_mentor_enrollment(world).id}/withdraw")
    assert response.status_code == 302

    auth.login_as(second)
    assert client.post(f"/reviews/{submission.id}/claim").status_code == 302
    assert db.session.get(Submission, submission.id).claimed_by_id == second.id
    auth.login_as(world.mentor)
    assert client.get(f"/reviews/{submission.id}").status_code in (403, 404)
    assert client.post(f"/reviews/{submission.id}/claim").status_code in (403, 404)
    assert client.get("/reviews/").status_code == 403


def test_withdrawing_a_learner_leaves_the_mentors_claims_alone(app, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    db.session.commit()
    enrolment.withdraw(world.other_enrollment, world.admin)
    db.session.commit()
    assert db.session.get(Submission, submission.id).claimed_by_id == world.mentor.id
