"""Recording progress in an enrolment: marking lessons complete, quiz attempts, and
crediting work from an earlier enrolment in the same track.

Services flush, never commit; they raise ``ProgressError``/``QuizError`` with messages
safe to show, and send ``lms.signals`` (``lesson_completed``, ``quiz_passed``,
``progress_changed``).
"""
from __future__ import annotations

from flask_babel import gettext, ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from lms import signals
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.errors import DomainError
from lms.extensions import db
from lms.progress.models import LessonProgress, QuizAttempt
from lms.tracks.models import Lesson, LessonKind
from lms.tracks.quizzes import attempts_left, grade, validate_answers


class ProgressError(DomainError):
    """The lesson cannot be marked this way; the message is safe to show."""


class QuizError(DomainError):
    """The attempt was refused; the message is safe to show."""


class AttemptsUsedUp(QuizError):
    pass


def announce(enrollment: Enrollment) -> None:
    """Tell the features above (certificates) that this enrolment's completion may have changed."""
    signals.progress_changed.send(enrollment, user_id=enrollment.user_id, cohort_id=enrollment.cohort_id)


def _check_open(enrollment: Enrollment, error=ProgressError) -> None:
    """Work is recorded only in an active enrolment of a cohort that takes work (the views
    ask ``permissions.can_record_progress`` first; this holds for every other caller)."""
    if not enrollment.is_active:
        if enrollment.status.value == "completed":
            raise error(gettext("Your place in %(cohort)s is completed; nothing more is recorded there.",
                                cohort=enrollment.cohort.name))
        raise error(gettext("Your place in %(cohort)s is withdrawn; nothing more is recorded there.",
                            cohort=enrollment.cohort.name))
    if not enrollment.cohort.accepts_work:
        raise error(_closed_cohort(enrollment.cohort))


def _closed_cohort(cohort) -> str:
    """"Spring 2026 is finished; it takes no work now.", one sentence per status."""
    sentences = {
        "draft": gettext("%(cohort)s is draft; it takes no work now.", cohort=cohort.name),
        "finished": gettext("%(cohort)s is finished; it takes no work now.", cohort=cohort.name),
        "archived": gettext("%(cohort)s is archived; it takes no work now.", cohort=cohort.name),
    }
    return sentences.get(cohort.status.value) or gettext("%(cohort)s takes no work now.", cohort=cohort.name)


def _check_lesson(enrollment: Enrollment, lesson: Lesson) -> None:
    if lesson.track_id != enrollment.cohort.track_id:
        raise ProgressError(gettext("This lesson is not part of your cohort's track."))
    if lesson.is_archived:
        raise ProgressError(gettext("This lesson is no longer part of the track."))


