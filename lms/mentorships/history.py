"""A mentor's history: every relationship with every mentee, across cohorts (two queries)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts.models import Enrollment, Mentorship, MentorshipStatus
from lms.extensions import db


@dataclass
class MenteeHistory:
    learner: User
    relationships: list[Mentorship] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(m.status == MentorshipStatus.ACTIVE for m in self.relationships)


def mentee_history(mentor_id: int) -> list[MenteeHistory]:
    """Per mentee (current ones first, then by name): their relationships with this mentor, newest first."""
    rows = db.session.scalars(
        select(Mentorship).where(Mentorship.mentor_id == mentor_id)
        .options(joinedload(Mentorship.enrollment).joinedload(Enrollment.user),
                 joinedload(Mentorship.enrollment).joinedload(Enrollment.cohort))
        .order_by(Mentorship.started_at.desc(), Mentorship.id.desc())).all()
    by_learner: dict[int, MenteeHistory] = {}
    for mentorship in rows:
        learner = mentorship.enrollment.user
        by_learner.setdefault(learner.id, MenteeHistory(learner)).relationships.append(mentorship)
    return sorted(by_learner.values(), key=lambda h: (not h.active, h.learner.name.lower(), h.learner.id))
