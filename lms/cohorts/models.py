"""Cohorts: one run of a track for a group of learners with their mentors."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line
from lms.tracks.models import Track


class CohortStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"          # open for enrolment
    RUNNING = "running"
    FINISHED = "finished"  # read-only for learners except downloads
    ARCHIVED = "archived"


class ReviewPolicy(enum.StrEnum):
    ASSIGNED_MENTOR = "assigned_mentor"  # only the learner's primary mentor reviews
    ANY_MENTOR = "any_mentor"            # any mentor of the cohort reviews


class EnrollmentRole(enum.StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"


class EnrollmentStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


# The statuses in which a cohort takes work (``Cohort.accepts_work``; in SQL: ``status.in_``).
ACCEPTING_WORK = (CohortStatus.OPEN, CohortStatus.RUNNING)


class Cohort(db.Model):
    __tablename__ = "cohort"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    capacity: Mapped[int | None] = mapped_column(Integer)  # learners; None = unlimited
    status: Mapped[CohortStatus] = mapped_column(enum_column_type(CohortStatus), default=CohortStatus.DRAFT)
    description: Mapped[str] = mapped_column(Text, default="")
    review_policy: Mapped[ReviewPolicy] = mapped_column(enum_column_type(ReviewPolicy), default=ReviewPolicy.ANY_MENTOR)
    review_turnaround_hours: Mapped[int] = mapped_column(Integer, default=48)
    # Optimistic locking: an edit based on an old version is refused, never silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Learner seats in use (active or completed learners). Changed only by a conditional
    # UPDATE in lms.cohorts.enrolment, so two enrolments racing for the last seat cannot
    # both win; it does not bump ``version`` (enrolling is not editing the cohort).
    seats_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track: Mapped[Track] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="cohort", foreign_keys="Enrollment.cohort_id")

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _single_line_name(self, key, value: str) -> str:
        # Cohort names go into emails (invitations, reminders): never a line break.
        return single_line(value)

    @property
    def accepts_work(self) -> bool:
        """Learners may hand in work and mentors may ask for another attempt."""
        return self.status in ACCEPTING_WORK

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[EnrollmentRole] = mapped_column(enum_column_type(EnrollmentRole))
    status: Mapped[EnrollmentStatus] = mapped_column(enum_column_type(EnrollmentStatus),
                                                     default=EnrollmentStatus.ACTIVE)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Learners: their primary mentor (a user enrolled as mentor in the same cohort).
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Mentors: the most mentees they take; None = no limit.
    max_mentees: Mapped[int | None] = mapped_column(Integer)
    # Learners: what they want from the program, used for matching.
    goals: Mapped[str] = mapped_column(Text, default="")

    cohort: Mapped[Cohort] = relationship(back_populates="enrollments", foreign_keys=[cohort_id])
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])

    @property
    def is_active(self) -> bool:
        return self.status == EnrollmentStatus.ACTIVE


class CohortDeadline(db.Model):
    """A per-cohort override of an assignment's due date (otherwise computed from due_days)."""

    __tablename__ = "cohort_deadline"
    __table_args__ = (UniqueConstraint("cohort_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MentorAssignment(db.Model):
    """History of a learner's primary mentor: one row per (re)assignment, newest last."""

    __tablename__ = "mentor_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    # None: unassigned.
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class CsvEnrollmentPlan(db.Model):
    """An uploaded enrolment CSV kept between its dry-run preview and its confirmation."""

    __tablename__ = "csv_enrollment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[str] = mapped_column(Text)  # the decoded CSV text
    role: Mapped[EnrollmentRole] = mapped_column(enum_column_type(EnrollmentRole), default=EnrollmentRole.LEARNER)
    # The preview the admin saw; confirming re-plans and refuses when it differs.
    preview: Mapped[list] = mapped_column(JSON, default=list)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarToken(db.Model):
    """The secret in a user's calendar feed URL; regenerating it revokes the old URL."""

    __tablename__ = "calendar_token"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
