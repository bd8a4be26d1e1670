"""Ten tracks from the two in courses/: clones under new slugs, with longer assignment runs."""
from __future__ import annotations

from sqlalchemy import select

from bench.seeding.plan import TrackPlan, World
from bench.seeding.writer import Writer
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, Module, Track, TrackAsset, TrackVersion

# A clone repeats each assignment as this many parts, so tracks carry more hand-ins.
ASSIGNMENT_PARTS = 5


def seed_tracks(world: World, writer: Writer) -> None:
    writer.phase("tracks")
    sources = [dict(row._mapping) for row in db.session.execute(select(Track.__table__).order_by(Track.id))]
    if not sources:
        raise SystemExit("courses/ imported no track")
    for track in sources:
        world.tracks.append(_plan(track))
    for number in range(len(sources), world.size.tracks):
        world.tracks.append(_clone(sources[number % len(sources)], number + 1, writer))
    writer.flush()


def _plan(track: dict) -> TrackPlan:
    lessons = [dict(row._mapping) for row in db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.kind, Lesson.spec, Lesson.position, Lesson.title)
        .where(Lesson.track_id == track["id"], Lesson.is_archived.is_(False)).order_by(Lesson.position))]
    return TrackPlan(id=track["id"], slug=track["slug"], title=track["title"], skills=list(track["skills"] or []),
                     completion=track["completion"], certificate=track["certificate"], version=track["version"],
                     lessons=lessons)


def _clone(source: dict, number: int, writer: Writer) -> TrackPlan:
    track_table, module_table, lesson_table = Track.__table__, Module.__table__, Lesson.__table__
    track = dict(source, id=writer.new_id(track_table), slug=f"{source['slug']}-{number}",
                 title=f"{source['title']} ({_EDITIONS[number % len(_EDITIONS)]})")
    writer.add(track_table, track)
    modules = {}
    for row in db.session.execute(select(module_table).where(module_table.c.track_id == source["id"])):
        copy = dict(row._mapping, id=writer.new_id(module_table), track_id=track["id"])
        modules[row.id] = copy["id"]
        writer.add(module_table, copy)
    position = 0
    lessons = []
    rows = db.session.execute(select(lesson_table).where(lesson_table.c.track_id == source["id"],
                                                         lesson_table.c.is_archived.is_(False))
                              .order_by(lesson_table.c.position))
    for row in rows:
        parts = ASSIGNMENT_PARTS if row.kind == LessonKind.ASSIGNMENT else 1
        for part in range(1, parts + 1):
            position += 1
            suffix = "" if part == 1 else f"-part-{part}"
            copy = dict(row._mapping, id=writer.new_id(lesson_table), track_id=track["id"],
                        module_id=modules.get(row.module_id), slug=row.slug + suffix, position=position,
                        title=row.title + ("" if part == 1 else f" (part {part})"))
            writer.add(lesson_table, copy)
            lessons.append({"id": copy["id"], "slug": copy["slug"], "kind": row.kind, "spec": row.spec,
                            "position": position, "title": copy["title"]})
    for row in db.session.execute(select(TrackAsset.__table__).where(TrackAsset.track_id == source["id"])):
        writer.add(TrackAsset.__table__, dict(row._mapping, id=writer.new_id(TrackAsset.__table__),
                                              track_id=track["id"]))
    writer.add(TrackVersion.__table__, {"track_id": track["id"], "number": 1, "content_hash": track["content_hash"],
                                        "changes": {"added": [lesson["slug"] for lesson in lessons]},
                                        "imported_at": track["created_at"], "imported_by_id": None})
    return TrackPlan(id=track["id"], slug=track["slug"], title=track["title"], skills=list(track["skills"] or []),
                     completion=track["completion"], certificate=track["certificate"], version=1, lessons=lessons)


_EDITIONS = ("evening edition", "weekend edition", "agency edition", "intensive", "self-paced edition",
             "team edition", "spring edition", "autumn edition", "remote edition", "extended edition")
