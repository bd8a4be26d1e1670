"""Micro-mentoring: short focused asks, answered in threads by mentors (docs/asks.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    app.config.setdefault("ASK_CLAIM_MINUTES", 60)   # a claim is a lock that expires
    app.config.setdefault("ASK_MAX_CLAIMS", 3)        # open claims one mentor may hold at once
    # Imported when the app is assembled, like every feature's views.
    from lms.asks import views

    app.register_blueprint(views.bp)
    _init_asks(app)


def _init_asks(app: Flask) -> None:
    """Routing, the thank-you notes on mentor profiles, the demo (imported when the app is assembled)."""
    from lms.asks import nudges, queries, routing
    from lms.asks.demo import demo_asks
    from lms.demo import register_demo_step
    from lms.jobs import register_periodic
    from lms.mentorships.directory import THANK_YOU_NOTES
    from lms.web import add_nav_item

    add_nav_item(app, lazy_gettext("Asks"), "asks.mine", order=35)
    register_periodic(app, "asks.route", routing.route_asks, timedelta(minutes=5))
    # Reminders to whoever a thread waits on, and time-outs.
    register_periodic(app, "asks.nudges", nudges.run_nudges, timedelta(hours=1))
    app.extensions[THANK_YOU_NOTES] = queries.thank_you_notes
    register_demo_step(app, demo_asks)
