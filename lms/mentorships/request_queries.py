"""What the request pages read: the learner's waiting requests, a mentor's queue, a cohort's
unsettled requests with its mentors and their load. Each a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from lms.auth.models import User
from lms.cohorts import mentor_load
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus, MentorshipRole
from lms.extensions import db
from lms.mentorships.models import MentorRequest, PickStatus, RequestPick, RequestStatus
from lms.mentorships.states import UNSETTLED


@dataclass(frozen=True)
class RequestSummary:
    id: int
    role: MentorshipRole
    skill: str
    status: RequestStatus
    asked_name: str


def learner_requests(enrollment: Enrollment) -> list[RequestSummary]:
    """The learner's unsettled requests in the cohort, newest first, with who is asked now (one query)."""
    asked = (select(User.name).join(RequestPick, RequestPick.mentor_id == User.id)
             .where(RequestPick.request_id == MentorRequest.id, RequestPick.status == PickStatus.ASKED)
             .limit(1).scalar_subquery())
    rows = db.session.execute(
        select(MentorRequest.id, MentorRequest.role, MentorRequest.skill, MentorRequest.status, asked)
        .where(MentorRequest.enrollment_id == enrollment.id, MentorRequest.status.in_(UNSETTLED))
        .order_by(MentorRequest.created_at.desc(), MentorRequest.id.desc())).all()
    return [RequestSummary(i, role, skill, status, name or "") for i, role, skill, status, name in rows]


def mentor_queue(mentor_id: int) -> list[RequestPick]:
    """Picks waiting for this mentor's answer, soonest deadline first, with request, learner and cohort."""
    return list(db.session.scalars(
        select(RequestPick).where(RequestPick.mentor_id == mentor_id, RequestPick.status == PickStatus.ASKED)
        .options(joinedload(RequestPick.request).joinedload(MentorRequest.enrollment)
                 .joinedload(Enrollment.user),
                 joinedload(RequestPick.request).joinedload(MentorRequest.enrollment)
                 .joinedload(Enrollment.cohort))
        .order_by(RequestPick.respond_by, RequestPick.id)))


def cohort_requests(cohort_id: int) -> list[MentorRequest]:
    """The cohort's unsettled requests (those with the admins first), with learner and picks."""
    rows = db.session.scalars(
        select(MentorRequest).join(Enrollment, Enrollment.id == MentorRequest.enrollment_id)
        .where(Enrollment.cohort_id == cohort_id, MentorRequest.status.in_(UNSETTLED))
        .options(joinedload(MentorRequest.enrollment).joinedload(Enrollment.user),
                 selectinload(MentorRequest.picks).joinedload(RequestPick.mentor))
        .order_by(MentorRequest.created_at, MentorRequest.id)).unique().all()
    return sorted(rows, key=lambda r: r.status != RequestStatus.WITH_ADMINS)


def cohort_mentors(cohort_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE).order_by(User.name)))


def mentor_loads(cohort_id: int, mentors: list[User]) -> dict[int, mentor_load.MentorLoad]:
    return mentor_load.loads([m.id for m in mentors], cohort_id)
