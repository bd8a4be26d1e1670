"""Pages of meetings: availability (mentors), booking and sessions, workshops."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, template_folder="../templates")
from lms.meetings.views import bookings  # noqa: E402,F401  (one-to-one sessions)
