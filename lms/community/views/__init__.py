"""Pages of the community spaces: topics and posts, moderation, search."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("community", __name__, url_prefix="/spaces", template_folder="../templates")

# Each module registers its routes on ``bp`` when imported.
from lms.community.views import moderation, reports, search, spaces, topics  # noqa: E402,F401
