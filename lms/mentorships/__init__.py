"""Mentorships: relationships with roles, learners' mentor requests, matching, the directory."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported when the app is assembled (see lms.cohorts.init_app).
    from lms.cohorts.mentor_page import LEARNER_REQUESTS
    from lms.jobs import register_periodic
    from lms.mentorships import demo, request_queries, requests, views

    app.register_blueprint(views.bp)
    register_periodic(app, "mentorships.expire_requests", requests.expire_due, timedelta(minutes=15))
    # The learner's mentors page (lms.cohorts, below) lists their waiting requests through this.
    app.extensions[LEARNER_REQUESTS] = request_queries.learner_requests
    demo.register(app)
