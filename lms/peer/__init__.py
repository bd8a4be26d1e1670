"""Peer review: learners review each other's hand-ins on assignments that ask for it (docs/peer-review.md)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext

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
    _register_feedback(app)


def _register_feedback(app: Flask) -> None:
    """The mentor's and the author's side: panels on the review and submission pages, the
    queue's "Peers disagree" flag (imported here, like the views, when the app is assembled)."""
    from lms.peer.agreement import disagreement_condition
    from lms.peer.views.panels import mentor_panel, submission_panel
    from lms.reviews.queries import add_queue_flag
    from lms.web import add_page_panel

    # Peer totals this many percentage points apart (or more) flag the work (docs/peer-review.md).
    app.config.setdefault("PEER_DISAGREEMENT_SPREAD", 40)
    add_page_panel(app, "reviews.review", mentor_panel)
    add_page_panel(app, "submissions.detail", submission_panel)
    add_queue_flag(app, lazy_gettext("Peers disagree"), disagreement_condition)
