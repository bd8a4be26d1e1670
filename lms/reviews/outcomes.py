"""What reviews decided, read in bulk: each assignment's latest status and points per
enrolment (for ``lms.progress``), a learner's recent feedback (for the dashboard), and the
reviews of a submission's attempts (registered for the submissions pages)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql import ClauseElement

from lms.auth.models import User
from lms.database import as_utc
from lms.extensions import db
from lms.reviews.models import Review
from lms.submissions.models import Attempt, Submission
from lms.tracks.models import Lesson


def reviews_by_attempt(submission_id: int) -> dict[int, Review]:
    """attempt id -> its review, reviewers and the learner's rating loaded, in one query."""
    reviews = db.session.scalars(select(Review).where(Review.submission_id == submission_id)
                                 .options(joinedload(Review.reviewer), joinedload(Review.rating))).all()
    return {review.attempt_id: review for review in reviews}


@dataclass(frozen=True)
class Feedback:
    submission_id: int
    lesson_id: int
    lesson_title: str
    decision: str          # approve | request_changes | not_passed
    reviewed_at: datetime
    reviewer_name: str
    url: str


def recent_feedback_for_learner(user_id: int, limit: int = 5) -> list[Feedback]:
    rows = db.session.execute(
        select(Review, Lesson.id, Lesson.title, User.name)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .outerjoin(User, User.id == Review.reviewer_id)
        .where(Submission.user_id == user_id)
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)).all()
    return [Feedback(review.submission_id, lesson_id, title, review.decision.value, review.created_at,
                     reviewer or "A former mentor", url_for("submissions.detail", submission_id=review.submission_id))
            for review, lesson_id, title, reviewer in rows]


@dataclass(frozen=True)
class AssignmentStatus:
    status: str                    # a SubmissionStatus value
    points: int | None             # of the latest review
    attempts: int
    submitted_at: datetime | None  # of the latest attempt
    reviewed_at: datetime | None   # of the latest review
    late: bool                     # the latest attempt was late
    submission_id: int = 0
    decided_at: datetime | None = None  # when it was approved or recorded as not passed


def assignment_statuses(enrollment_ids, lesson_ids) -> dict[tuple[int, int], AssignmentStatus]:
    """(enrolment id, lesson id) -> status, for every pair with a submission, in one query.

    Work belongs to the enrolment it was handed in for: a learner's submissions in an
    earlier cohort of the same track never show in a later one. ``enrollment_ids`` may be
    a subquery (a whole cohort) rather than a list.
    """
    if not isinstance(enrollment_ids, ClauseElement):
        enrollment_ids = list(enrollment_ids)
        if not enrollment_ids:
            return {}
    lesson_ids = list(lesson_ids)
    if not lesson_ids:
        return {}
    latest = select(Review).where(Review.submission_id == Submission.id).order_by(Review.id.desc()).limit(1)
    rows = db.session.execute(
        select(Submission.id, Submission.enrollment_id, Submission.lesson_id, Submission.status,
               Submission.attempt_count, Submission.decided_at, Attempt.submitted_at, Attempt.is_late,
               latest.with_only_columns(Review.total_points).scalar_subquery(),
               latest.with_only_columns(Review.created_at).scalar_subquery())
        .outerjoin(Attempt, (Attempt.submission_id == Submission.id) & (Attempt.number == Submission.attempt_count))
        .where(Submission.enrollment_id.in_(enrollment_ids), Submission.lesson_id.in_(lesson_ids))).all()
    return {(enrollment_id, lesson_id): AssignmentStatus(
                status=status.value, points=points, attempts=attempts, submitted_at=submitted_at,
                reviewed_at=as_utc(reviewed_at), late=bool(late), submission_id=submission_id,
                decided_at=decided_at)
            for (submission_id, enrollment_id, lesson_id, status, attempts, decided_at, submitted_at, late, points,
                 reviewed_at) in rows}
