"""Pages of peer review: reviewing peers (learners), peer reviews beside the work (authors, mentors)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("peer", __name__, url_prefix="/peer", template_folder="../templates")

# Each module registers its routes on ``bp`` when imported.
from lms.peer.views import feedback, learner, reviewing  # noqa: E402,F401
