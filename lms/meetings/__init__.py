"""Meetings: mentors' bookable hours, one-to-one sessions and group workshops (docs/meetings.md)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    app.config.setdefault("MEETINGS_VIDEO_BASE", "https://meet.jit.si/")  # generated rooms live here
    # Imported when the app is assembled, like every feature's views.
    from lms.cohorts.calendar import add_feed_source
    from lms.demo import register_demo_step
    from lms.meetings import views
    from lms.meetings.demo import demo_meetings
    from lms.meetings.feed import meeting_events
    from lms.permissions import uses_learner_pages
    from lms.web import add_nav_item

    app.register_blueprint(views.bp)
    add_feed_source(app, meeting_events)       # sessions and workshops in each personal calendar feed
    register_demo_step(app, demo_meetings)     # the demo mentor's hours, a session, workshops
    add_nav_item(app, lazy_gettext("Sessions"), "meetings.sessions", visible=uses_learner_pages, order=36)
