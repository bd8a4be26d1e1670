"""``flask demo`` step: Lea Learner finished last winter's cohort of the client communication
track, her work was approved by Mei Mentor, and she holds its certificate.

A different track from the running demo cohort, so her progress there stays as it is.
Idempotent: the cohort is found by name, work and the certificate are added only once.
"""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from lms import states
from lms.certificates import publishing, services
from lms.cohorts import enrolment, services as cohorts
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.progress.models import LessonProgress, QuizAttempt
from lms.rendering import render_user_markdown
from lms.reviews.models import Decision, Review
from lms.submissions import states as submission_states
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.demo import shipped_track
from lms.tracks.models import Lesson, LessonKind, Track

TRACK_SLUG = "client-communication"
COHORT_NAME = "Winter cohort"


def demo_certificate(accounts: dict) -> str | None:
    track = shipped_track(TRACK_SLUG)
    if track is None:
        return f"Certificates: skipped, the track {TRACK_SLUG} is not imported (flask tracks import courses/)."
    admin, learner, mentor = accounts["admin"], accounts["learner"], accounts["mentor2"]
    cohort = _finished_cohort(track, admin, learner, mentor)
    services.issue_if_complete(learner.id, cohort.id)
    certificate = services.valid_certificate(learner.id, cohort.id)
    if certificate is None:
        return "Certificates: the demo learner's certificate could not be issued."
    return (f"Certificates: {learner.name} holds a certificate for “{track.title}” ({COHORT_NAME}); "
            f"verify it at {publishing.verify_url(certificate.code)}")


# Demo content, like the demo tracks: written in English, not translated.
COHORT_DESCRIPTION = "Eight weeks of scoping, pricing and proposals, with a real client brief."


def _finished_cohort(track: Track, admin, learner, mentor) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME, Cohort.track_id == track.id))
    if cohort is not None:
        return cohort
    today = utcnow().date()
    cohort = cohorts.create_cohort(cohorts.CohortData(
        name=COHORT_NAME, track_id=track.id, starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=50), timezone="Europe/Berlin", capacity=12,
        description=COHORT_DESCRIPTION), admin)
    cohorts.change_status(cohort, CohortStatus.OPEN, admin)
    enrolment.enrol(cohort, mentor, EnrollmentRole.MENTOR, actor=admin)
    enrollment = enrolment.enrol(cohort, learner, EnrollmentRole.LEARNER, actor=admin, mentor_id=mentor.id)
    cohorts.change_status(cohort, CohortStatus.RUNNING, admin)
    _complete_everything(cohort, enrollment, mentor)
    enrolment.set_enrollment_status(enrollment, EnrollmentStatus.COMPLETED, admin)
    cohorts.change_status(cohort, CohortStatus.FINISHED, admin)
    db.session.flush()
    return cohort


def _complete_everything(cohort: Cohort, enrollment: Enrollment, mentor) -> None:
    start = datetime.combine(cohort.starts_on, time(18), tzinfo=timezone.utc)
    lessons = db.session.scalars(select(Lesson).where(Lesson.track_id == cohort.track_id,
                                                      Lesson.is_archived.is_(False))
                                 .order_by(Lesson.position, Lesson.id)).all()
    for n, lesson in enumerate(lessons):
        moment = start + timedelta(days=4 * n)
        if lesson.kind == LessonKind.LESSON:
            db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id, completed_at=moment))
        elif lesson.kind == LessonKind.QUIZ:
            db.session.add(QuizAttempt(enrollment_id=enrollment.id, lesson_id=lesson.id, number=1, answers=[],
                                       correct=9, total=10, percent=90, passed=True, submitted_at=moment))
        else:
            _approved_submission(cohort, enrollment, lesson, mentor, moment)
    db.session.flush()


def _approved_submission(cohort, enrollment, lesson: Lesson, mentor, moment: datetime) -> None:
    rubric = lesson.spec.get("rubric") or []
    # Top marks everywhere but the last criterion, which gets the second level.
    scores = []
    for index, criterion in enumerate(rubric):
        levels = sorted(criterion.get("levels", []), key=lambda level: -level.get("points", 0))
        chosen = 1 if index == len(rubric) - 1 and len(levels) > 1 else 0
        scores.append({"level": chosen, "points": levels[chosen]["points"] if levels else 0,
                       "comment": "Clear and professional." if chosen == 0 else "Nearly there; see the notes."})
    maximum = sum(max((level.get("points", 0) for level in c.get("levels", [])), default=0) for c in rubric)
    submission = Submission(cohort_id=cohort.id, enrollment_id=enrollment.id, user_id=enrollment.user_id,
                            lesson_id=lesson.id, attempt_count=1, created_at=moment)
    states.transition(submission, SubmissionStatus.SUBMITTED, machine=submission_states.MACHINE)
    text = "My scope of work, estimate and proposal are attached below."
    attempt = Attempt(submission=submission, number=1, submitted_at=moment, idempotency_key=secrets.token_hex(16),
                      text=text, text_html=render_user_markdown(text))
    db.session.add_all([submission, attempt])
    db.session.flush()
    submission_states.transition(submission, SubmissionStatus.APPROVED, mentor)
    submission.decided_at = moment + timedelta(days=2)
    db.session.add(Review(submission_id=submission.id, attempt_id=attempt.id, reviewer_id=mentor.id,
                          decision=Decision.APPROVE, rubric_snapshot=rubric, scores=scores,
                          total_points=sum(s["points"] for s in scores), max_points=maximum,
                          pass_points=lesson.spec.get("pass_points"), passed=True,
                          feedback="Strong, client-ready work.", created_at=moment + timedelta(days=2)))
