"""Graduates as peer mentors in later cohorts of their track (docs/peer-mentors.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lms.peermentors import views

    app.register_blueprint(views.bp)
