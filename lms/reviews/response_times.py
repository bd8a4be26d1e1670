"""How quickly mentors review: the median hours from a hand-in to that mentor's review of it.

Registered for the mentor directory (``lms.mentorships.directory.RESPONSE_HOURS``), which
stands below reviews and so reads it through ``app.extensions``.
"""
from __future__ import annotations

from datetime import datetime
from statistics import median

from sqlalchemy import select

from lms.database import seconds_between
from lms.extensions import db
from lms.reviews.models import Review
from lms.submissions.models import Attempt


def median_response_hours(mentor_ids: list[int], since: datetime) -> dict[int, float]:
    """Mentor id -> median hours between an attempt and their review of it, reviews since ``since``; one query."""
    ids = list(set(mentor_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Review.reviewer_id, seconds_between(Attempt.submitted_at, Review.created_at))
        .join(Attempt, Attempt.id == Review.attempt_id)
        .where(Review.reviewer_id.in_(ids), Review.created_at >= since))
    waits: dict[int, list[float]] = {}
    for reviewer_id, seconds in rows:
        waits.setdefault(reviewer_id, []).append(max(0.0, float(seconds or 0) / 3600))
    return {reviewer_id: round(median(values), 1) for reviewer_id, values in waits.items()}
