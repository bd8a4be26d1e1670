"""Whether a cohort's learners have told us their skills and goals yet, for the matching page.

Goals live in ``lms.plans`` (above): they are read through the goal-terms loader it
registers (``mentoring.learner_goal_terms``), where an empty tuple means no open goal.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.mentoring import learner_goal_terms
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.profiles.skills import skills_by_user


@dataclass(frozen=True)
class Readiness:
    learners: int
    without_goals: int
    without_skills: int
    # Who they are, by name: (name, has no goals, has no skills), sorted by name.
    missing: tuple[tuple[str, bool, bool], ...] = ()

    @property
    def notice(self) -> str:
        """E.g. "4 of 12 learners have no goals and 3 have no skills yet"; "" when all have both."""
        parts = [f"{count} {'has' if count == 1 else 'have'} no {what}"
                 for count, what in ((self.without_goals, "goals"), (self.without_skills, "skills")) if count]
        if not parts:
            return ""
        noun = "learner" if self.learners == 1 else "learners"
        first_count, first_rest = parts[0].split(" ", 1)
        rest = f" and {parts[1]}" if len(parts) > 1 else ""
        return f"{first_count} of {self.learners} {noun} {first_rest}{rest} yet"


def learner_readiness(cohort: Cohort) -> Readiness:
    """How many of the cohort's active learners have no goals, and no skills, yet."""
    names = dict(db.session.execute(select(Enrollment.user_id, User.name).join(User, User.id == Enrollment.user_id)
                                    .where(Enrollment.cohort_id == cohort.id,
                                           Enrollment.role == EnrollmentRole.LEARNER,
                                           Enrollment.status == EnrollmentStatus.ACTIVE)).all())
    user_ids = list(names)
    goals = learner_goal_terms(user_ids)
    skills = skills_by_user(user_ids)
    missing = sorted((names[uid], not goals.get(uid), not skills.get(uid)) for uid in user_ids
                     if not goals.get(uid) or not skills.get(uid))
    return Readiness(len(user_ids), sum(1 for uid in user_ids if not goals.get(uid)),
                     sum(1 for uid in user_ids if not skills.get(uid)), tuple(missing))
