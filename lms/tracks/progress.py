"""Learners' progress through a track: marking lessons complete, and bulk progress figures.

A lesson is done when marked complete, a quiz when any attempt passed, an assignment when
its submission is approved (the submissions feature owns that state). Every function here
issues a fixed number of queries however many learners or lessons are involved.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError

from lms.errors import DomainError
from lms.extensions import db
from lms.tracks.completion import CompletionFacts
from lms.tracks.models import Lesson, LessonKind, LessonProgress, QuizAttempt, Track


class ProgressError(DomainError):
    """The lesson cannot be marked this way; the message is safe to show."""


@dataclass(frozen=True)
class Progress:
    """One learner's figures for one track (current, non-archived lessons only)."""

    lessons_done: int = 0
    lessons_total: int = 0
    quizzes_passed: int = 0
    quizzes_total: int = 0
    assignments_approved: int = 0
    assignments_total: int = 0

    @property
    def done(self) -> int:
        return self.lessons_done + self.quizzes_passed + self.assignments_approved

    @property
    def total(self) -> int:
        return self.lessons_total + self.quizzes_total + self.assignments_total

    @property
    def percent(self) -> int:
        return (self.done * 100 // self.total) if self.total else 0


@dataclass
class LessonStatus:
    """What one learner has done on each lesson of a track, for syllabus and lesson pages."""

    completed: set[int] = field(default_factory=set)            # lesson ids marked complete
    quiz_best: dict[int, int] = field(default_factory=dict)     # lesson id -> best percent
    quiz_passed: set[int] = field(default_factory=set)
    quiz_attempts: dict[int, int] = field(default_factory=dict)
    approved: set[int] = field(default_factory=set)             # assignments approved

    def is_done(self, lesson: Lesson) -> bool:
        if lesson.kind is LessonKind.QUIZ:
            return lesson.id in self.quiz_passed
        if lesson.kind is LessonKind.ASSIGNMENT:
            return lesson.id in self.approved
        return lesson.id in self.completed


def mark_complete(user, lesson: Lesson) -> LessonProgress:
    """Record that ``user`` finished reading ``lesson`` (idempotent)."""
    if lesson.kind is not LessonKind.LESSON:
        raise ProgressError("Quizzes are complete when you pass them, assignments when they are approved.")
    if lesson.is_archived:
        raise ProgressError("This lesson is no longer part of the track.")
    existing = _progress_row(user.id, lesson.id)
    if existing is not None:
        return existing
    row = LessonProgress(user_id=user.id, lesson_id=lesson.id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # a double click raced us: the row exists, which is what we want
        return _progress_row(user.id, lesson.id)
    progress_changed(user.id, lesson.track_id)
    return row


def mark_incomplete(user, lesson: Lesson) -> None:
    """Undo :func:`mark_complete` (idempotent)."""
    result = db.session.execute(delete(LessonProgress).where(LessonProgress.user_id == user.id,
                                                             LessonProgress.lesson_id == lesson.id))
    if result.rowcount:
        progress_changed(user.id, lesson.track_id)


def progress_changed(user_id: int, track_id: int) -> None:
    """Tell other features (certificates, dashboards) through ``lms.events``, once per cohort."""
    from lms import events
    from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole

    cohort_ids = db.session.scalars(select(Enrollment.cohort_id).join(Cohort, Cohort.id == Enrollment.cohort_id)
                                    .where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.LEARNER,
                                           Cohort.track_id == track_id))
    for cohort_id in list(cohort_ids):
        events.emit("progress_changed", user_id=user_id, cohort_id=cohort_id)


def is_completed(user, lesson: Lesson) -> bool:
    return getattr(user, "is_authenticated", False) and _progress_row(user.id, lesson.id) is not None


def _progress_row(user_id: int, lesson_id: int) -> LessonProgress | None:
    return db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == user_id,
                                                          LessonProgress.lesson_id == lesson_id))


def track_progress(user_ids: Iterable[int], track: Track) -> dict[int, Progress]:
    """Progress of many learners at once: four queries whatever their number."""
    user_ids = list(set(user_ids))
    totals = dict(db.session.execute(
        select(Lesson.kind, func.count()).where(Lesson.track_id == track.id, Lesson.is_archived.is_(False))
        .group_by(Lesson.kind)).all())
    counts: dict[str, dict[int, int]] = {"lessons": {}, "quizzes": {}, "assignments": {}}
    if user_ids:
        counts["lessons"] = _count_by_user(
            select(LessonProgress.user_id, func.count(func.distinct(LessonProgress.lesson_id)))
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.user_id.in_(user_ids), Lesson.kind == LessonKind.LESSON)
            .group_by(LessonProgress.user_id), track)
        counts["quizzes"] = _count_by_user(
            select(QuizAttempt.user_id, func.count(func.distinct(QuizAttempt.lesson_id)))
            .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
            .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.passed.is_(True))
            .group_by(QuizAttempt.user_id), track)
        counts["assignments"] = _approved_counts(user_ids, track)
    return {user_id: Progress(
        lessons_done=counts["lessons"].get(user_id, 0), lessons_total=totals.get(LessonKind.LESSON, 0),
        quizzes_passed=counts["quizzes"].get(user_id, 0), quizzes_total=totals.get(LessonKind.QUIZ, 0),
        assignments_approved=counts["assignments"].get(user_id, 0),
        assignments_total=totals.get(LessonKind.ASSIGNMENT, 0),
    ) for user_id in user_ids}


