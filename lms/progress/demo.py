"""``flask demo`` step: the Spring cohort's learners have done some of the track.

Goes through the same services as the learners' clicks (``mark_complete``, ``submit_quiz``
with the right answers), then dates the work back over the cohort's first days.
Idempotent: work already recorded is left as it is.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from lms.cohorts.demo import COHORT_NAME, LEARNERS, TRACK_SLUG
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.progress import services
from lms.tracks.models import LessonKind, Track
from lms.tracks.queries import current_lessons


def demo_progress(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).join(Track, Track.id == Cohort.track_id)
                               .where(Cohort.name == COHORT_NAME, Track.slug == TRACK_SLUG))
    if cohort is None:
        return None
    lessons = [l for l in current_lessons([cohort.track_id]) if l.kind is not LessonKind.ASSIGNMENT]
    start = datetime.combine(cohort.starts_on, time(18), tzinfo=timezone.utc)
    for handle, count in LEARNERS.items():
        enrollment = db.session.scalar(select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.user_id == accounts[handle].id,
            Enrollment.role == EnrollmentRole.LEARNER))
        if enrollment is None:
            continue
        for n, lesson in enumerate(lessons[:count]):
            when = min(utcnow(), start + timedelta(days=n, hours=n % 3))
            if lesson.kind is LessonKind.QUIZ:
                if any(a.passed for a in services.attempts_of(enrollment, lesson)):
                    continue
                answers = [list(question["answer"]) for question in lesson.spec.get("questions", [])]
                services.submit_quiz(enrollment, lesson, answers).submitted_at = when
            elif services.lesson_row(enrollment, lesson) is None:
                services.mark_complete(enrollment, lesson).completed_at = when
    db.session.flush()
    return None
