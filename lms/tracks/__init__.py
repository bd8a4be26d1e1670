"""Skill tracks: Markdown folders checked, imported and read as lessons, quizzes and assignments."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext, lazy_gettext

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
    app.add_template_filter(minutes_label, "minutes_label")
    app.add_template_global(authored_lang, "authored_lang")
    add_nav_item(app, lazy_gettext("Tracks"), "tracks_admin.index", visible=can_manage_tracks, order=20)


def _local_time(moment, tz: str = "UTC") -> str:
    """A due date (23:59 in the cohort's zone ``tz``) as the reader reads it: in their zone, with the
    cohort's wall clock and zone beside it when they differ (``lms.i18n.formatting.format_deadline``)."""
    from lms.i18n.formatting import format_deadline

    return format_deadline(moment, tz or "UTC")


def minutes_label(value: int | None) -> str:
    """A lesson's length: ``45 min``, ``1.5 h`` from 90 minutes on, in the reader's numbers."""
    from lms.i18n.formatting import format_number

    if not value:
        return ""
    if value >= 90:
        return gettext("%(hours)s h", hours=format_number(round(value / 60, 1)))
    return gettext("%(minutes)s min", minutes=format_number(value))
