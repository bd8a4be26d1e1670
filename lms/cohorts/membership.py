"""Which enrolment a learner works in, and the due dates they see there."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.cohorts import schedule
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.services import deadline_overrides
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, Track

_LIVE = (CohortStatus.OPEN, CohortStatus.RUNNING)
# Enrolments whose cohort's track a user may still read (learners keep theirs after the end).
_VISIBLE = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN)


def working_order(enrollment: Enrollment) -> tuple:
    """Sort key, the enrolment a learner works in first: active before finished or
    withdrawn, a running or open cohort first, then the latest start."""
    cohort = enrollment.cohort
    return (enrollment.status != EnrollmentStatus.ACTIVE, cohort.status not in _LIVE,
            -cohort.starts_on.toordinal(), -enrollment.id)


def _enrollments(user, *, track_ids=None, roles=(EnrollmentRole.LEARNER,), statuses=None) -> list[Enrollment]:
    """The user's enrolments with their cohorts (and tracks), in :func:`working_order`."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = (select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
             .options(joinedload(Enrollment.cohort).joinedload(Cohort.track))
             .where(Enrollment.user_id == user.id, Enrollment.role.in_(roles)))
    if track_ids is not None:
        query = query.where(Cohort.track_id.in_(list(track_ids)))
    if statuses is not None:
        query = query.where(Enrollment.status.in_(statuses))
    return sorted(db.session.scalars(query), key=working_order)


def learner_enrollments(user, track: Track) -> list[Enrollment]:
    """The user's learner enrolments in cohorts of ``track``, the one they work in first."""
    return _enrollments(user, track_ids=[track.id])


def my_tracks(user) -> tuple[list[Track], dict[int, Enrollment]]:
    """The live tracks of the cohorts ``user`` belongs to, by title, and for each the
    learner enrolment they work in (none where they only mentor): one query."""
    # Mentors read a track only while they are active in one of its cohorts.
    enrollments = [e for e in _enrollments(user, roles=tuple(EnrollmentRole), statuses=_VISIBLE)
                   if e.role == EnrollmentRole.LEARNER or e.status == EnrollmentStatus.ACTIVE]
    tracks = {e.cohort.track.id: e.cohort.track for e in enrollments if not e.cohort.track.is_archived}
    working: dict[int, Enrollment] = {}
    for enrollment in enrollments:
        if enrollment.role == EnrollmentRole.LEARNER and enrollment.cohort.track_id in tracks:
            working.setdefault(enrollment.cohort.track_id, enrollment)
    return sorted(tracks.values(), key=lambda track: (track.title, track.id)), working


def learner_enrollment(user, track: Track, cohort_id: int | None = None, *,
                       enrollments: list[Enrollment] | None = None) -> Enrollment | None:
    """The enrolment whose work the track pages show: ``cohort_id``'s when given and the
    user learns there, else the one they work in (see :func:`learner_enrollments`, whose
    result may be passed in when the page has it already)."""
    if enrollments is None:
        enrollments = learner_enrollments(user, track)
    if cohort_id is not None:
        return next((e for e in enrollments if e.cohort_id == cohort_id), None)
    return enrollments[0] if enrollments else None


def every_live_track() -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.is_archived.is_(False)).order_by(Track.title)))


def due_dates(cohort: Cohort | None, lessons: list[Lesson]) -> dict[int, datetime]:
    """Assignment due dates in ``cohort``: lesson id -> moment (UTC), overrides included."""
    assignments = [lesson for lesson in lessons if lesson.kind is LessonKind.ASSIGNMENT]
    if cohort is None or not assignments:
        return {}
    overrides = {lesson_id: due for (_, lesson_id), due in deadline_overrides([cohort.id]).items()}
    return {d.lesson_id: d.due_at for d in schedule.deadlines(cohort, assignments, overrides)
            if d.due_at is not None}
