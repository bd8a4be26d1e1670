"""Mentor hours: the one module that counts them (program health pages and exports read it).

The rule:
- a one-to-one session counts when it was held: marked ``attended`` by the mentor, or still
  ``confirmed`` once it has ended (nobody recorded a no-show); its booked length counts.
- a no-show (``no_show``) counts as a no-show, never as hours; requested, declined and
  cancelled sessions count for nothing.
- a workshop (office hours, webinar) counts for its host when it took place: not cancelled
  and ended; its length counts. A cohort's workshop counts for that cohort; a program-wide
  one for no cohort (it shows in the host's own figure, ``by_mentor``).

Two queries, whatever the number of cohorts and mentors.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from lms.extensions import db
from lms.meetings.models import Booking, BookingStatus, Workshop, WorkshopStatus


@dataclass(frozen=True)
class Hours:
    session_minutes: int = 0   # one-to-one sessions held
    sessions: int = 0
    no_shows: int = 0
    workshop_minutes: int = 0  # workshops hosted that took place
    workshops: int = 0

    def __add__(self, other: Hours) -> Hours:
        return Hours(self.session_minutes + other.session_minutes, self.sessions + other.sessions,
                     self.no_shows + other.no_shows, self.workshop_minutes + other.workshop_minutes,
                     self.workshops + other.workshops)

    @property
    def session_hours(self) -> float:
        return round(self.session_minutes / 60, 1)

    @property
    def workshop_hours(self) -> float:
        return round(self.workshop_minutes / 60, 1)

    @property
    def total_hours(self) -> float:
        return round((self.session_minutes + self.workshop_minutes) / 60, 1)


NONE = Hours()


@dataclass(frozen=True)
class HoursTable:
    by_cohort: dict[int, Hours] = field(default_factory=dict)                # every mentor of the cohort
    by_cohort_mentor: dict[tuple[int, int], Hours] = field(default_factory=dict)
    by_mentor: dict[int, Hours] = field(default_factory=dict)                # over these cohorts + program-wide

    def cohort(self, cohort_id: int) -> Hours:
        return self.by_cohort.get(cohort_id, NONE)

    def mentor(self, mentor_id: int, cohort_id: int | None = None) -> Hours:
        if cohort_id is None:
            return self.by_mentor.get(mentor_id, NONE)
        return self.by_cohort_mentor.get((cohort_id, mentor_id), NONE)

    @property
    def total(self) -> Hours:
        """Over the cohorts asked for (program-wide workshops belong to none)."""
        return sum(self.by_cohort.values(), NONE)


def mentor_hours(cohort_ids: Iterable[int], now: datetime, *, mentor_ids: Iterable[int] = ()) -> HoursTable:
    """Hours in ``cohort_ids`` per cohort and per (cohort, mentor); ``mentor_ids`` also get the
    program-wide workshops they hosted in ``by_mentor``."""
    cohorts, mentors = set(cohort_ids), set(mentor_ids)
    sums: dict[tuple[int | None, int], Hours] = defaultdict(Hours)
    if cohorts:
        held = or_(Booking.status == BookingStatus.ATTENDED,
                   and_(Booking.status == BookingStatus.CONFIRMED, Booking.ends_at <= now))
        for cohort_id, mentor_id, minutes, sessions, no_shows in db.session.execute(
                select(Booking.cohort_id, Booking.mentor_id, func.sum(case((held, Booking.minutes), else_=0)),
                       func.sum(case((held, 1), else_=0)),
                       func.sum(case((Booking.status == BookingStatus.NO_SHOW, 1), else_=0)))
                .where(Booking.cohort_id.in_(cohorts),
                       Booking.status.in_((BookingStatus.ATTENDED, BookingStatus.CONFIRMED, BookingStatus.NO_SHOW)))
                .group_by(Booking.cohort_id, Booking.mentor_id)):
            sums[(cohort_id, mentor_id)] += Hours(int(minutes or 0), int(sessions or 0), int(no_shows or 0))
    scope = [Workshop.cohort_id.in_(cohorts)] if cohorts else []
    if mentors:
        scope.append(and_(Workshop.cohort_id.is_(None), Workshop.host_id.in_(mentors)))
    if scope:
        for cohort_id, host_id, starts_at, ends_at in db.session.execute(
                select(Workshop.cohort_id, Workshop.host_id, Workshop.starts_at, Workshop.ends_at).where(
                    or_(*scope), Workshop.status == WorkshopStatus.SCHEDULED, Workshop.ends_at <= now)):
            sums[(cohort_id, host_id)] += Hours(workshop_minutes=int((ends_at - starts_at).total_seconds() // 60),
                                                workshops=1)
    by_cohort: dict[int, Hours] = defaultdict(Hours)
    by_mentor: dict[int, Hours] = defaultdict(Hours)
    for (cohort_id, mentor_id), hours in sums.items():
        if cohort_id is not None:
            by_cohort[cohort_id] += hours
        by_mentor[mentor_id] += hours
    return HoursTable(dict(by_cohort), {key: h for key, h in sums.items() if key[0] is not None}, dict(by_mentor))
