"""Who may be a peer mentor where: the one module that knows it (docs/peer-mentors.md).

A *graduate* of a track completed it in some cohort: an enrolment as learner with status
``completed`` (the status an admin or ``lms.progress``'s completion sets). They may be a
peer mentor in a *later* cohort of the same track: one that starts after the cohort they
completed started, is draft, open or running, and in which they are neither enrolled (as
learner or mentor) nor deactivated. "Completed in" is the moment they did the last lesson of
that enrolment (``LessonProgress.completed_at``), else the end of that cohort.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import contains_eager

from lms.auth.models import User
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.peer_mentor_seat import PeerMentorSeat
from lms.database import alias
from lms.extensions import db
from lms.profiles.models import Profile
from lms.progress.models import LessonProgress
from lms.tracks.models import Track

# A seat can be offered in cohorts not finished yet; automatic invitations wait until it opens.
SEAT_COHORT_STATUSES = (CohortStatus.DRAFT, CohortStatus.OPEN, CohortStatus.RUNNING)
AUTO_INVITE_STATUSES = (CohortStatus.OPEN, CohortStatus.RUNNING)


@dataclass(frozen=True)
class Graduate:
    user: User
    enrollment: Enrollment   # the enrolment in which they completed the track
    completed_on: date


@dataclass(frozen=True)
class Completed:
    track_title: str
    completed_on: date


def _completed(completed_cohort=Cohort):
    return and_(Enrollment.cohort_id == completed_cohort.id, Enrollment.role == EnrollmentRole.LEARNER,
                Enrollment.status == EnrollmentStatus.COMPLETED)


def _not_in(cohort_id):
    """No enrolment (any role) of the person in the cohort."""
    other = alias(Enrollment, "eligible_other_enrollment")
    return ~exists().where(other.cohort_id == cohort_id, other.user_id == Enrollment.user_id)


def completed_dates(enrollment_ids) -> dict[int, date]:
    """When each enrolment completed: its last lesson done, else its cohort's end (one query)."""
    if not enrollment_ids:
        return {}
    rows = db.session.execute(
        select(Enrollment.id, Cohort.ends_on, func.max(LessonProgress.completed_at))
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
        .where(Enrollment.id.in_(list(enrollment_ids))).group_by(Enrollment.id, Cohort.ends_on))
    return {eid: completed_on(ends_on, last) for eid, ends_on, last in rows}


def graduates_for(cohort: Cohort, *, opted_in_only: bool = False, user_id: int | None = None) -> list[Graduate]:
    """The people who may be invited to ``cohort`` and hold no seat there yet, each with their
    earliest qualifying completion (empty when the cohort is finished or archived)."""
    if cohort.status not in SEAT_COHORT_STATUSES:
        return []
    earlier = alias(Cohort, "eligible_earlier_cohort")
    query = (select(Enrollment, User).join(earlier, earlier.id == Enrollment.cohort_id)
             .join(User, User.id == Enrollment.user_id)
             .where(_completed(earlier), earlier.track_id == cohort.track_id, earlier.starts_on < cohort.starts_on,
                    earlier.id != cohort.id, User.is_active.is_(True), _not_in(cohort.id),
                    ~exists().where(PeerMentorSeat.cohort_id == cohort.id, PeerMentorSeat.user_id == User.id))
             .options(contains_eager(Enrollment.cohort.of_type(earlier)))
             .order_by(User.name, User.id, earlier.starts_on, Enrollment.id))
    if opted_in_only:
        query = query.where(exists().where(Profile.user_id == User.id, Profile.offers_peer_mentoring.is_(True)))
    if user_id is not None:
        query = query.where(User.id == user_id)
    first: dict[int, tuple[Enrollment, User]] = {}
    for enrollment, user in db.session.execute(query):
        first.setdefault(user.id, (enrollment, user))
    dates = completed_dates([e.id for e, _ in first.values()])
    return [Graduate(user, enrollment, dates[enrollment.id]) for enrollment, user in first.values()]


def graduate_in(cohort: Cohort, user_id: int) -> Graduate | None:
    """``user_id`` as an eligible graduate for ``cohort``, or None."""
    found = graduates_for(cohort, user_id=user_id)
    return found[0] if found else None


def open_later_cohorts(user_id: int) -> list[Cohort]:
    """Open or running cohorts where ``user_id`` may be invited now (for their opt-in)."""
    earlier = alias(Cohort, "open_later_earlier_cohort")
    completed_here = exists().where(
        Enrollment.user_id == user_id, _completed(earlier), earlier.track_id == Cohort.track_id,
        earlier.starts_on < Cohort.starts_on)
    enrolled = exists().where(Enrollment.cohort_id == Cohort.id, Enrollment.user_id == user_id)
    seated = exists().where(PeerMentorSeat.cohort_id == Cohort.id, PeerMentorSeat.user_id == user_id)
    return list(db.session.scalars(select(Cohort).where(
        Cohort.status.in_(AUTO_INVITE_STATUSES), completed_here, ~enrolled, ~seated).order_by(Cohort.starts_on)))


def completions_select(user_ids):
    """(user id, track title, cohort end, last lesson done) per completed enrolment, as a SELECT."""
    return (select(Enrollment.user_id, Track.title, Cohort.ends_on, func.max(LessonProgress.completed_at))
            .join(Cohort, Cohort.id == Enrollment.cohort_id).join(Track, Track.id == Cohort.track_id)
            .outerjoin(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
            .where(_completed(), Enrollment.user_id.in_(list(user_ids)))
            .group_by(Enrollment.id, Enrollment.user_id, Track.title, Cohort.ends_on))


def completed_on(ends_on: date, last_done) -> date:
    """When an enrolment completed: its last lesson done, else its cohort's end."""
    if isinstance(last_done, str):  # SQLite returns an aggregate of datetimes as text
        last_done = datetime.fromisoformat(last_done)
    return last_done.date() if isinstance(last_done, datetime) else ends_on


def completions(user_ids) -> dict[int, list[Completed]]:
    """Per person, the tracks they completed and when (newest first), in one query for any list."""
    ids = list({int(i) for i in user_ids})
    found: dict[int, list[Completed]] = {}
    for user_id, title, ends_on, last in (db.session.execute(completions_select(ids)) if ids else []):
        found.setdefault(user_id, []).append(Completed(title, completed_on(ends_on, last)))
    for items in found.values():
        items.sort(key=lambda c: c.completed_on, reverse=True)
    return found
