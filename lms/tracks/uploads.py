"""Admin uploads of a track .zip: kept in the database between preview and confirmation."""
from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path, PurePosixPath

from sqlalchemy import delete, select

from lms.database import utcnow
from lms.extensions import db
from lms.tracks.importer import ImportResult, TrackHasErrors, import_track
from lms.tracks.models import TrackUpload
from lms.tracks.parser import ParsedTrack, parse_track
from lms.tracks.zipimport import ZipLimits, extract_zip, track_root

UPLOAD_MAX_AGE = timedelta(hours=24)


def store_upload(filename: str, content: bytes, actor) -> TrackUpload:
    """Keep an uploaded archive for its preview; uploads older than a day are removed."""
    db.session.execute(delete(TrackUpload).where(TrackUpload.created_at < utcnow() - UPLOAD_MAX_AGE))
    upload = TrackUpload(token=secrets.token_urlsafe(32), uploaded_by_id=actor.id,
                         filename=PurePosixPath(filename.replace("\\", "/")).name[:255] or "track.zip",
                         content=content)
    db.session.add(upload)
    db.session.flush()
    return upload


def find_upload(token: str) -> TrackUpload | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(TrackUpload).where(TrackUpload.token == token,
                                                       TrackUpload.created_at >= utcnow() - UPLOAD_MAX_AGE))


@contextmanager
def unpacked(upload: TrackUpload, limits: ZipLimits = ZipLimits()) -> Iterator[ParsedTrack]:
    """The parsed track of an upload, unpacked in a temporary folder for the ``with`` block.

    Raises :class:`~lms.tracks.zipimport.UnsafeArchive` when the archive is refused.
    """
    with tempfile.TemporaryDirectory(prefix="lms-track-") as tmp:
        destination = Path(tmp)
        extract_zip(upload.content, destination, limits)
        root = track_root(destination)
        inner = root.relative_to(destination).as_posix()
        folder = root.name if inner != "." else PurePosixPath(upload.filename).stem
        yield parse_track(root, display_root="" if inner == "." else inner, folder_name=folder)


def import_upload(upload: TrackUpload, actor, limits: ZipLimits = ZipLimits()) -> ImportResult:
    """Import the uploaded track (refused with :class:`TrackHasErrors`) and drop the upload."""
    with unpacked(upload, limits) as parsed:
        if parsed.errors:
            raise TrackHasErrors(parsed.errors)
        result = import_track(parsed, actor=actor, source=f"upload:{upload.filename}")
    db.session.delete(upload)
    db.session.flush()
    return result


def discard_upload(upload: TrackUpload) -> None:
    db.session.delete(upload)
    db.session.flush()
