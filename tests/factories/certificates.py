"""Tracks, cohorts and finished work, enough to earn certificates (plain functions, committed)."""
from __future__ import annotations

import itertools
import secrets
from datetime import date, timedelta

from lms.certificates import services
from lms.cohorts.models import Cohort, CohortStatus, Enrollment
from lms.database import utcnow
from lms.extensions import db
from lms.progress.models import LessonProgress, QuizAttempt
from lms.reviews.models import Decision, Review
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind, Track
from tests.factories import cohorts as cohort_factories

_sequence = itertools.count(1)


def make_track(*, title: str = "Web Foundations", lessons=("intro", "html"), assignments=("landing-page",),
               quizzes=("final-quiz",), skills=("html", "css", "accessibility"), completion=None,
               certificate=None, commit: bool = True) -> Track:
    n = next(_sequence)
    track = Track(slug=f"track-{n}", title=title, summary="Build small websites.", skills=list(skills),
                  completion=completion or {"lessons": "all", "assignments": "all", "quizzes": "all"},
                  certificate=certificate if certificate is not None else {
                      "title": "Certificate of Completion",
                      "statement": f"has completed the {title} track, demonstrating the ability to build a site."},
                  version=2)
    db.session.add(track)
    position = itertools.count()
    for kind, slugs in ((LessonKind.LESSON, lessons), (LessonKind.ASSIGNMENT, assignments),
                        (LessonKind.QUIZ, quizzes)):
        for slug in slugs:
            db.session.add(Lesson(track=track, slug=slug, title=slug.replace("-", " ").title(), kind=kind,
                                  position=next(position)))
    if commit:
        db.session.commit()
    return track


def make_cohort(track: Track, *, name: str | None = None, status: CohortStatus = CohortStatus.RUNNING,
                commit: bool = True) -> Cohort:
    """A cohort that ran in spring 2025 (fixed dates keep the certificates' text stable)."""
    extra = {"name": name} if name else {}
    return cohort_factories.make_cohort(track, status=status, starts_on=date(2025, 3, 1),
                                        ends_on=date(2025, 5, 30), commit=commit, **extra)


enrol = cohort_factories.enrol


def complete_track(user, cohort: Cohort, *, points: int = 8, max_points: int = 10, skip: str | None = None,
                   commit: bool = True) -> None:
    """Everything done: lessons marked, quizzes passed, assignments approved with a review.

    ``skip`` leaves one lesson (by slug) undone.
    """
    enrollment = db.session.query(Enrollment).filter_by(cohort_id=cohort.id, user_id=user.id).one()
    moment = utcnow() - timedelta(days=1)
    for lesson in db.session.query(Lesson).filter_by(track_id=cohort.track_id).order_by(Lesson.position):
        if lesson.slug == skip:
            continue
        if lesson.kind == LessonKind.LESSON:
            db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id, completed_at=moment))
        elif lesson.kind == LessonKind.QUIZ:
            db.session.add(QuizAttempt(enrollment_id=enrollment.id, lesson_id=lesson.id, number=1, answers=[],
                                       correct=4, total=5, percent=80, passed=True, submitted_at=moment))
        else:
            submission = Submission(cohort_id=cohort.id, enrollment_id=enrollment.id, user_id=user.id,
                                    lesson_id=lesson.id, status=SubmissionStatus.APPROVED, attempt_count=1,
                                    decided_at=moment)
            attempt = Attempt(submission=submission, number=1, text="My work",
                              idempotency_key=secrets.token_hex(16))
            db.session.add_all([submission, attempt])
            db.session.flush()
            db.session.add(Review(submission_id=submission.id, attempt_id=attempt.id, decision=Decision.APPROVE,
                                  total_points=points, max_points=max_points, passed=True))
    if commit:
        db.session.commit()


def certified_learner(cohort: Cohort, user, *, mentor=None, commit: bool = True):
    """Enrol ``user``, complete the track and issue the certificate (rendered on commit)."""
    enrol(cohort, user, mentor=mentor, commit=False)
    db.session.flush()
    complete_track(user, cohort, commit=False)
    outcome = services.issue_if_complete(user.id, cohort.id)
    if commit:
        db.session.commit()
    return outcome.certificate
