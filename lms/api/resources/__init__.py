"""The API's resources: one module per area, each with its ``blp`` (an ``ApiBlueprint``).

Each module reads and writes through the same services and ``lms.permissions`` rules as
the pages. Add a module's blueprint to ``blueprints()``: registration, CSRF exemption
and the OpenAPI document follow from that one line.
"""
from __future__ import annotations


def blueprints():
    from lms.api.resources import (
        asks,
        certificates,
        cohorts,
        completions,
        enrolments,
        goals,
        mentoring,
        progress,
        reviews,
        sessions,
        submissions,
        tracks,
        users,
    )
    return [tracks.blp, cohorts.blp, enrolments.blp, progress.blp, users.blp, submissions.blp, reviews.blp,
            mentoring.blp, goals.blp, asks.blp, sessions.blp, certificates.blp, completions.blp]
