"""Read-side queries for track pages: each a fixed number of statements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from lms.cohorts import schedule
from lms.cohorts.models import Cohort, CohortDeadline, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, Module, Track, TrackVersion

# Everything a syllabus or a previous/next link needs; never the rendered body.
_OUTLINE = (Lesson.id, Lesson.track_id, Lesson.module_id, Lesson.slug, Lesson.title, Lesson.kind,
            Lesson.position, Lesson.minutes, Lesson.spec, Lesson.is_archived)


def track_by_slug(slug: str) -> Track | None:
    return db.session.scalar(select(Track).where(Track.slug == slug))


def outline(track: Track) -> list[Lesson]:
    """The track's current lessons in order, without their bodies."""
    return list(db.session.scalars(
        select(Lesson).options(load_only(*_OUTLINE))
        .where(Lesson.track_id == track.id, Lesson.is_archived.is_(False))
        .order_by(Lesson.position, Lesson.id)))


def modules_of(track: Track) -> dict[int, Module]:
    return {m.id: m for m in db.session.scalars(select(Module).where(Module.track_id == track.id))}


def lesson_by_slug(track: Track, slug: str) -> Lesson | None:
    return db.session.scalar(select(Lesson).where(Lesson.track_id == track.id, Lesson.slug == slug))


@dataclass
class Section:
    """Consecutive lessons of one module (or of none) in the syllabus."""

    module: Module | None
    lessons: list[Lesson]


def sections(lessons: list[Lesson], modules: dict[int, Module]) -> list[Section]:
    result: list[Section] = []
    for lesson in lessons:
        module = modules.get(lesson.module_id) if lesson.module_id else None
        if result and result[-1].module is module:
            result[-1].lessons.append(lesson)
        else:
            result.append(Section(module, [lesson]))
    return result


def learner_cohort(user, track: Track) -> Cohort | None:
    """The cohort of ``track`` that ``user`` learns in (the active one, else the latest)."""
    if not getattr(user, "is_authenticated", False):
        return None
    rank = (Enrollment.status == EnrollmentStatus.ACTIVE).desc()
    return db.session.scalar(
        select(Cohort).join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.LEARNER,
               Cohort.track_id == track.id)
        .order_by(rank, Cohort.starts_on.desc()).limit(1))


def due_dates(cohort: Cohort | None, lessons: list[Lesson]) -> dict[int, datetime]:
    """Hook for assignment due dates in a learner's cohort: lesson id -> moment (UTC).

    Uses the cohorts feature's rule (``lms.cohorts.schedule``: ``due_days`` after the
    cohort start, 23:59 in the cohort's time zone) and its per-cohort overrides.
    """
    assignments = [l for l in lessons if l.kind is LessonKind.ASSIGNMENT]
    if cohort is None or not assignments:
        return {}
    overrides = dict(db.session.execute(
        select(CohortDeadline.lesson_id, CohortDeadline.due_at).where(CohortDeadline.cohort_id == cohort.id)).all())
    result = {}
    for lesson in assignments:
        moment = schedule.due_at(cohort.starts_on, schedule.due_days_of(lesson.spec), cohort.timezone or "UTC",
                                 overrides.get(lesson.id))
        if moment is not None:
            result[lesson.id] = moment
    return result


def viewable_tracks(user) -> list[Track]:
    """Tracks of the cohorts ``user`` belongs to (every track for admins)."""
    query = select(Track).where(Track.is_archived.is_(False)).order_by(Track.title)
    if not getattr(user, "is_admin", False):
        query = query.where(Track.id.in_(
            select(Cohort.track_id).join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .where(Enrollment.user_id == user.id,
                   Enrollment.status.in_((EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED,
                                          EnrollmentStatus.WITHDRAWN)))))
    return list(db.session.scalars(query))


@dataclass
class TrackRow:
    track: Track
    lessons: int
    learners: int
    last_import_at: datetime | None


def admin_rows() -> list[TrackRow]:
    """Every track with its lesson and learner counts and last import: four queries."""
    tracks = list(db.session.scalars(select(Track).order_by(Track.title)))
    lessons = dict(db.session.execute(
        select(Lesson.track_id, func.count()).where(Lesson.is_archived.is_(False)).group_by(Lesson.track_id)).all())
    learners = dict(db.session.execute(
        select(Cohort.track_id, func.count(func.distinct(Enrollment.user_id)))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.role == EnrollmentRole.LEARNER).group_by(Cohort.track_id)).all())
    imports = dict(db.session.execute(
        select(TrackVersion.track_id, func.max(TrackVersion.imported_at)).group_by(TrackVersion.track_id)).all())
    return [TrackRow(t, lessons.get(t.id, 0), learners.get(t.id, 0), _aware(imports.get(t.id))) for t in tracks]


def versions_of(track: Track) -> list[TrackVersion]:
    return list(db.session.scalars(select(TrackVersion).where(TrackVersion.track_id == track.id)
                                   .order_by(TrackVersion.number.desc())))


def _aware(moment: datetime | None) -> datetime | None:
    # max() over a UTCDateTime column comes back without the type's conversion on SQLite.
    from datetime import timezone

    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment
