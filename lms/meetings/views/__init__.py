"""Pages of meetings: availability (mentors), booking and sessions, workshops."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, template_folder="../templates")

from lms.meetings.views import workshops  # noqa: E402,F401
