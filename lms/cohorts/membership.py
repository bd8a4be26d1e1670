"""Which enrolment a learner works in, and the due dates they see there."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from lms.cohorts import schedule
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.services import deadline_overrides
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, Track

_LIVE = (CohortStatus.OPEN, CohortStatus.RUNNING)


def _learner_enrollments(user, track_ids) -> list[Enrollment]:
    """The user's learner enrolments in cohorts of these tracks, the one they work in first:
    active before finished or withdrawn, a running or open cohort first, then the latest start."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id).options(joinedload(Enrollment.cohort))
        .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.LEARNER,
               Cohort.track_id.in_(list(track_ids)))
        .order_by(case((Enrollment.status == EnrollmentStatus.ACTIVE, 0), else_=1),
                  case((Cohort.status.in_(_LIVE), 0), else_=1),
                  Cohort.starts_on.desc(), Enrollment.id.desc())))


def learner_enrollments(user, track: Track) -> list[Enrollment]:
    """The user's learner enrolments in cohorts of ``track``, the one they work in first."""
    return _learner_enrollments(user, [track.id])


def working_enrollments(user, tracks) -> dict[int, Enrollment]:
    """track id -> the enrolment ``user`` works in, for several tracks in one query."""
    result: dict[int, Enrollment] = {}
    for enrollment in _learner_enrollments(user, [track.id for track in tracks]):
        result.setdefault(enrollment.cohort.track_id, enrollment)
    return result


def learner_enrollment(user, track: Track, cohort_id: int | None = None) -> Enrollment | None:
    """The enrolment whose work the track pages show: ``cohort_id``'s when given and the
    user learns there, else the one they work in (see :func:`learner_enrollments`)."""
    enrollments = learner_enrollments(user, track)
    if cohort_id is not None:
        return next((e for e in enrollments if e.cohort_id == cohort_id), None)
    return enrollments[0] if enrollments else None


def due_dates(cohort: Cohort | None, lessons: list[Lesson]) -> dict[int, datetime]:
    """Assignment due dates in ``cohort``: lesson id -> moment (UTC), overrides included."""
    assignments = [lesson for lesson in lessons if lesson.kind is LessonKind.ASSIGNMENT]
    if cohort is None or not assignments:
        return {}
    overrides = {lesson_id: due for (_, lesson_id), due in deadline_overrides([cohort.id]).items()}
    return {d.lesson_id: d.due_at for d in schedule.deadlines(cohort, assignments, overrides)
            if d.due_at is not None}
