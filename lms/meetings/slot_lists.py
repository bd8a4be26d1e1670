"""Free slots as pages show them: grouped by day in the reader's zone, the mentor's zone beside.

Reads ``lms.meetings.slots`` (the one module deciding which times are free) and only arranges
its answer; a constant number of queries for any number of mentors.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.meetings.availability_text import day_label, when_label, zone_or_utc
from lms.meetings.models import MentorSchedule
from lms.meetings.slots import Slot, free_slots
from lms.permissions import can_submit_work, enrollment_in, mentor_ids_for

PREVIEW_DAYS = 7
BOARD_DAYS = 14
PER_MENTOR = 8


@dataclass(frozen=True)
class SlotTime:
    starts_at: datetime                # UTC
    label: str                         # "14:00 (09:00 in New York)"
    full_label: str                    # "Tue 5 Jan, 14:00 (09:00 in New York)"
    lengths: tuple[int, ...]           # the session lengths offered at this start


@dataclass(frozen=True)
class Day:
    label: str                         # "Tue 5 Jan", in the reader's zone
    times: list[SlotTime]


@dataclass
class MentorSlots:
    mentor: User
    zone: str                          # the mentor's schedule zone ("" when they published none)
    days: list[Day] = field(default_factory=list)
    more: bool = False                 # more free times than shown
    bookable: bool = False             # the reader may book with this mentor


def by_day(slots: list[Slot], reader_zone: str, other_zone: str, *, limit: int | None = None) -> list[Day]:
    """Slots merged by start (each start with its lengths), the first ``limit`` starts, by local day."""
    lengths: dict[datetime, set[int]] = defaultdict(set)
    for slot in slots:
        lengths[slot.starts_at].add(slot.minutes)
    starts = sorted(lengths)[:limit] if limit is not None else sorted(lengths)
    days: dict[str, list[SlotTime]] = {}
    for moment in starts:
        days.setdefault(day_label(moment, reader_zone), []).append(SlotTime(
            moment, when_label(moment, reader_zone, other_zone, with_day=False),
            when_label(moment, reader_zone, other_zone), tuple(sorted(lengths[moment]))))
    return [Day(label, times) for label, times in days.items()]


def preview(schedule: MentorSchedule, *, now: datetime, days: int = PREVIEW_DAYS) -> list[Day]:
    """The mentor's own free times over the next ``days`` days, in their schedule's zone."""
    slots = free_slots([schedule.user_id], start=now, end=now + timedelta(days=days), now=now)[schedule.user_id]
    return by_day(slots, schedule.timezone, schedule.timezone)


def cohort_mentors(cohort_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE).order_by(User.name, User.id)))


def bookable_for(viewer, cohort) -> tuple[Enrollment | None, set[int]]:
    """The viewer's learner enrolment in ``cohort`` and the mentors it may book with (none
    unless the viewer may book at all: an active learner of an open or running cohort)."""
    enrollment = enrollment_in(viewer, cohort, EnrollmentRole.LEARNER)
    if enrollment is None or not can_submit_work(viewer, enrollment):
        return None, set()
    return enrollment, mentor_ids_for(enrollment)


def cohort_board(cohort, viewer, *, now: datetime, days: int = BOARD_DAYS,
                 per_mentor: int = PER_MENTOR) -> tuple[list[MentorSlots], Enrollment | None]:
    """Each active mentor of ``cohort`` with their first free times over ``days`` days, in the
    viewer's zone with the mentor's beside; which of them the viewer may book with."""
    mentors = cohort_mentors(cohort.id)
    ids = [mentor.id for mentor in mentors]
    zones = dict(db.session.execute(select(MentorSchedule.user_id, MentorSchedule.timezone)
                                    .where(MentorSchedule.user_id.in_(ids))).all()) if ids else {}
    # One start more than shown tells whether there are more.
    slots = free_slots(ids, start=now, end=now + timedelta(days=days), now=now, limit=per_mentor + 1) if zones else {}
    enrollment, bookable = bookable_for(viewer, cohort)
    reader = zone_or_utc(viewer.timezone).key
    board = []
    for mentor in mentors:
        mine = slots.get(mentor.id, [])
        zone = zones.get(mentor.id, "")
        starts = {slot.starts_at for slot in mine}
        board.append(MentorSlots(mentor, zone, by_day(mine, reader, zone or reader, limit=per_mentor),
                                 more=len(starts) > per_mentor, bookable=mentor.id in bookable))
    return board, enrollment
