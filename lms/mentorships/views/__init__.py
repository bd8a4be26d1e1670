"""Mentorship pages. One blueprint; each area's routes live in its own module, imported below."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mentorships", __name__, template_folder="../templates")

from lms.mentorships.views import directory, relationships, requests  # noqa: E402,F401
