"""Peer review: learners review each other's hand-ins on assignments that ask for it (docs/peer-review.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from lms import signals


def init_app(app: Flask) -> None:
    app.config.setdefault("PEER_LEASE_HOURS", 24)        # a handed-out review expires after this
    app.config.setdefault("PEER_FLEXIBLE_HOURS", 72)     # then a duty nobody can fulfil is waived
    from lms.demo import register_demo_step
    from lms.jobs import register_periodic
    from lms.peer import allocation, duties, views
    from lms.peer.demo import demo_peer

    signals.work_submitted.connect(duties.on_work_submitted)
    register_periodic(app, "peer.expire_leases", allocation.expire_leases, timedelta(minutes=15))
    register_periodic(app, "peer.waive_stuck_duties", duties.waive_stuck_duties, timedelta(hours=1))
    register_demo_step(app, demo_peer)   # after the reviews step, which hands work in
    app.register_blueprint(views.bp)
