"""Whether a cohort's learners have told us their skills and goals yet, for the matching page.

Goals live in ``lms.plans`` (above): they are read through the goal-terms loader it
registers (``mentoring.learner_goal_terms``), where an empty tuple means no open goal.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, ngettext
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
        goals, skills, total = self.without_goals, self.without_skills, self.learners
        if not goals and not skills:
            return ""
        # Whole sentences; the plural follows the first count (the verb), ``total`` names everyone.
        if total == 1:
            if goals and skills:
                return gettext("1 of 1 learner has no goals and 1 has no skills yet")
            return gettext("1 of 1 learner has no goals yet") if goals else gettext("1 of 1 learner has no skills yet")
        if goals and skills:
            others = ngettext("%(num)d has no skills", "%(num)d have no skills", skills)
            return ngettext("%(num)d of %(total)s learners has no goals and %(others)s yet",
                            "%(num)d of %(total)s learners have no goals and %(others)s yet", goals,
                            total=total, others=others)
        if goals:
            return ngettext("%(num)d of %(total)s learners has no goals yet",
                            "%(num)d of %(total)s learners have no goals yet", goals, total=total)
        return ngettext("%(num)d of %(total)s learners has no skills yet",
                        "%(num)d of %(total)s learners have no skills yet", skills, total=total)


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
