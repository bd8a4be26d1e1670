"""The JSON API at /api/v1: token-authenticated, scoped, documented by OpenAPI (docs/api.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", 600)            # requests per token per window
    app.config.setdefault("API_RATE_WINDOW_SECONDS", 60)
    app.config.setdefault("API_ANONYMOUS_LIMIT", 60)        # requests without a usable token, per address
    from lms.api import idempotency, spec, views
    from lms.api.problems import ApiProblem, from_exception
    from lms.api.resources import blueprints
    from lms.extensions import csrf
    from lms.jobs import register_periodic
    from lms.permissions import can_manage_api_tokens
    from lms.web import add_nav_item

    spec.configure(app)
    api = spec.install(app)
    app.extensions["lms_api"] = api
    for blueprint in blueprints():
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.register_error_handler(ApiProblem, from_exception)
    app.register_blueprint(views.bp)
    app.register_blueprint(views.docs)
    register_periodic(app, "api.purge_idempotency_keys", idempotency.purge_old_keys, timedelta(hours=1))
    add_nav_item(app, lazy_gettext("Integrations"), "tokens.service", visible=can_manage_api_tokens, order=95)
