"""Mentors of a cohort: their limits and assigning learners to them.

Suggested matches live in ``lms.cohorts.suggestions`` (inputs: ``lms.cohorts.matching_inputs``).

Every change of a learner's primary mentor adds a ``MentorAssignment`` row, so the
history (who, by whom, when, why) is kept. Flush, never commit.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus, MentorAssignment
from lms.cohorts.services import CohortError
from lms.database import utcnow
from lms.extensions import db

# ``lms.plans`` (above) registers a loader here: user ids -> the words of their open goals.
GOAL_TERMS = "learner_goal_terms"


def learner_goal_terms(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    loader = current_app.extensions.get(GOAL_TERMS)
    return loader(user_ids) if loader else {}


class MentoringError(CohortError):
    pass


def mentee_counts(cohort_id: int) -> dict[int, int]:
    """Mentor user id -> active learners who have them as primary mentor."""
    rows = db.session.execute(
        select(Enrollment.mentor_id, func.count(Enrollment.id))
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.LEARNER,
               Enrollment.status == EnrollmentStatus.ACTIVE, Enrollment.mentor_id.is_not(None))
        .group_by(Enrollment.mentor_id))
    return dict(rows.all())


def _mentor_enrollment(cohort_id: int, user_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user_id,
        Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE))


def assign_mentor(enrollment: Enrollment, mentor_id: int | None, *, actor=None, reason: str = "",
                  counts: dict[int, int] | None = None) -> bool:
    """Make ``mentor_id`` the learner's primary mentor (None: no mentor). False if nothing changed.

    The mentor must be an active mentor of the same cohort with room below their maximum.
    """
    if enrollment.role != EnrollmentRole.LEARNER:
        raise MentoringError("Only learners have a primary mentor.")
    if mentor_id == enrollment.mentor_id:
        return False
    if mentor_id is not None:
        mentor = _mentor_enrollment(enrollment.cohort_id, mentor_id)
        if mentor is None:
            raise MentoringError("That person is not a mentor of this cohort.")
        load = (counts if counts is not None else mentee_counts(enrollment.cohort_id)).get(mentor_id, 0)
        if mentor.max_mentees is not None and load >= mentor.max_mentees:
            raise MentoringError(f"{mentor.user.name} already has {load} of {mentor.max_mentees} mentees; "
                                 "raise their maximum first.")
        if counts is not None:
            counts[mentor_id] = load + 1
    if counts is not None and enrollment.mentor_id in counts:
        counts[enrollment.mentor_id] -= 1
    enrollment.mentor_id = mentor_id
    db.session.add(MentorAssignment(enrollment_id=enrollment.id, mentor_id=mentor_id,
                                    assigned_by_id=getattr(actor, "id", None), assigned_at=utcnow(),
                                    reason=reason or ("unassigned" if mentor_id is None else "assigned")))
    db.session.flush()
    return True


def set_max_mentees(mentor_enrollment: Enrollment, maximum: int | None, actor=None) -> None:
    if mentor_enrollment.role != EnrollmentRole.MENTOR:
        raise MentoringError("Only mentors have a maximum number of mentees.")
    if maximum is not None and maximum < 0:
        raise MentoringError("The maximum cannot be negative.")
    mentor_enrollment.max_mentees = maximum
    db.session.flush()
