"""Mentors of a cohort: their limits and assigning learners to them.

Suggested matches live in ``lms.cohorts.suggestions`` (inputs: ``lms.cohorts.matching_inputs``).

Every change of a learner's primary mentor adds a ``MentorAssignment`` row, so the
history (who, by whom, when, why) is kept. Relationships start and end only in
``lms.cohorts.relationships`` (re-exported here), which keeps capacity under
concurrency. Flush, never commit.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext

from lms.cohorts import mentor_load
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.cohorts.relationships import (  # noqa: F401 (the relationship services, re-exported)
    Agreement,
    MentoringError,
    MentorUnavailable,
    NoFreePlace,
    change_primary,
    end_mentorship,
    start_mentorship,
)
from lms.extensions import db

# ``lms.plans`` (above) registers a loader here: user ids -> the words of their open goals.
GOAL_TERMS = "learner_goal_terms"


def learner_goal_terms(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    loader = current_app.extensions.get(GOAL_TERMS)
    return loader(user_ids) if loader else {}


def mentee_counts(cohort_id: int) -> dict[int, int]:
    """Mentor user id -> their counted relationships in the cohort (primary and skill mentees):
    the figure the cohort's maximum is checked against (``mentor_load``), so matching, the
    people page and starting a relationship agree."""
    return mentor_load.counted_in_cohort(cohort_id)


def assign_mentor(enrollment: Enrollment, mentor_id: int | None, *, actor=None, reason: str = "") -> bool:
    """Make ``mentor_id`` the learner's primary mentor (None: no mentor). False if nothing changed.

    The old primary relationship ends and a new one starts (``relationships.change_primary``):
    the mentor must be an active mentor of the same cohort, not away, not excluded for this
    learner, with a free place (their own maximum and the cohort's).
    """
    return change_primary(enrollment, mentor_id, actor=actor, reason=reason)


def set_max_mentees(mentor_enrollment: Enrollment, maximum: int | None, actor=None) -> None:
    if mentor_enrollment.role != EnrollmentRole.MENTOR:
        raise MentoringError(gettext("Only mentors have a maximum number of mentees."))
    if maximum is not None and maximum < 0:
        raise MentoringError(gettext("The maximum cannot be negative."))
    mentor_enrollment.max_mentees = maximum
    db.session.flush()
