"""Track pages: learners read and practise (``tracks``), admins import and inspect (``tracks_admin``)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracks", __name__, template_folder="../templates")
admin_bp = Blueprint("tracks_admin", __name__, template_folder="../templates", url_prefix="/admin/tracks")

from lms.tracks.views import admin, assets, learner  # noqa: E402,F401  (routes register on import)
