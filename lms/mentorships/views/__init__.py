"""Mentorship pages. One blueprint; the routes live in the modules imported at the end."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mentorships", __name__, template_folder="../templates")

from lms.mentorships.views import relationships, requests  # noqa: E402,F401
