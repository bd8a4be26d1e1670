"""Micro-mentoring: short focused asks, answered in threads by mentors (docs/asks.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask


def init_app(app: Flask) -> None:
    app.config.setdefault("ASK_CLAIM_MINUTES", 60)   # a claim is a lock that expires
    app.config.setdefault("ASK_MAX_CLAIMS", 3)        # open claims one mentor may hold at once
    # Imported when the app is assembled, like every feature's views.
    from lms.asks import views

    app.register_blueprint(views.bp)
    # Reminders to whoever a thread waits on, and time-outs (lms.asks.nudges).
    from lms.asks import nudges
    from lms.jobs import register_periodic

    register_periodic(app, "asks.nudges", nudges.run_nudges, timedelta(hours=1))
