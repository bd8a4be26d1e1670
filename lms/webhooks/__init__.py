"""Webhooks: admins register endpoints; events go out signed, retried and logged (docs/api.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    app.config.setdefault("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)  # loopback/private targets (tests, labs)
