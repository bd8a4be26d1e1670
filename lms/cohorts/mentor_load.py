"""A mentor's load: the one place that counts mentees, read by every page that shows it.

Two limits apply when a relationship starts: the mentor's own maximum across every cohort
(``Profile.max_mentees`` against the counter ``Profile.active_mentees``) and the cohort's
maximum for them (``Enrollment.max_mentees`` against their counted relationships in that
cohort). Peer mentorships are light (a fellow learner or graduate): they count against
neither limit (``COUNTED_ROLES``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from lms.cohorts.models import (
    Enrollment,
    EnrollmentRole,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.extensions import db
from lms.profiles.models import Profile

COUNTED_ROLES = (MentorshipRole.PRIMARY, MentorshipRole.SKILL)


@dataclass(frozen=True)
class MentorLoad:
    mentor_id: int
    active: int                 # counted relationships in every cohort (Profile.active_mentees)
    maximum: int | None         # their own maximum (None: no limit)
    in_cohort: int = 0          # counted relationships in the cohort asked about
    cohort_maximum: int | None = None

    @property
    def has_room(self) -> bool:
        return ((self.maximum is None or self.active < self.maximum)
                and (self.cohort_maximum is None or self.in_cohort < self.cohort_maximum))

    @property
    def free(self) -> int | None:
        """Free places (None: unlimited)."""
        limits = [m - used for m, used in ((self.maximum, self.active), (self.cohort_maximum, self.in_cohort))
                  if m is not None]
        return max(0, min(limits)) if limits else None


def counted_in_cohort(cohort_id: int, mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Mentor user id -> their active counted relationships with learners of the cohort."""
    query = (select(Mentorship.mentor_id, func.count(Mentorship.id))
             .join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
             .where(Enrollment.cohort_id == cohort_id, Mentorship.status == MentorshipStatus.ACTIVE,
                    Mentorship.role.in_(COUNTED_ROLES))
             .group_by(Mentorship.mentor_id))
    if mentor_ids is not None:
        query = query.where(Mentorship.mentor_id.in_(list(mentor_ids)))
    return dict(db.session.execute(query).all())


def loads(mentor_ids: Iterable[int], cohort_id: int | None = None) -> dict[int, MentorLoad]:
    """Mentor user id -> their load (and, given a cohort, their load there): three queries at most."""
    ids = sorted(set(mentor_ids))
    if not ids:
        return {}
    profiles = {p.user_id: (p.active_mentees, p.max_mentees) for p in db.session.execute(
        select(Profile.user_id, Profile.active_mentees, Profile.max_mentees).where(Profile.user_id.in_(ids)))}
    in_cohort, cohort_max = {}, {}
    if cohort_id is not None:
        in_cohort = counted_in_cohort(cohort_id, ids)
        cohort_max = dict(db.session.execute(select(Enrollment.user_id, Enrollment.max_mentees).where(
            Enrollment.cohort_id == cohort_id, Enrollment.user_id.in_(ids),
            Enrollment.role == EnrollmentRole.MENTOR)).all())
    return {i: MentorLoad(i, *profiles.get(i, (0, None)), in_cohort=in_cohort.get(i, 0),
                          cohort_maximum=cohort_max.get(i)) for i in ids}
