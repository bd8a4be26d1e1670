"""One row per mentor: load (``lms.cohorts.mentor_load``), helpfulness, first responses and
accepted answers in community spaces."""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from lms.cohorts.mentor_load import MentorLoad, loads
from lms.community import queries as community_queries
from lms.health import helpfulness
from lms.health.helpfulness import AskVerdicts, Helpfulness
from lms.health.loading import Rows
from lms.health.stats import hours


@dataclass(frozen=True)
class MentorHealth:
    user_id: int
    name: str
    load: MentorLoad
    mentees: int                  # the bar: counted mentees (in the cohort, or in every cohort)
    capacity: int | None          # ... against this maximum (None: no limit)
    reviews: Helpfulness
    asks: AskVerdicts
    review_median: float | None   # hours from hand-in to their review, over the reviews they wrote
    ask_median: float | None      # hours from an ask to its first response, over the asks they answered
    accepted_answers: int = 0     # their accepted answers in community spaces (all spaces)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def mentor_rows(rows: Rows, *, single: bool) -> list[MentorHealth]:
    """Mentors of the cohorts (by name); with one cohort, their load there, else across cohorts."""
    names: dict[int, str] = {}
    for enrollment, name in rows.mentors:
        names.setdefault(enrollment.user_id, name)
    if not names:
        return []
    cohort_id = rows.cohorts[0].id if single and len(rows.cohorts) == 1 else None
    single = cohort_id is not None
    load = loads(names, cohort_id)
    reviews = helpfulness.review_helpfulness(names)
    asks = helpfulness.ask_verdicts(names)
    accepted = community_queries.accepted_answers_by(names)
    review_waits, ask_waits = defaultdict(list), defaultdict(list)
    for attempt in rows.attempts:
        if attempt.reviewer_id in names and attempt.reviewed_at is not None:
            review_waits[attempt.reviewer_id].append(hours(attempt.reviewed_at - attempt.submitted_at))
    for ask in rows.asks:
        if ask.mentor_id in names and ask.first_response_at is not None:
            ask_waits[ask.mentor_id].append(hours(ask.first_response_at - ask.created_at))
    result = []
    for user_id, name in names.items():
        mentor_load = load[user_id]
        mentees, capacity = ((mentor_load.in_cohort, mentor_load.cohort_maximum) if single
                             else (mentor_load.active, mentor_load.maximum))
        if single and capacity is None:
            capacity = mentor_load.maximum
        result.append(MentorHealth(user_id, name, mentor_load, mentees, capacity, reviews[user_id], asks[user_id],
                                   _median(review_waits[user_id]), _median(ask_waits[user_id]),
                                   accepted.get(user_id, 0)))
    return result
