"""What the cohort pages read from other features, in one place.

Submissions and reviews answer in bulk through ``lms.submissions.queries``:
``assignment_statuses(user_ids, lesson_ids) -> {(user_id, lesson_id): AssignmentStatus}``
(``.status .points .attempts .submitted_at .reviewed_at .late``),
``recent_feedback_for_learner(user_id, limit)`` and ``waiting_summary_for_mentor(user_id)``.
Imported when called: that package imports the cohort models itself.
"""
from __future__ import annotations

from datetime import datetime


def _queries():
    from lms.submissions import queries

    return queries


def assignment_statuses(user_ids, lesson_ids) -> dict:
    user_ids, lesson_ids = list(user_ids), list(lesson_ids)
    if not user_ids or not lesson_ids:
        return {}
    return _queries().assignment_statuses(user_ids, lesson_ids)


def recent_feedback(user_id: int, limit: int = 5) -> list:
    return list(_queries().recent_feedback_for_learner(user_id, limit))


def waiting_summary(user_id: int) -> tuple[int, datetime | None]:
    return _queries().waiting_summary_for_mentor(user_id)


def status_value(entry) -> str:
    """An assignment status as a plain string (``approved``, ``submitted`` ...)."""
    status = getattr(entry, "status", None)
    return str(getattr(status, "value", status) or "")


APPROVED = "approved"


def lesson_url(track_slug: str, lesson_slug: str) -> str:
    from lms.tracks.urls import lesson_url as url

    return url(track_slug, lesson_slug)


def track_url(track_slug: str) -> str:
    from lms.tracks.urls import overview_url

    return overview_url(track_slug)
