"""Learners' progress through a track, cell by cell, in bulk: a fixed number of queries.

Same rule as ``lms.tracks.progress`` (which gives totals only): a lesson is done when
marked complete, a quiz when an attempt passed, an assignment when approved. The
cohort pages need each cell (quiz score, assignment status) and the moment it was
done, so they read it here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import case, func, select

from lms.cohorts import sources
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, LessonProgress, QuizAttempt


@dataclass
class QuizResult:
    best_percent: int
    passed: bool
    attempts: int


@dataclass
class LearnerProgress:
    user_id: int
    total: int
    done: set[int] = field(default_factory=set)                  # lesson ids
    completed_at: dict[int, datetime] = field(default_factory=dict)
    quizzes: dict[int, QuizResult] = field(default_factory=dict)
    assignments: dict[int, object] = field(default_factory=dict)  # lesson id -> status entry
    last_activity: datetime | None = None

    @property
    def percent(self) -> int:
        return len(self.done) * 100 // self.total if self.total else 0

    def _saw(self, moment: datetime | None) -> None:
        if moment is not None and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment


def track_lessons(track_ids) -> list[Lesson]:
    """The current (not archived) lessons of these tracks, in order."""
    ids = list(track_ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Lesson).where(Lesson.track_id.in_(ids), Lesson.is_archived.is_(False))
                                   .order_by(Lesson.track_id, Lesson.position, Lesson.id)))


def cohort_learner_ids(cohort_id: int):
    """A subquery of the cohort's learners, so a thousand ids never travel as parameters."""
    return select(Enrollment.user_id).where(Enrollment.cohort_id == cohort_id,
                                            Enrollment.role == EnrollmentRole.LEARNER).scalar_subquery()


def progress_for(lessons: list[Lesson], *, user_ids=None, cohort_id: int | None = None,
                 with_assignments: bool = True) -> dict[int, LearnerProgress]:
    """Progress of the given users (or of every learner of ``cohort_id``) over ``lessons``.

    ``percent`` is over all ``lessons``; when they span several tracks use
    ``percent_of(progress, lesson_ids)`` for one track.
    """
    lesson_ids = [lesson.id for lesson in lessons]
    if user_ids is not None:
        user_ids = list(user_ids)
        users = user_ids
    else:
        users = cohort_learner_ids(cohort_id)
    result: dict[int, LearnerProgress] = {}

    def entry(user_id: int) -> LearnerProgress:
        if user_id not in result:
            result[user_id] = LearnerProgress(user_id=user_id, total=len(lessons))
        return result[user_id]

    for user_id in user_ids or []:
        entry(user_id)
    if not lesson_ids or (user_ids is not None and not user_ids):
        return result

    for user_id, lesson_id, completed_at in db.session.execute(
            select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.completed_at)
            .where(LessonProgress.user_id.in_(users), LessonProgress.lesson_id.in_(lesson_ids))):
        learner = entry(user_id)
        learner.done.add(lesson_id)
        learner.completed_at[lesson_id] = completed_at
        learner._saw(completed_at)

    quiz_ids = [lesson.id for lesson in lessons if lesson.kind == LessonKind.QUIZ]
    if quiz_ids:
        first_pass = func.min(case((QuizAttempt.passed.is_(True), QuizAttempt.submitted_at)))
        for user_id, lesson_id, best, passed_at, count, latest in db.session.execute(
                select(QuizAttempt.user_id, QuizAttempt.lesson_id, func.max(QuizAttempt.percent), first_pass,
                       func.count(QuizAttempt.id), func.max(QuizAttempt.submitted_at))
                .where(QuizAttempt.user_id.in_(users), QuizAttempt.lesson_id.in_(quiz_ids))
                .group_by(QuizAttempt.user_id, QuizAttempt.lesson_id)):
            learner = entry(user_id)
            learner.quizzes[lesson_id] = QuizResult(best_percent=best, passed=passed_at is not None, attempts=count)
            if passed_at is not None:
                learner.done.add(lesson_id)
                learner.completed_at[lesson_id] = _aware(passed_at)
            learner._saw(_aware(latest))

    assignment_ids = [lesson.id for lesson in lessons if lesson.kind == LessonKind.ASSIGNMENT]
    if with_assignments and assignment_ids:
        if user_ids is None:
            user_ids = list(db.session.scalars(select(Enrollment.user_id).where(
                Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.LEARNER)))
        for (user_id, lesson_id), status in sources.assignment_statuses(user_ids, assignment_ids).items():
            learner = entry(user_id)
            learner.assignments[lesson_id] = status
            if sources.status_value(status) == sources.APPROVED:
                learner.done.add(lesson_id)
                if status.reviewed_at is not None:
                    learner.completed_at[lesson_id] = status.reviewed_at
            learner._saw(getattr(status, "submitted_at", None))
    return result


def percent_of(progress: LearnerProgress | None, lesson_ids: list[int]) -> int:
    if not lesson_ids:
        return 0
    done = len(progress.done.intersection(lesson_ids)) if progress else 0
    return done * 100 // len(lesson_ids)


def _aware(moment) -> datetime | None:
    """An aggregate over a UTCDateTime column may come back untyped (a string on SQLite)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment
