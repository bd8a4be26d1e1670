"""Certificate pages: the learner's own, public verification and issuer data, admin tools."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("certificates", __name__, template_folder="../templates",
               static_folder="../static", static_url_path="/static/certificates")

from lms.certificates.views import admin, exports, learner, public  # noqa: E402,F401  (routes on bp)
