"""Webhooks: admins register endpoints; events go out signed, retried and logged (docs/api.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask


def init_app(app: Flask) -> None:
    app.config.setdefault("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)  # loopback/private targets (tests, labs)
    app.config.setdefault("WEBHOOKS_DISABLE_AFTER_FAILURES", 10)      # failed attempts in a row
    from lms.jobs import register_periodic
    from lms.webhooks import delivery, receivers, views

    receivers.connect()
    app.register_blueprint(views.bp)
    register_periodic(app, "webhooks.deliver_due", delivery.deliver_due, timedelta(minutes=1))
