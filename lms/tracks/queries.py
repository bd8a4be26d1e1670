"""Read-side queries for track pages: each a fixed number of statements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from lms.database import as_utc
from lms.extensions import db
from lms.tracks.models import Lesson, Module, Track, TrackVersion

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


def current_lessons(track_ids) -> list[Lesson]:
    """The current (not archived) lessons of these tracks, in track order, without their bodies
    (progress, deadlines and grids read the outline; the rendered body and its contents list were
    a quarter of the learner dashboard's time at 10,000 learners)."""
    ids = sorted(set(track_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(Lesson).options(load_only(*_OUTLINE))
                                   .where(Lesson.track_id.in_(ids), Lesson.is_archived.is_(False))
                                   .order_by(Lesson.track_id, Lesson.position, Lesson.id)))


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


@dataclass
class TrackRow:
    track: Track
    lessons: int
    last_import_at: datetime | None


def admin_rows() -> list[TrackRow]:
    """Every track with its lesson count and last import: three queries.

    Learner counts belong to cohorts: the page reads them from the ``track_learner_counts``
    template global that ``lms.cohorts`` provides.
    """
    tracks = list(db.session.scalars(select(Track).order_by(Track.title)))
    lessons = dict(db.session.execute(
        select(Lesson.track_id, func.count()).where(Lesson.is_archived.is_(False)).group_by(Lesson.track_id)).all())
    imports = dict(db.session.execute(
        select(TrackVersion.track_id, func.max(TrackVersion.imported_at)).group_by(TrackVersion.track_id)).all())
    return [TrackRow(t, lessons.get(t.id, 0), as_utc(imports.get(t.id))) for t in tracks]


def versions_of(track: Track) -> list[TrackVersion]:
    return list(db.session.scalars(select(TrackVersion).where(TrackVersion.track_id == track.id)
                                   .order_by(TrackVersion.number.desc())))
