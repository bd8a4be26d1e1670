"""Graduates as peer mentors in later cohorts of their track (docs/peer-mentors.md)."""
from __future__ import annotations

from flask import Flask

from lms import signals


def init_app(app: Flask) -> None:
    from lms.peermentors import queries, services, views
    from lms.profiles.facts import PERSON_FACTS

    app.register_blueprint(views.bp)
    # A later cohort opens, or a graduate opts in: invite those who offer peer mentoring.
    signals.cohort_status_changed.connect(services.on_cohort_status_changed)
    signals.peer_mentoring_offered.connect(services.on_peer_mentoring_offered)
    # Profiles and mentor cards show "Completed <track> in <month>" and "Peer mentor in <cohort>".
    app.extensions.setdefault(PERSON_FACTS, []).append(queries.person_facts)
