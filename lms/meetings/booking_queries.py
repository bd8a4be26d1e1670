"""What the session pages read, in a constant number of queries, and how they show times."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from lms import permissions
from lms.asks.models import Ask
from lms.auth.models import User
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.i18n.formatting import format_clock, format_moment, zone_name as formatted_zone_name
from lms.meetings.models import HOLDING_STATUSES, Booking, BookingEvent, BookingStatus
from lms.meetings.slots import Slot, free_slots, load_schedules
from lms.timezones import zone_or_utc

PAST_SHOWN = 50
MAX_WEEK = 53




def local(moment: datetime, zone_name: str | None) -> datetime:
    return moment.astimezone(zone_or_utc(zone_name))


def session_time(moment: datetime | None, zone_name: str | None, with_day: bool = True) -> str:
    """``Mon 4 Jan 2027, 09:00`` (or ``09:00``) in ``zone_name``, in the reader's language
    (``lms.i18n.formatting``)."""
    if moment is None:
        return "—"
    zone = zone_name or "UTC"
    return format_moment(moment, zone, weekday=True) if with_day else format_clock(moment, zone)


def zone_label(zone_name: str | None) -> str:
    """``America/New York``: a zone as people read it."""
    return formatted_zone_name(zone_name or "UTC")


# --- Sessions ---------------------------------------------------------------------------------

@dataclass
class Sessions:
    waiting: list[Booking]    # requests waiting for this mentor's answer
    upcoming: list[Booking]
    past: list[Booking]


def _with_people(statement):
    return statement.options(joinedload(Booking.learner), joinedload(Booking.mentor), joinedload(Booking.cohort))


def sessions_of(user, now: datetime) -> Sessions:
    """The user's sessions as learner and as mentor: two queries, whatever their number."""
    mine = or_(Booking.learner_id == user.id, Booking.mentor_id == user.id)
    upcoming = db.session.scalars(_with_people(select(Booking).where(
        mine, Booking.ends_at > now, Booking.status.in_(HOLDING_STATUSES)).order_by(Booking.starts_at))).all()
    past = db.session.scalars(_with_people(select(Booking).where(
        mine, or_(Booking.ends_at <= now, Booking.status.not_in(HOLDING_STATUSES)))
        .order_by(Booking.starts_at.desc()).limit(PAST_SHOWN))).all()
    waiting = [b for b in upcoming if b.mentor_id == user.id and b.status == BookingStatus.REQUESTED]
    waiting_ids = {b.id for b in waiting}
    return Sessions(waiting, [b for b in upcoming if b.id not in waiting_ids], list(past))


def load_booking(booking_id: int) -> Booking | None:
    return db.session.scalar(_with_people(select(Booking).where(Booking.id == booking_id))
                             .options(selectinload(Booking.events).joinedload(BookingEvent.actor)))


# --- The booking page -----------------------------------------------------------------------

@dataclass
class Week:
    offset: int
    start: datetime                      # the first moment shown (UTC)
    days: list[tuple[date, list[Slot]]]  # the learner's local dates, each with its slots


def bookable_mentors(user, enrollment: Enrollment, ask: Ask | None) -> list[User]:
    """The mentors this learner may book in this enrolment: their own, and the mentor holding ``ask``."""
    ids = set(permissions.mentor_ids_for(enrollment))
    if ask is not None and ask.mentor_id and permissions.can_book_with(user, enrollment, ask.mentor_id, ask=ask):
        ids.add(ask.mentor_id)
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name, User.id)))


def week_of_slots(mentor_id: int, minutes: int, offset: int, viewer_zone: str | None, now: datetime, *,
                  ignore_booking_id: int | None = None) -> Week:
    """One week of the mentor's free slots of ``minutes``, grouped by the viewer's local date."""
    offset = max(0, min(offset, MAX_WEEK))
    zone = zone_or_utc(viewer_zone)
    today = now.astimezone(zone).date()
    first_day = today + timedelta(days=7 * offset)
    start = datetime.combine(first_day, time(), tzinfo=zone).astimezone(timezone.utc)
    end = datetime.combine(first_day + timedelta(days=7), time(), tzinfo=zone).astimezone(timezone.utc)
    slots = free_slots([mentor_id], start=max(start, now), end=end, now=now, minutes=minutes,
                       ignore_booking_id=ignore_booking_id)[mentor_id]
    by_day: dict[date, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_day[slot.starts_at.astimezone(zone).date()].append(slot)
    return Week(offset, start, sorted(by_day.items()))


def schedule_of(mentor_id: int):
    return load_schedules([mentor_id]).get(mentor_id)
