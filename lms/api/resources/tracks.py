"""Tracks (read): the tracks the caller may read, with their modules and lessons."""
from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from sqlalchemy import select

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import SyncPageArgs, page_schema, paginate
from lms.api.problems import ApiProblem
from lms.extensions import db
from lms.permissions import can_view_track, viewable_track_clause
from lms.tracks import queries
from lms.tracks.models import Track

blp = ApiBlueprint("tracks", __name__, url_prefix="/api/v1/tracks", description="Skill tracks (read)")


class TrackSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    skills = ma.fields.List(ma.fields.String(), required=True)
    level = ma.fields.String(required=True, allow_none=True)
    estimated_hours = ma.fields.Float(required=True, allow_none=True)
    version = ma.fields.Integer(required=True)
    is_archived = ma.fields.Boolean(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class LessonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "lesson, assignment or quiz"})
    minutes = ma.fields.Integer(required=True, allow_none=True)
    module = ma.fields.String(required=True, allow_none=True, metadata={"description": "The module's title"})


class TrackDetailSchema(TrackSchema):
    lessons = ma.fields.List(ma.fields.Nested(LessonSchema), required=True)


TrackPage = page_schema(TrackSchema)


def _track(track: Track) -> dict:
    return {"id": track.id, "slug": track.slug, "title": track.title, "summary": track.summary,
            "skills": list(track.skills or []), "level": track.level, "estimated_hours": track.estimated_hours,
            "version": track.version, "is_archived": track.is_archived, "updated_at": track.updated_at}


@blp.route("/")
@blp.scoped("tracks")
@blp.arguments(SyncPageArgs, location="query", as_kwargs=True)
@blp.response(200, TrackPage)
def list_tracks(**args):
    """The tracks the caller may read (admins: every track)."""
    query = select(Track).where(viewable_track_clause(current_user))
    if args.get("updated_since"):
        query = query.where(Track.updated_at >= args["updated_since"])
    return paginate(db.session, query, Track.id, args).answer(_track)


@blp.route("/<slug>")
@blp.scoped("tracks")
@blp.etag
@blp.response(200, TrackDetailSchema)
def get_track(slug: str):
    """One track with its lessons in order."""
    track = queries.track_by_slug(slug)
    if track is None or not can_view_track(current_user, track):
        raise ApiProblem(404, "No such track, or you may not read it.", code="not-found")
    modules = queries.modules_of(track)
    lessons = [{"id": lesson.id, "slug": lesson.slug, "title": lesson.title, "kind": str(lesson.kind),
                "minutes": lesson.minutes,
                "module": modules[lesson.module_id].title if lesson.module_id in modules else None}
               for lesson in queries.outline(track)]
    return {**_track(track), "lessons": lessons}
