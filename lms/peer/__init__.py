"""Peer review: learners review each other's hand-ins on assignments that ask for it (docs/peer-review.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    app.config.setdefault("PEER_LEASE_HOURS", 24)        # a handed-out review expires after this
    app.config.setdefault("PEER_FLEXIBLE_HOURS", 72)     # then a duty nobody can fulfil is waived
    from lms.peer import views

    app.register_blueprint(views.bp)
