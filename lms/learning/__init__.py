"""What learners see of a track: their tracks, a syllabus with their progress, lessons,
quizzes and assignments, in the enrolment they work in."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

from lms.learning.views import bp
from lms.permissions import uses_learner_pages
from lms.web import add_nav_item


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_nav_item(app, lazy_gettext("Tracks"), "learning.index", order=20, visible=uses_learner_pages)
