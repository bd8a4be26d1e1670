"""Mentorships: relationships with roles, learners' mentor requests, matching, the directory."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.mentorships import views

    app.register_blueprint(views.bp)
