"""Pages of meetings: availability (mentors), booking and sessions, workshops."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, template_folder="../templates")
from lms.meetings.views import (
    availability,  # noqa: E402,F401  (the availability pages)
    invites,  # noqa: E402,F401 (invitation downloads: registers its routes)
)
