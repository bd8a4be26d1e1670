"""Program health for admins: response times, matching, load and who is stuck (docs/health.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, as every feature does with its views.
    from lms.health import table, views
    from lms.permissions import can_view_program_health
    from lms.web import add_nav_item

    app.config.setdefault("HEALTH_INACTIVE_DAYS", 7)   # stuck: no activity for longer than this
    app.config.setdefault("HEALTH_MANY_CYCLES", 3)     # stuck: this many attempts at one assignment
    app.register_blueprint(views.bp)
    app.jinja_env.globals["health_hours"] = table.hours_value
    add_nav_item(app, "Health", "health.organisation", visible=can_view_program_health, order=35)
