"""Images and files of a track, served from the database to those who may read the track."""
from __future__ import annotations

from flask import abort, current_app, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import defer

from lms.downloads import content_disposition
from lms.extensions import db
from lms.permissions import can_view_track, require
from lms.tracks.models import TrackAsset
from lms.tracks.queries import track_by_slug
from lms.tracks.views import bp

# An SVG opened on its own must not run script or load anything: it is an image only.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
ASSET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
# Shown in the browser; anything else (HTML, scripts, archives...) downloads.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/svg+xml",
                          "application/pdf", "text/plain", "text/csv", "audio/mpeg", "audio/ogg", "video/mp4",
                          "video/webm"})


@bp.route("/tracks/<slug>/assets/<path:path>")
@login_required
def asset(slug: str, path: str):
    track = track_by_slug(slug)
    require(track is not None and can_view_track(current_user, track), hide=True)
    row = db.session.scalar(select(TrackAsset).options(defer(TrackAsset.content))
                            .where(TrackAsset.track_id == track.id, TrackAsset.path == path))
    if row is None:
        abort(404)
    if request.if_none_match.contains(row.content_hash):
        return _headers(current_app.response_class(status=304), row)
    return _headers(current_app.response_class(row.content, mimetype=_served_type(row)), row)


def _served_type(row: TrackAsset) -> str:
    return row.media_type if row.media_type in INLINE_TYPES else "application/octet-stream"


def _headers(response, row: TrackAsset):
    response.set_etag(row.content_hash)
    response.headers["Cache-Control"] = "private, max-age=3600, must-revalidate"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SVG_POLICY if row.media_type == "image/svg+xml" else ASSET_POLICY
    if row.media_type not in INLINE_TYPES:
        response.headers["Content-Disposition"] = content_disposition(row.path.rsplit("/", 1)[-1])
    return response
