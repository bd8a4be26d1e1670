"""Pages of meetings: availability (mentors), booking and sessions, workshops."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, template_folder="../templates")

# Each module registers its routes on ``bp`` when imported.
from lms.meetings.views import availability, bookings, invites, mentee, workshops  # noqa: E402,F401
