"""What the workshop pages read, in a fixed number of queries however many workshops there are."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import joinedload

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import alias
from lms.extensions import db
from lms.meetings.models import RegistrationStatus, Workshop, WorkshopRegistration, WorkshopStatus

PAST_SHOWN = 20
R = RegistrationStatus


@dataclass(frozen=True)
class Listed:
    workshop: Workshop
    status: RegistrationStatus | None   # the viewer's registration, if any
    position: int | None                # their waitlist place (1: next to move up)

    @property
    def seats_left(self) -> int:
        return max(self.workshop.seats - self.workshop.seats_taken, 0)


def active_cohort_ids(user) -> list[int]:
    return list(db.session.scalars(select(Enrollment.cohort_id).where(
        Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.ACTIVE)))


def _visible(user, cohort_ids: list[int]):
    """The workshops ``user`` may see (mirrors ``permissions.can_view_workshop``)."""
    if user.is_admin:
        return true()
    seen = [Workshop.host_id == user.id]
    if cohort_ids:
        seen += [Workshop.cohort_id.is_(None), Workshop.cohort_id.in_(cohort_ids)]
    return or_(*seen)


def _positions(user_id: int, workshop_ids: list[int]) -> dict[int, tuple[RegistrationStatus, int | None]]:
    """The viewer's status at each workshop and, when waitlisted, their place: one query."""
    if not workshop_ids:
        return {}
    other = alias(WorkshopRegistration, "waitlist_ahead")
    ahead = (select(func.count(other.id)).where(
        other.workshop_id == WorkshopRegistration.workshop_id, other.status == R.WAITLISTED,
        or_(other.waitlisted_at < WorkshopRegistration.waitlisted_at,
            and_(other.waitlisted_at == WorkshopRegistration.waitlisted_at, other.id < WorkshopRegistration.id)))
        .correlate(WorkshopRegistration).scalar_subquery())
    rows = db.session.execute(select(WorkshopRegistration.workshop_id, WorkshopRegistration.status, ahead).where(
        WorkshopRegistration.user_id == user_id, WorkshopRegistration.workshop_id.in_(workshop_ids)))
    return {wid: (status, count + 1 if status == R.WAITLISTED else None) for wid, status, count in rows}


def workshops_for(user, now: datetime, *, cohort_id: int | None = None) -> tuple[list[Listed], list[Listed]]:
    """Upcoming (not yet ended, cancelled ones included) and recent past ones (took place), soonest first."""
    cohort_ids = active_cohort_ids(user)
    scope = [_visible(user, cohort_ids)]
    if cohort_id is not None:
        scope.append(or_(Workshop.cohort_id == cohort_id, Workshop.cohort_id.is_(None)))
    base = select(Workshop).where(*scope).options(joinedload(Workshop.host), joinedload(Workshop.cohort))
    upcoming = db.session.scalars(base.where(Workshop.ends_at > now).order_by(Workshop.starts_at, Workshop.id)).all()
    past = db.session.scalars(base.where(Workshop.ends_at <= now, Workshop.status == WorkshopStatus.SCHEDULED)
                              .order_by(Workshop.starts_at.desc(), Workshop.id.desc()).limit(PAST_SHOWN)).all()
    mine = _positions(user.id, [w.id for w in (*upcoming, *past)])

    def listed(w: Workshop) -> Listed:
        status, position = mine.get(w.id, (None, None))
        return Listed(w, status, position)

    return [listed(w) for w in upcoming], [listed(w) for w in past]


def registrants(workshop: Workshop) -> list[WorkshopRegistration]:
    """Everyone registered or waitlisted (registered first, then the waitlist in order), with their user."""
    rows = db.session.scalars(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop.id, WorkshopRegistration.status != R.CANCELLED)
        .options(joinedload(WorkshopRegistration.user))
        .order_by(WorkshopRegistration.waitlisted_at.is_not(None), WorkshopRegistration.waitlisted_at,
                  WorkshopRegistration.id)).all()
    return list(rows)


def schedulable_cohorts(user) -> list[Cohort]:
    """Cohorts ``user`` may schedule for: all open or running ones for admins, else where they mentor."""
    query = select(Cohort).order_by(Cohort.name)
    if not user.is_admin:
        query = query.join(Enrollment, Enrollment.cohort_id == Cohort.id).where(
            Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
            Enrollment.status == EnrollmentStatus.ACTIVE)
    return list(db.session.scalars(query))
