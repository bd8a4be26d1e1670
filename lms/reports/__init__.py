"""What admins and mentors read about a cohort: the progress grid, who is at risk and
why, mentor load, the progress chart and the gradebook/roster exports."""
from __future__ import annotations

from flask import Flask

from lms.reports.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
