"""The shipped tracks (``courses/``) for other features' demo data."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms.extensions import db
from lms.tracks.importer import import_track
from lms.tracks.models import Track
from lms.tracks.parser import parse_track


def shipped_track(slug: str) -> Track | None:
    """The track ``courses/<slug>`` from the database, imported first if it is not there.

    None when the folder is missing or does not import: demo steps then skip, rather
    than fail the whole demo.
    """
    track = db.session.scalar(select(Track).where(Track.slug == slug))
    if track is not None:
        return track
    folder = Path(current_app.root_path).parent / "courses" / slug
    if not folder.is_dir():
        return None
    try:
        return import_track(parse_track(folder)).track
    except Exception as error:
        current_app.logger.warning("Demo: could not import %s: %s", folder, error)
        return None
