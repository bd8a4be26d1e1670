"""Mentors of a cohort: their limits, assigning learners to them, and suggested matches.

Every change of a learner's primary mentor adds a ``MentorAssignment`` row, so the
history (who, by whom, when, why) is kept. Relationships start and end only in
``lms.cohorts.relationships`` (re-exported here), which keeps capacity under
concurrency. Flush, never commit.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts import matching, mentor_load
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
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
from lms.profiles.skills import skills_by_user

# ``lms.plans`` (above) registers a loader here: user ids -> the words of their open goals.
GOAL_TERMS = "learner_goal_terms"


def learner_goal_terms(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    loader = current_app.extensions.get(GOAL_TERMS)
    return loader(user_ids) if loader else {}


def mentee_counts(cohort_id: int) -> dict[int, int]:
    """Mentor user id -> active learners who have them as primary mentor (``mentor_load``)."""
    return mentor_load.primary_counts(cohort_id)


def assign_mentor(enrollment: Enrollment, mentor_id: int | None, *, actor=None, reason: str = "") -> bool:
    """Make ``mentor_id`` the learner's primary mentor (None: no mentor). False if nothing changed.

    The old primary relationship ends and a new one starts (``relationships.change_primary``):
    the mentor must be an active mentor of the same cohort, not away, not excluded for this
    learner, with a free place (their own maximum and the cohort's).
    """
    return change_primary(enrollment, mentor_id, actor=actor, reason=reason)


def set_max_mentees(mentor_enrollment: Enrollment, maximum: int | None, actor=None) -> None:
    if mentor_enrollment.role != EnrollmentRole.MENTOR:
        raise MentoringError("Only mentors have a maximum number of mentees.")
    if maximum is not None and maximum < 0:
        raise MentoringError("The maximum cannot be negative.")
    mentor_enrollment.max_mentees = maximum
    db.session.flush()


def matching_inputs(cohort: Cohort) -> tuple[list[matching.LearnerInfo], list[matching.MentorInfo], list[str]]:
    """The cohort's unmatched active learners and active mentors, as plain data."""
    rows = db.session.execute(
        select(Enrollment, User).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.status == EnrollmentStatus.ACTIVE)).all()
    counts = mentee_counts(cohort.id)
    skills = skills_by_user(user.id for _, user in rows)
    goal_terms = learner_goal_terms([user.id for enrollment, user in rows if enrollment.role == EnrollmentRole.LEARNER])
    learners, mentors = [], []
    for enrollment, user in rows:
        offset = matching.utc_offset_hours(user.timezone, cohort.starts_on)
        if enrollment.role == EnrollmentRole.MENTOR:
            mentors.append(matching.MentorInfo(id=user.id, name=user.name, skills=tuple(skills[user.id]),
                                               utc_offset=offset, mentees=counts.get(user.id, 0),
                                               max_mentees=enrollment.max_mentees))
        elif enrollment.mentor_id is None:
            learners.append(matching.LearnerInfo(id=enrollment.id, name=user.name,
                                                 skills=tuple(skills[user.id]),
                                                 goals=goal_terms.get(user.id, ()),
                                                 utc_offset=offset))
    return learners, mentors, list(cohort.track.skills or [])


def suggest(cohort: Cohort) -> list[matching.Suggestion]:
    learners, mentors, skills = matching_inputs(cohort)
    return matching.suggest_matches(learners, mentors, skills)


def apply_choices(cohort: Cohort, choices: dict[int, int | None], reasons: dict[int, str], actor) -> int:
    """Assign the chosen mentor (by learner enrollment id); return how many changed."""
    if not choices:
        return 0
    enrollments = db.session.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.id.in_(list(choices)),
        Enrollment.role == EnrollmentRole.LEARNER)).all()
    changed = 0
    for enrollment in sorted(enrollments, key=lambda e: e.id):
        mentor_id = choices[enrollment.id]
        changed += assign_mentor(enrollment, mentor_id, actor=actor,
                                 reason=reasons.get(enrollment.id) or "chosen by an admin")
    return changed