def mark_complete(enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Record that the learner finished reading ``lesson`` in this enrolment (idempotent)."""
    if lesson.kind is not LessonKind.LESSON:
        raise ProgressError(gettext("Quizzes are complete when you pass them, assignments when they are approved."))
    _check_open(enrollment)
    _check_lesson(enrollment, lesson)
    existing = lesson_row(enrollment, lesson)
    if existing is not None:
        return existing
    row = LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # a double click raced us: the row exists, which is what we want
        return lesson_row(enrollment, lesson)
    signals.lesson_completed.send(lesson, user_id=enrollment.user_id, cohort_id=enrollment.cohort_id)
    announce(enrollment)
    return row


def mark_incomplete(enrollment: Enrollment, lesson: Lesson) -> None:
    """Undo :func:`mark_complete` (idempotent); credited lessons can be undone too."""
    _check_open(enrollment)
    result = db.session.execute(delete(LessonProgress).where(LessonProgress.enrollment_id == enrollment.id,
                                                             LessonProgress.lesson_id == lesson.id))
    if result.rowcount:
        announce(enrollment)


def lesson_row(enrollment: Enrollment | None, lesson: Lesson) -> LessonProgress | None:
    if enrollment is None:
        return None
    return db.session.scalar(select(LessonProgress).where(LessonProgress.enrollment_id == enrollment.id,
                                                          LessonProgress.lesson_id == lesson.id))


def attempts_of(enrollment: Enrollment | None, lesson: Lesson) -> list[QuizAttempt]:
    if enrollment is None:
        return []
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.enrollment_id == enrollment.id, QuizAttempt.lesson_id == lesson.id)
        .order_by(QuizAttempt.number)))


def attempts_used(enrollment: Enrollment, lesson: Lesson) -> int:
    return db.session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.enrollment_id == enrollment.id, QuizAttempt.lesson_id == lesson.id)) or 0


def submit_quiz(enrollment: Enrollment, lesson: Lesson, answers: list[list[int]]) -> QuizAttempt:
    """Grade and record an attempt; refuses once ``max_attempts`` are used (0 = unlimited)."""
    if lesson.kind is not LessonKind.QUIZ or lesson.is_archived:
        raise QuizError(gettext("This page is not a quiz you can take."))
    _check_open(enrollment, QuizError)
    if lesson.track_id != enrollment.cohort.track_id:
        raise QuizError(gettext("This quiz is not part of your cohort's track."))
    problems = validate_answers(lesson.spec, answers)
    if problems:
        raise QuizError(" ".join(problems))
    used = attempts_used(enrollment, lesson)
    if attempts_left(lesson, used) == 0:
        raise AttemptsUsedUp(ngettext("You have used all %(num)d attempts at this quiz.",
                                      "You have used all %(num)d attempts at this quiz.", used))
    result = grade(lesson.spec, answers)
    attempt = QuizAttempt(enrollment_id=enrollment.id, lesson_id=lesson.id, number=used + 1,
                          answers=[r.chosen for r in result.results], correct=result.correct,
                          total=result.total, percent=result.percent, passed=result.passed)
    try:
        with db.session.begin_nested():  # the unique (enrolment, lesson, number) refuses a concurrent duplicate
            db.session.add(attempt)
    except IntegrityError:
        raise QuizError(gettext("These answers were already submitted (twice at once?). Reload the page to see "
                                "the result.")) from None
    if attempt.passed:
        signals.quiz_passed.send(attempt, user_id=enrollment.user_id, cohort_id=enrollment.cohort_id)
        announce(enrollment)
    return attempt


def credit_prior_work(enrollment: Enrollment) -> int:
    """Credit the lessons completed and quizzes passed in the learner's earlier enrolments
    in the same track to ``enrollment``; returns how many items were credited.

    Each credited row names the enrolment it came from and keeps the original moment.
    Approved assignments are never credited: the learner hands them in again. Idempotent.
    """
    if enrollment.role != EnrollmentRole.LEARNER:
        return 0
    earlier = (select(Enrollment.id).join(Cohort, Cohort.id == Enrollment.cohort_id)
               .where(Enrollment.user_id == enrollment.user_id, Enrollment.role == EnrollmentRole.LEARNER,
                      Enrollment.id != enrollment.id, Cohort.track_id == enrollment.cohort.track_id))
    current = select(Lesson.id).where(Lesson.track_id == enrollment.cohort.track_id, Lesson.is_archived.is_(False))
    have_lessons = set(db.session.scalars(select(LessonProgress.lesson_id)
                                          .where(LessonProgress.enrollment_id == enrollment.id)))
    have_quizzes = set(db.session.scalars(select(QuizAttempt.lesson_id)
                                          .where(QuizAttempt.enrollment_id == enrollment.id)))
    credited = 0
    for row in db.session.scalars(
            select(LessonProgress).where(LessonProgress.enrollment_id.in_(earlier),
                                         LessonProgress.lesson_id.in_(current))
            .order_by(LessonProgress.completed_at, LessonProgress.id)):
        if row.lesson_id in have_lessons:
            continue
        have_lessons.add(row.lesson_id)
        db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=row.lesson_id,
                                      completed_at=row.completed_at,
                                      credited_from_id=row.credited_from_id or row.enrollment_id))
        credited += 1
    for attempt in db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.enrollment_id.in_(earlier), QuizAttempt.lesson_id.in_(current),
                                      QuizAttempt.passed.is_(True))
            .order_by(QuizAttempt.percent.desc(), QuizAttempt.submitted_at, QuizAttempt.id)):
        if attempt.lesson_id in have_quizzes:
            continue
        have_quizzes.add(attempt.lesson_id)
        db.session.add(QuizAttempt(enrollment_id=enrollment.id, lesson_id=attempt.lesson_id, number=1,
                                   answers=list(attempt.answers), correct=attempt.correct, total=attempt.total,
                                   percent=attempt.percent, passed=True, submitted_at=attempt.submitted_at,
                                   credited_from_id=attempt.credited_from_id or attempt.enrollment_id))
        credited += 1
    if credited:
        db.session.flush()
        announce(enrollment)
    return credited