def progress_by_track(user, tracks: list[Track]) -> dict[int, Progress]:
    """One learner's progress in several tracks (their "my tracks" page): four queries."""
    from lms.submissions.models import Submission, SubmissionStatus

    ids = [t.id for t in tracks]
    if not ids:
        return {}
    current = (Lesson.track_id.in_(ids), Lesson.is_archived.is_(False))
    totals = db.session.execute(select(Lesson.track_id, Lesson.kind, func.count()).where(*current)
                                .group_by(Lesson.track_id, Lesson.kind)).all()
    done = db.session.execute(
        select(Lesson.track_id, Lesson.kind, func.count(func.distinct(Lesson.id)))
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(*current, LessonProgress.user_id == user.id, Lesson.kind == LessonKind.LESSON)
        .group_by(Lesson.track_id, Lesson.kind)).all()
    done += db.session.execute(
        select(Lesson.track_id, Lesson.kind, func.count(func.distinct(Lesson.id)))
        .join(QuizAttempt, QuizAttempt.lesson_id == Lesson.id)
        .where(*current, QuizAttempt.user_id == user.id, QuizAttempt.passed.is_(True))
        .group_by(Lesson.track_id, Lesson.kind)).all()
    done += db.session.execute(
        select(Lesson.track_id, Lesson.kind, func.count(func.distinct(Lesson.id)))
        .join(Submission, Submission.lesson_id == Lesson.id)
        .where(*current, Submission.user_id == user.id, Submission.status == SubmissionStatus.APPROVED)
        .group_by(Lesson.track_id, Lesson.kind)).all()
    figures = {track_id: {kind: [0, 0] for kind in LessonKind} for track_id in ids}
    for track_id, kind, number in totals:
        figures[track_id][kind][1] = number
    for track_id, kind, number in done:
        figures[track_id][kind][0] = number
    return {track_id: Progress(*f[LessonKind.LESSON], *f[LessonKind.QUIZ], *f[LessonKind.ASSIGNMENT])
            for track_id, f in figures.items()}


def _count_by_user(query, track: Track) -> dict[int, int]:
    query = query.where(Lesson.track_id == track.id, Lesson.is_archived.is_(False))
    return dict(db.session.execute(query).all())


def _approved_counts(user_ids: list[int], track: Track) -> dict[int, int]:
    from lms.submissions.models import Submission, SubmissionStatus

    return _count_by_user(
        select(Submission.user_id, func.count(func.distinct(Submission.lesson_id)))
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .where(Submission.user_id.in_(user_ids), Submission.status == SubmissionStatus.APPROVED)
        .group_by(Submission.user_id), track)


def lesson_status(user, track: Track) -> LessonStatus:
    """Everything ``user`` did on ``track``'s lessons: three queries."""
    from lms.submissions.models import Submission, SubmissionStatus

    status = LessonStatus()
    if not getattr(user, "is_authenticated", False):
        return status
    status.completed = set(db.session.scalars(
        select(LessonProgress.lesson_id).join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user.id, Lesson.track_id == track.id)))
    for lesson_id, best, passed, attempts in db.session.execute(
            select(QuizAttempt.lesson_id, func.max(QuizAttempt.percent),
                   func.max(case((QuizAttempt.passed.is_(True), 1), else_=0)), func.count())
            .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
            .where(QuizAttempt.user_id == user.id, Lesson.track_id == track.id)
            .group_by(QuizAttempt.lesson_id)):
        status.quiz_best[lesson_id] = best
        status.quiz_attempts[lesson_id] = attempts
        if passed:
            status.quiz_passed.add(lesson_id)
    status.approved = set(db.session.scalars(
        select(Submission.lesson_id).join(Lesson, Lesson.id == Submission.lesson_id)
        .where(Submission.user_id == user.id, Lesson.track_id == track.id,
               Submission.status == SubmissionStatus.APPROVED)))
    return status


def progress_from_status(lessons: list[Lesson], status: LessonStatus) -> Progress:
    """The :class:`Progress` of one learner from an already loaded :class:`LessonStatus`."""
    counts = {kind: [0, 0] for kind in LessonKind}
    for lesson in lessons:
        if lesson.is_archived:
            continue
        counts[lesson.kind][1] += 1
        counts[lesson.kind][0] += status.is_done(lesson)
    return Progress(*counts[LessonKind.LESSON], *counts[LessonKind.QUIZ], *counts[LessonKind.ASSIGNMENT])


def completion_facts(lessons: list[Lesson], status: LessonStatus) -> CompletionFacts:
    """Facts for :func:`lms.tracks.completion.evaluate_completion` from loaded lessons and status."""
    current = [lesson for lesson in lessons if not lesson.is_archived]

    def slugs(kind: LessonKind, done=None) -> list[str]:
        return [l.slug for l in current if l.kind is kind and (done is None or status.is_done(l))]

    return CompletionFacts(
        lessons=slugs(LessonKind.LESSON), assignments=slugs(LessonKind.ASSIGNMENT), quizzes=slugs(LessonKind.QUIZ),
        lessons_done=set(slugs(LessonKind.LESSON, True)),
        assignments_approved=set(slugs(LessonKind.ASSIGNMENT, True)),
        quizzes_passed=set(slugs(LessonKind.QUIZ, True)),
        titles={l.slug: l.title for l in current})
