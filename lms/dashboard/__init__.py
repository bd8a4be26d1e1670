"""Home pages: what a learner does next, what a mentor should look at."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.dashboard import queries, views
    from lms.web import add_home_provider, add_nav_fact, add_nav_item

    app.register_blueprint(views.bp)
    for name, expression in queries.HOME_FACTS.items():
        add_nav_fact(app, name, expression)
    add_home_provider(app, views.home_for)
    add_nav_item(app, lazy_gettext("Home"), "dashboard.home", order=10)
