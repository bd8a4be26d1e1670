"""Reading submissions in bulk, with a constant number of queries.

Reviews build on submissions, so the pages here that show an attempt's review (the
submission page, the assignment panel) read it through the loader ``lms.reviews``
registers (:data:`ATTEMPT_REVIEWS`), never by importing reviews.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.audit.services import events_for
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.permissions import can_submit_work, reviewable_submission_clause
from lms.submissions import deadlines
from lms.submissions.models import WAITING_STATUSES, Attempt, AttemptFile, Submission
from lms.submissions.services import attempts_left
from lms.tracks.models import Lesson, LessonKind

# app.extensions key: ``loader(submission_id) -> {attempt id: review}``, set by lms.reviews.
ATTEMPT_REVIEWS = "lms.attempt_reviews"


def attempt_reviews(submission_id: int) -> dict[int, object]:
    """The reviews of a submission's attempts, by attempt id (none without the reviews feature)."""
    loader = current_app.extensions.get(ATTEMPT_REVIEWS)
    return loader(submission_id) if loader is not None else {}


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
    reviews: dict[int, object] = field(default_factory=dict)  # attempt id -> review

    @property
    def current(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def previous(self) -> Attempt | None:
        return self.attempts[-2] if len(self.attempts) > 1 else None

    @property
    def last_review(self):
        return next((self.reviews[a.id] for a in reversed(self.attempts) if a.id in self.reviews), None)


def submission_page(submission_id: int) -> SubmissionPage | None:
    """A submission with everything its pages show, in three queries."""
    submission = db.session.scalar(
        select(Submission).where(Submission.id == submission_id).options(
            joinedload(Submission.user), joinedload(Submission.lesson).joinedload(Lesson.track),
            joinedload(Submission.cohort), joinedload(Submission.enrollment), joinedload(Submission.claimed_by),
            selectinload(Submission.attempts).selectinload(Attempt.files)))
    if submission is None:
        return None
    return SubmissionPage(submission, list(submission.attempts), attempt_reviews(submission.id))


def attempt_file(file_id: int) -> AttemptFile | None:
    return db.session.scalar(select(AttemptFile).where(AttemptFile.id == file_id).options(
        joinedload(AttemptFile.attempt).joinedload(Attempt.submission).joinedload(Submission.cohort)))


def audit_for(submission: Submission):
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


@dataclass
class AssignmentPanel:
    """What the assignment page shows the signed-in learner about their work."""
    cohort: object
    lesson: Lesson
    submission: Submission | None
    reviews: dict[int, object]
    can_submit: bool
    due_at: datetime | None
    attempts_left: int | None


def assignment_panel(user, lesson: Lesson, cohort=None) -> AssignmentPanel | None:
    """None unless ``user`` is a learner in a cohort of the lesson's track (``cohort`` if given)."""
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
    reviews = attempt_reviews(submission.id) if submission is not None else {}
    return AssignmentPanel(cohort=enrollment.cohort, lesson=lesson, submission=submission, reviews=reviews,
                           can_submit=can_submit_work(user, enrollment),
                           due_at=deadlines.due_at(enrollment.cohort, lesson),
                           attempts_left=attempts_left(submission, lesson))
