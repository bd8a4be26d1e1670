"""Program health for admins: response times, matching, load and who is stuck (docs/health.md)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, as every feature does with its views.
    from flask_login import current_user

    from lms.health import table, views
    from lms.permissions import can_view_program_health
    from lms.web import add_nav_item

    app.config.setdefault("HEALTH_INACTIVE_DAYS", 7)   # stuck: no activity for longer than this
    app.config.setdefault("HEALTH_MANY_CYCLES", 3)     # stuck: this many attempts at one assignment
    app.register_blueprint(views.bp)
    app.jinja_env.globals["health_hours"] = table.hours_text
    # The cohort tabs (lms.cohorts, imported without the page's context) ask this for the reader.
    app.jinja_env.globals["shows_program_health"] = lambda cohort: can_view_program_health(current_user, cohort)
    add_nav_item(app, lazy_gettext("Health"), "health.organisation", visible=can_view_program_health, order=35)
