"""Assignments handed in by learners: submissions, attempts and their files."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

from lms.submissions.files import DEFAULT_ALLOWED_EXTENSIONS

CONFIG_DEFAULTS = {
    "SUBMISSION_MAX_FILE_BYTES": 10 * 1024 * 1024,
    "SUBMISSION_MAX_TOTAL_BYTES": 25 * 1024 * 1024,
    "SUBMISSION_MAX_FILES": 10,
    "SUBMISSION_ALLOWED_EXTENSIONS": DEFAULT_ALLOWED_EXTENSIONS,
    "SUBMISSION_MAX_TEXT_CHARS": 50_000,
    # Attempts per assignment unless its spec says max_attempts; 0 = unlimited.
    "SUBMISSION_MAX_ATTEMPTS": 3,
    "STORAGE_BACKEND": "database",
}


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.permissions import uses_learner_pages
    from lms.submissions import display, views
    from lms.web import add_nav_item

    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)
    display.init_app(app)
    app.jinja_env.globals["assignment_panel"] = _assignment_panel
    app.register_blueprint(views.bp)
    # The learner's hand-ins and their status across cohorts.
    add_nav_item(app, lazy_gettext("Your work"), "submissions.mine", order=22, visible=uses_learner_pages)


def _assignment_panel(lesson, cohort=None):
    # Imported on first use, like the views in init_app.
    from flask_login import current_user

    from lms.submissions.queries import assignment_panel

    return assignment_panel(current_user, lesson, cohort)
