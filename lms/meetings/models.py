"""Meetings: a mentor's bookable hours, one-to-one sessions, and group workshops.

Times of day that recur (a weekly rule "Tuesdays 09:00-12:00") are stored as minutes after
midnight *in the mentor's zone* (``MentorSchedule.timezone``, an IANA name) and expanded
in that zone, so a 09:00 slot stays 09:00 across daylight-saving changes. Every moment
(a booking, an exception, a workshop) is stored in UTC (``UTCDateTime``).

No double booking is enforced by the database, not only by the code that books:
a mentor's ``requested`` and ``confirmed`` bookings may not overlap, buffer included
(``[starts_at, busy_until)``). PostgreSQL: an exclusion constraint on the mentor and the
time range; SQLite (which runs one writer at a time): triggers that refuse an insert or
update that would overlap. Both raise ``IntegrityError``; ``lms.meetings.bookings`` turns
it into one clear message.

Workshop seats hold under concurrency: ``seats_taken`` changes only by a conditional
UPDATE (``... WHERE seats_taken < seats``), so the last seat has one winner.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db


class MentorSchedule(db.Model):
    """One per mentor who offers sessions: their zone, the session lengths and the booking rules."""

    __tablename__ = "mentor_schedule"
    __table_args__ = (
        CheckConstraint("buffer_minutes >= 0 AND buffer_minutes <= 120", name="buffer_in_range"),
        CheckConstraint("notice_hours >= 0 AND notice_hours <= 720", name="notice_in_range"),
        CheckConstraint("horizon_days >= 1 AND horizon_days <= 365", name="horizon_in_range"),
        CheckConstraint("max_per_day IS NULL OR max_per_day >= 1", name="max_per_day_positive"),
        CheckConstraint("max_per_week IS NULL OR max_per_week >= 1", name="max_per_week_positive"),
        CheckConstraint("cancel_hours >= 0 AND cancel_hours <= 336", name="cancel_hours_in_range"),
        CheckConstraint("max_reschedules >= 0 AND max_reschedules <= 10", name="max_reschedules_in_range"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    # The IANA zone the weekly rules are written in (the mentor's own, copied when saved).
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The session lengths offered, in minutes, e.g. [15, 30, 60] (each a multiple of 5, 5-240).
    lengths: Mapped[list[int]] = mapped_column(JSON, default=lambda: [30])
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=10)   # free time after each session
    notice_hours: Mapped[int] = mapped_column(Integer, default=12)     # no booking sooner than this
    horizon_days: Mapped[int] = mapped_column(Integer, default=28)     # nor further ahead than this
    max_per_day: Mapped[int | None] = mapped_column(Integer)           # in the mentor's zone; None: no cap
    max_per_week: Mapped[int | None] = mapped_column(Integer)          # Monday-Sunday in the mentor's zone
    # True: a booking waits as "requested" until the mentor confirms it.
    requires_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    # The mentor's own video room (https URL); empty: each session gets a generated room.
    room_url: Mapped[str] = mapped_column(String(500), default="")
    # Learners may cancel or reschedule until this many hours before, at most this many times.
    cancel_hours: Mapped[int] = mapped_column(Integer, default=12)
    max_reschedules: Mapped[int] = mapped_column(Integer, default=2)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship()
    rules: Mapped[list[AvailabilityRule]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan",
        order_by="(AvailabilityRule.weekday, AvailabilityRule.start_minute)")

    __mapper_args__ = {"version_id_col": version}


class AvailabilityRule(db.Model):
    """A weekly range in the mentor's zone: weekday (0 Monday) and minutes after midnight."""

    __tablename__ = "availability_rule"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_in_range"),
        CheckConstraint("start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440",
                        name="range_in_a_day"),
        UniqueConstraint("mentor_id", "weekday", "start_minute"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_schedule.user_id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)

    schedule: Mapped[MentorSchedule] = relationship(back_populates="rules")


class ExceptionKind(enum.StrEnum):
    AWAY = "away"    # no slots in this range
    EXTRA = "extra"  # slots in this range, besides the weekly rules


