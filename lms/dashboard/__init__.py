"""Home pages: what a learner does next, what a mentor should look at."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lms.dashboard import views
    from lms.web import add_home_provider, add_nav_item

    app.register_blueprint(views.bp)
    add_home_provider(app, views.home_for)
    add_nav_item(app, "Home", "dashboard.home", order=10)
