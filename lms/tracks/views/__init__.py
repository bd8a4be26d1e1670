"""Track pages: assets (``tracks``), admins import and inspect (``tracks_admin``).

Learners read and practise in ``lms.learning``."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracks", __name__, template_folder="../templates")
admin_bp = Blueprint("tracks_admin", __name__, template_folder="../templates", url_prefix="/admin/tracks")

from lms.tracks.views import admin, assets  # noqa: E402,F401  (routes register on import)