class AvailabilityException(db.Model):
    """A dated change to the weekly rules: away (a day off, a holiday) or extra hours."""

    __tablename__ = "availability_exception"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="starts_before_it_ends"),
                      Index("ix_availability_exception_mentor_ends", "mentor_id", "ends_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[ExceptionKind] = mapped_column(enum_column_type(ExceptionKind))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BookingStatus(enum.StrEnum):
    """``requested`` waits for the mentor (when they confirm bookings); ``confirmed`` is on.

    Both hold the slot. ``declined`` (by the mentor) and ``cancelled`` (by either) free it.
    After the start the mentor records ``attended`` or ``no_show`` on a confirmed session.
    """

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


# The statuses that hold a mentor's time (the overlap constraint's WHERE).
HOLDING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Booking(db.Model):
    """A one-to-one session between a learner (one enrolment) and a mentor of that cohort."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at AND ends_at <= busy_until", name="times_in_order"),
        CheckConstraint("minutes >= 5 AND minutes <= 240", name="minutes_in_range"),
        CheckConstraint("reschedules >= 0", name="reschedules_not_negative"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("learner_id <> mentor_id", name="not_with_oneself"),
        Index("ix_booking_mentor_starts", "mentor_id", "starts_at"),
        Index("ix_booking_learner_starts", "learner_id", "starts_at"),
        Index("ix_booking_cohort_status", "cohort_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # ends_at plus the mentor's buffer at booking time: the range no other booking may touch.
    busy_until: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[BookingStatus] = mapped_column(enum_column_type(BookingStatus))
    # The learner's agenda (Markdown, rendered once on save by the sanitising renderer).
    agenda: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    # What the session is about (each optional): an ask, a goal, a hand-in.
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("ask.id", ondelete="SET NULL"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"), index=True)
    video_url: Mapped[str] = mapped_column(String(500))
    # The iCalendar identity: one UID for the life of the booking; SEQUENCE grows with each change.
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    reschedules: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # A one-time key from the booking form: a form sent twice books once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cohort: Mapped[Cohort] = relationship()
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])
    events: Mapped[list[BookingEvent]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingEvent.id")
    notes: Mapped[list[BookingNote]] = relationship(back_populates="booking", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def holds_time(self) -> bool:
        return self.status in HOLDING_STATUSES


class BookingEventKind(enum.StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class BookingEvent(db.Model):
    """What happened to a booking, by whom, with the reason given (its history)."""

    __tablename__ = "booking_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    kind: Mapped[BookingEventKind] = mapped_column(enum_column_type(BookingEventKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # A reschedule: the start it moved from.
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    booking: Mapped[Booking] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class BookingNote(db.Model):
    """Notes after (or before) a session: each person's private note, and one shared note each."""

    __tablename__ = "booking_note"
    __table_args__ = (UniqueConstraint("booking_id", "author_id", "shared"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Shared: both people read it; private: only its author.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    booking: Mapped[Booking] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class WorkshopKind(enum.StrEnum):
    OFFICE_HOURS = "office_hours"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"


class WorkshopStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Workshop(db.Model):
    """A group session for one cohort (``cohort_id``) or the whole program (None)."""

    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_it_ends"),
        CheckConstraint("seats >= 1 AND seats <= 10000", name="seats_in_range"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats", name="seats_taken_within_seats"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        Index("ix_workshop_starts", "starts_at"),
        Index("ix_workshop_host_starts", "host_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[WorkshopKind] = mapped_column(enum_column_type(WorkshopKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The zone the host scheduled it in (shown beside each reader's own).
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    seats: Mapped[int] = mapped_column(Integer)
    # Registered (not waitlisted) people; changed only by conditional UPDATEs.
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    video_url: Mapped[str] = mapped_column(String(500))
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[WorkshopStatus] = mapped_column(enum_column_type(WorkshopStatus), default=WorkshopStatus.SCHEDULED)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cohort: Mapped[Cohort | None] = relationship()
    host: Mapped[User] = relationship()
    registrations: Mapped[list[WorkshopRegistration]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopRegistration.id")

    __mapper_args__ = {"version_id_col": version}


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"   # holds a seat
    WAITLISTED = "waitlisted"   # first in, first moved up when a seat frees
    CANCELLED = "cancelled"


class WorkshopRegistration(db.Model):
    """One person's place at a workshop (one row per person; cancelling keeps the row)."""

    __tablename__ = "workshop_registration"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),
                      Index("ix_workshop_registration_waitlist", "workshop_id", "status", "waitlisted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column_type(RegistrationStatus))
    # The waitlist's order; None unless waitlisted.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Taken after the workshop: True came, False did not, None not taken.
    attended: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()


# -- No double booking, in the database -----------------------------------------------------
# The same statements are written in migration 0011; a test compares them with these.
_HOLDING = ", ".join(f"'{s.value}'" for s in HOLDING_STATUSES)  # 'requested', 'confirmed'
POSTGRESQL_NO_OVERLAP = (
    "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(int4range(mentor_id, mentor_id, '[]') WITH &&, tstzrange(starts_at, busy_until) WITH &&) "
    f"WHERE (status IN ({_HOLDING}))")
_SQLITE_OVERLAP = (
    "SELECT RAISE(ABORT, 'booking_no_overlap') WHERE EXISTS (SELECT 1 FROM booking AS other "
    "WHERE other.mentor_id = NEW.mentor_id AND other.id IS NOT NEW.id "
    f"AND other.status IN ({_HOLDING}) AND NEW.status IN ({_HOLDING}) "
    "AND other.starts_at < NEW.busy_until AND NEW.starts_at < other.busy_until);")
SQLITE_NO_OVERLAP = (
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking BEGIN {_SQLITE_OVERLAP} END",
    "CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE OF mentor_id, starts_at, busy_until, status "
    f"ON booking BEGIN {_SQLITE_OVERLAP} END",
)

event.listen(Booking.__table__, "after_create", DDL(POSTGRESQL_NO_OVERLAP).execute_if(dialect="postgresql"))
for _statement in SQLITE_NO_OVERLAP:
    event.listen(Booking.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
