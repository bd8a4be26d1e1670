"""What the peer-mentoring pages show, each in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel import dates
from flask_babel import get_locale, gettext
from sqlalchemy import null, select, union_all
from sqlalchemy.orm import joinedload

from lms.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.extensions import db
from lms.peermentors import eligibility

OPEN_SEATS = (SeatStatus.INVITED, SeatStatus.ACTIVE)


@dataclass
class CohortSeats:
    cohort: Cohort
    seats: list[PeerMentorSeat]          # every seat, newest first
    completed_on: dict[int, object]      # seat id -> when the graduate completed
    graduates: list[eligibility.Graduate]
    learners: list[Enrollment]           # active learners, for peer relationships
    peers_of: dict[int, list[str]]       # peer mentor id -> names of their active peer mentees


def cohort_seats(cohort: Cohort) -> CohortSeats:
    seats = list(db.session.scalars(
        select(PeerMentorSeat).where(PeerMentorSeat.cohort_id == cohort.id)
        .options(joinedload(PeerMentorSeat.user), joinedload(PeerMentorSeat.completed_enrollment)
                 .joinedload(Enrollment.cohort))
        .order_by(PeerMentorSeat.invited_at.desc(), PeerMentorSeat.id.desc())))
    dates = eligibility.completed_dates([s.completed_enrollment_id for s in seats])
    learners = list(db.session.scalars(
        select(Enrollment).where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER,
                                 Enrollment.status == EnrollmentStatus.ACTIVE)
        .options(joinedload(Enrollment.user)).order_by(Enrollment.id)))
    learners.sort(key=lambda e: e.user.name)
    peers_of: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(Mentorship.mentor_id, Enrollment).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.cohort_id == cohort.id, Mentorship.role == MentorshipRole.PEER,
               Mentorship.status == MentorshipStatus.ACTIVE).options(joinedload(Enrollment.user)))
    for mentor_id, enrollment in rows:
        peers_of.setdefault(mentor_id, []).append(enrollment.user.name)
    return CohortSeats(cohort, seats, {s.id: dates.get(s.completed_enrollment_id) for s in seats},
                       eligibility.graduates_for(cohort), learners, peers_of)


def month_of(day: date | None) -> str:
    """``March 2026`` in the reader's language (CLDR's month-and-year). lms.i18n.formatting has no
    month filter yet: this is the one place peer mentoring writes a month."""
    if day is None:
        return "—"
    return dates.format_skeleton("yMMMM", day, locale=get_locale() or "en")


def seats_of(user_id: int) -> list[PeerMentorSeat]:
    """A graduate's invited and active seats (their home page), cohort loaded."""
    return list(db.session.scalars(
        select(PeerMentorSeat).where(PeerMentorSeat.user_id == user_id, PeerMentorSeat.status.in_(OPEN_SEATS))
        .options(joinedload(PeerMentorSeat.cohort)).order_by(PeerMentorSeat.invited_at, PeerMentorSeat.id)))


def person_facts(user_ids) -> dict[int, list[str]]:
    """"Completed <track> in <Month YYYY>" (newest first) and "Peer mentor in <cohort>", in one
    query for any list of people."""
    ids = list({int(i) for i in user_ids})
    if not ids:
        return {}
    seats = (select(PeerMentorSeat.user_id, Cohort.name, null(), null())
             .join(Cohort, Cohort.id == PeerMentorSeat.cohort_id)
             .where(PeerMentorSeat.user_id.in_(ids), PeerMentorSeat.status == SeatStatus.ACTIVE))
    completed: dict[int, list[tuple]] = {}
    seated: dict[int, list[str]] = {}
    for user_id, text, ends_on, last in db.session.execute(union_all(eligibility.completions_select(ids), seats)):
        if ends_on is None:
            seated.setdefault(user_id, []).append(text)
        else:
            completed.setdefault(user_id, []).append((eligibility.completed_on(ends_on, last), text))
    found: dict[int, list[str]] = {}
    for user_id in ids:
        lines = [gettext("Completed %(track)s in %(month)s", track=title, month=month_of(when))
                 for when, title in sorted(completed.get(user_id, []), reverse=True)]
        lines += [gettext("Peer mentor in %(cohort)s", cohort=name) for name in sorted(seated.get(user_id, []))]
        if lines:
            found[user_id] = lines
    return found
