"""Skill tracks: Markdown folders checked, imported and read as lessons, quizzes and assignments."""
from __future__ import annotations

from flask import Flask

# Limits for uploaded track archives (see lms.tracks.zipimport); override in instance config.
DEFAULTS = {
    "TRACK_UPLOAD_MAX_ENTRIES": 2000,
    "TRACK_UPLOAD_MAX_TOTAL_BYTES": 50 * 1024 * 1024,
    "TRACK_UPLOAD_MAX_FILE_BYTES": 10 * 1024 * 1024,
    "TRACK_UPLOAD_MAX_RATIO": 100,
}


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.permissions import can_manage_tracks
    from lms.tracks.cli import tracks_cli
    from lms.tracks.language import authored_lang
    from lms.tracks.views import admin_bp, bp
    from lms.web import add_nav_item

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(tracks_cli)
    app.add_template_filter(_local_time, "track_local")
    app.add_template_global(authored_lang, "authored_lang")
    add_nav_item(app, "Tracks", "tracks_admin.index", visible=can_manage_tracks, order=20)


def _local_time(moment, tz: str = "UTC"):
    """A UTC moment in the cohort's time zone, for showing due dates."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(tz or "UTC"))
