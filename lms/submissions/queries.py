"""Reading submissions in bulk, with a constant number of queries.

Also what the dashboards and ``lms.progress`` read: ``waiting_summary_for_mentor``,
``recent_feedback_for_learner`` and ``assignment_statuses`` (per enrolment).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.permissions import reviewable_submission_clause
from lms.reviews.models import Review
from lms.submissions.models import WAITING_STATUSES, Attempt, AttemptFile, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind


def learner_assignment(user_id: int, cohort_id: int, lesson_id: int) -> tuple[Enrollment | None, Lesson | None]:
    """The learner's enrollment and the assignment, when the assignment belongs to the cohort's track."""
    enrollment = db.session.scalar(select(Enrollment).options(joinedload(Enrollment.cohort)).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.LEARNER))
    lesson = db.session.get(Lesson, lesson_id)
    if enrollment is None or lesson is None or lesson.kind != LessonKind.ASSIGNMENT \
            or lesson.track_id != enrollment.cohort.track_id:
        return None, None
    return enrollment, lesson


@dataclass
class SubmissionPage:
    submission: Submission
    attempts: list[Attempt]                      # oldest first, with files
    reviews: dict[int, Review] = field(default_factory=dict)  # attempt id -> review

    @property
    def current(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def previous(self) -> Attempt | None:
        return self.attempts[-2] if len(self.attempts) > 1 else None

    @property
    def last_review(self) -> Review | None:
        return next((self.reviews[a.id] for a in reversed(self.attempts) if a.id in self.reviews), None)


def submission_page(submission_id: int) -> SubmissionPage | None:
    """A submission with everything its pages show, in three queries."""
    submission = db.session.scalar(
        select(Submission).where(Submission.id == submission_id).options(
            joinedload(Submission.user), joinedload(Submission.lesson), joinedload(Submission.cohort),
            joinedload(Submission.enrollment), joinedload(Submission.claimed_by),
            selectinload(Submission.attempts).selectinload(Attempt.files)))
    if submission is None:
        return None
    reviews = db.session.scalars(select(Review).where(Review.submission_id == submission.id)
                                 .options(joinedload(Review.reviewer))).all()
    return SubmissionPage(submission, list(submission.attempts), {r.attempt_id: r for r in reviews})


def attempt_file(file_id: int) -> AttemptFile | None:
    return db.session.scalar(select(AttemptFile).where(AttemptFile.id == file_id).options(
        joinedload(AttemptFile.attempt).joinedload(Attempt.submission).joinedload(Submission.cohort)))


def audit_for(submission: Submission):
    from lms.audit.services import events_for

    return events_for(submission)


def submissions_of_learner(user_id: int) -> list[Submission]:
    return list(db.session.scalars(
        select(Submission).where(Submission.user_id == user_id)
        .options(joinedload(Submission.lesson), joinedload(Submission.cohort))
        .order_by(Submission.updated_at.desc())))


# --- For the dashboards and completion rules ------------------------------------------

def waiting_summary_for_mentor(user_id: int) -> tuple[int, datetime | None]:
    """How much work waits for this user's review, and since when the oldest waits."""
    user = db.session.get(User, user_id)
    if user is None:
        return 0, None
    count, oldest = db.session.execute(
        select(func.count(Submission.id), func.min(Submission.waiting_since))
        .where(Submission.status.in_(WAITING_STATUSES), reviewable_submission_clause(user))).one()
    return count or 0, oldest


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
    from flask import url_for

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


def assignment_statuses(enrollment_ids, lesson_ids) -> dict[tuple[int, int], AssignmentStatus]:
    """(enrolment id, lesson id) -> status, for every pair with a submission, in two queries.

    Work belongs to the enrolment it was handed in for: a learner's submissions in an
    earlier cohort of the same track never show in a later one.
    """
    enrollment_ids, lesson_ids = list(enrollment_ids), list(lesson_ids)
    if not enrollment_ids or not lesson_ids:
        return {}
    rows = db.session.execute(
        select(Submission, Attempt.submitted_at, Attempt.is_late)
        .outerjoin(Attempt, (Attempt.submission_id == Submission.id) & (Attempt.number == Submission.attempt_count))
        .where(Submission.enrollment_id.in_(enrollment_ids), Submission.lesson_id.in_(lesson_ids))).all()
    latest_reviews = _latest_reviews([submission.id for submission, _, _ in rows])
    result = {}
    for submission, submitted_at, late in rows:
        review = latest_reviews.get(submission.id)
        result[(submission.enrollment_id, submission.lesson_id)] = AssignmentStatus(
            status=submission.status.value, points=review.total_points if review else None,
            attempts=submission.attempt_count, submitted_at=submitted_at,
            reviewed_at=review.created_at if review else None, late=bool(late), submission_id=submission.id)
    return result


def _latest_reviews(submission_ids: list[int]) -> dict[int, Review]:
    if not submission_ids:
        return {}
    newest = (select(func.max(Review.id)).where(Review.submission_id.in_(submission_ids))
              .group_by(Review.submission_id))
    return {r.submission_id: r for r in db.session.scalars(select(Review).where(Review.id.in_(newest)))}


@dataclass
class AssignmentPanel:
    """What the assignment page shows the signed-in learner about their work."""
    cohort: object
    lesson: Lesson
    submission: Submission | None
    reviews: dict[int, Review]
    can_submit: bool
    due_at: datetime | None
    attempts_left: int | None


def assignment_panel(user, lesson: Lesson, cohort=None) -> AssignmentPanel | None:
    """None unless ``user`` is a learner in a cohort of the lesson's track (``cohort`` if given)."""
    from lms.cohorts.models import Cohort, EnrollmentStatus
    from lms.permissions import can_submit_work
    from lms.submissions import deadlines
    from lms.submissions.services import attempts_left

    if not getattr(user, "is_authenticated", False) or lesson.kind != LessonKind.ASSIGNMENT:
        return None
    query = (select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
             .options(joinedload(Enrollment.cohort))
             .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.LEARNER,
                    Cohort.track_id == lesson.track_id)
             .order_by((Enrollment.status == EnrollmentStatus.ACTIVE).desc(), Enrollment.enrolled_at.desc()))
    if cohort is not None:
        query = query.where(Enrollment.cohort_id == cohort.id)
    enrollment = db.session.scalars(query.limit(1)).first()
    if enrollment is None:
        return None
    submission = db.session.scalar(select(Submission).where(
        Submission.cohort_id == enrollment.cohort_id, Submission.user_id == user.id,
        Submission.lesson_id == lesson.id).options(selectinload(Submission.attempts)))
    reviews = {}
    if submission is not None:
        reviews = {r.attempt_id: r for r in db.session.scalars(select(Review).where(
            Review.submission_id == submission.id))}
    return AssignmentPanel(cohort=enrollment.cohort, lesson=lesson, submission=submission, reviews=reviews,
                           can_submit=can_submit_work(user, enrollment),
                           due_at=deadlines.due_at(enrollment.cohort, lesson),
                           attempts_left=attempts_left(submission, lesson))
