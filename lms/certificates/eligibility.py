"""What a certificate needs to know about a learner's work: is the track complete, when
was it completed, who mentored them, what did they score.

The completion rule itself is the tracks feature's pure ``evaluate_completion``; this
module only gathers the facts it needs from the database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Decision, Review
from lms.submissions.models import Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind, LessonProgress, QuizAttempt

# Learners who finished or are still active may receive a certificate; withdrawn ones not.
ELIGIBLE_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


@dataclass(frozen=True)
class Completion:
    complete: bool
    missing: list[str]
    completed_at: datetime | None  # the latest piece of work that counted


@dataclass(frozen=True)
class Score:
    points: int
    max_points: int


def learner_enrollment(user_id: int, cohort_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.cohort_id == cohort_id,
        Enrollment.role == EnrollmentRole.LEARNER))


def completion_of(user_id: int, cohort: Cohort) -> Completion:
    """Evaluate the track's completion rule for one learner of ``cohort``."""
    from lms.tracks.completion import evaluate_completion  # the tracks feature's pure rule

    facts = completion_facts(user_id, cohort)
    result = evaluate_completion(cohort.track.completion or {}, facts["facts"])
    return Completion(bool(result.complete), list(result.missing),
                      facts["last_activity_at"] if result.complete else None)


def completion_facts(user_id: int, cohort: Cohort) -> dict:
    """The learner's finished work in the cohort's track, as plain data."""
    lessons = db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.kind, Lesson.title)
        .where(Lesson.track_id == cohort.track_id, Lesson.is_archived.is_(False))
        .order_by(Lesson.position, Lesson.id)).all()
    lesson_ids = [row.id for row in lessons]
    done = dict(db.session.execute(
        select(LessonProgress.lesson_id, LessonProgress.completed_at)
        .where(LessonProgress.user_id == user_id, LessonProgress.lesson_id.in_(lesson_ids))).all())
    passed = dict(db.session.execute(
        select(QuizAttempt.lesson_id, func.min(QuizAttempt.submitted_at))
        .where(QuizAttempt.user_id == user_id, QuizAttempt.passed.is_(True),
               QuizAttempt.lesson_id.in_(lesson_ids))
        .group_by(QuizAttempt.lesson_id)).all())
    approved = dict(db.session.execute(
        select(Submission.lesson_id, Submission.decided_at)
        .where(Submission.user_id == user_id, Submission.cohort_id == cohort.id,
               Submission.status == SubmissionStatus.APPROVED)).all())
    by_kind = {kind: [row.slug for row in lessons if row.kind == kind] for kind in LessonKind}
    slug_of = {row.id: row.slug for row in lessons}
    moments = [m for m in (*done.values(), *passed.values(), *approved.values()) if m is not None]
    return {
        "facts": {
            "lessons": by_kind[LessonKind.LESSON],
            "assignments": by_kind[LessonKind.ASSIGNMENT],
            "quizzes": by_kind[LessonKind.QUIZ],
            "completed_lessons": sorted(slug_of[i] for i in done),
            "approved_assignments": sorted(slug_of[i] for i in approved if i in slug_of),
            "passed_quizzes": sorted(slug_of[i] for i in passed),
            "titles": {row.slug: row.title for row in lessons},
        },
        "last_activity_at": max(moments) if moments else utcnow(),
    }


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
