"""What a certificate needs to know about a learner's work: is the track complete, when
was it completed, who mentored them, what did they score.

Completion is ``lms.progress``'s evaluation of the track's rule for the enrolment; this
module adds what only certificates need.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.progress.completion import Completion, completion
from lms.progress.records import for_enrollment
from lms.reviews.models import Decision, Review
from lms.submissions.models import Submission, SubmissionStatus
from lms.tracks.queries import current_lessons

# Learners who finished or are still active may receive a certificate; withdrawn ones not.
ELIGIBLE_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


@dataclass(frozen=True)
class Score:
    points: int
    max_points: int


def learner_enrollment(user_id: int, cohort_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.cohort_id == cohort_id,
        Enrollment.role == EnrollmentRole.LEARNER))


def completion_of(enrollment: Enrollment) -> Completion:
    """The track's completion rule for this learner enrolment (``lms.progress``'s one evaluation)."""
    lessons = current_lessons([enrollment.cohort.track_id])
    return completion(enrollment.cohort.track, lessons, for_enrollment(enrollment, lessons))


def score_of(user_id: int, cohort_id: int) -> Score | None:
    """Points of the approving reviews over their maximum; None without reviewed assignments."""
    points, max_points = db.session.execute(
        select(func.coalesce(func.sum(Review.total_points), 0), func.coalesce(func.sum(Review.max_points), 0))
        .join(Submission, Submission.id == Review.submission_id)
        .where(Submission.user_id == user_id, Submission.cohort_id == cohort_id,
               Submission.status == SubmissionStatus.APPROVED, Review.decision == Decision.APPROVE)).one()
    return Score(int(points), int(max_points)) if max_points else None


def mentor_names(enrollment: Enrollment) -> list[str]:
    """The learner's own mentor, or else every active mentor of the cohort."""
    if enrollment.mentor is not None:
        return [enrollment.mentor.name]
    return list(db.session.scalars(
        select(User.name).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == enrollment.cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(User.name)))
