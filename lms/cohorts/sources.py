"""ADAPTERS to features built alongside this one (integrator: see the report).

Submissions and reviews answer, in bulk, through ``lms.submissions.queries``:

- ``assignment_statuses(user_ids, lesson_ids) -> {(user_id, lesson_id): obj}`` where obj has
  ``.status .points .attempts .submitted_at .reviewed_at .late``;
- ``recent_feedback_for_learner(user_id, limit) -> list``;
- ``waiting_summary_for_mentor(user_id) -> (count, oldest_submitted_at)``.

Until that module exists these answer "nothing yet", so pages render without it.
"""
from __future__ import annotations

from datetime import datetime


def _queries():
    try:
        from lms.submissions import queries
    except ImportError:
        return None
    return queries


def assignment_statuses(user_ids, lesson_ids) -> dict:
    queries = _queries()
    user_ids, lesson_ids = list(user_ids), list(lesson_ids)
    if queries is None or not user_ids or not lesson_ids:
        return {}
    return queries.assignment_statuses(user_ids, lesson_ids)


def recent_feedback(user_id: int, limit: int = 5) -> list:
    queries = _queries()
    return list(queries.recent_feedback_for_learner(user_id, limit)) if queries else []


def waiting_summary(user_id: int) -> tuple[int, datetime | None]:
    queries = _queries()
    return queries.waiting_summary_for_mentor(user_id) if queries else (0, None)


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
