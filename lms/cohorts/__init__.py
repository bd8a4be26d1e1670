"""Cohorts: scheduling, enrolment, mentor matching, the cohort pages, exports and calendar feeds."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms import permissions
    from lms.cohorts import demo, views
    from lms.cohorts.cli import cli
    from lms.web import add_nav_item

    # Learners with no recorded activity for this many days are flagged "at risk".
    app.config.setdefault("AT_RISK_INACTIVE_DAYS", 7)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli)
    add_nav_item(app, "Cohorts", "cohorts.admin_list", visible=permissions.can_manage_cohort, order=30)
    demo.register(app)
