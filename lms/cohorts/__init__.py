"""Cohorts: scheduling, enrolment, mentor matching, the people and schedule pages, calendar feeds.

The cohort progress page and its exports are ``lms.reports``."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms import permissions, signals
    from lms.cohorts import demo, queries, relationships, views
    from lms.cohorts.cli import cli
    from lms.web import add_nav_item

    # Learners with no recorded activity for this many days are flagged "at risk".
    app.config.setdefault("AT_RISK_INACTIVE_DAYS", 7)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli)
    add_nav_item(app, lazy_gettext("Cohorts"), "cohorts.admin_list", visible=permissions.can_manage_cohort, order=30)
    demo.register(app)
    # Relationships end when their learner or mentor stops, or their cohort finishes.
    signals.enrollment_changed.connect(relationships.on_enrollment_changed)
    signals.cohort_status_changed.connect(relationships.on_cohort_status_changed)
    # The tracks admin page shows how many learners each track has had (tracks cannot ask cohorts).
    app.jinja_env.globals["track_learner_counts"] = queries.learners_per_track
