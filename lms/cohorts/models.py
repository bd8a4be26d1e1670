"""Cohorts: one run of a track for a group of learners with their mentors."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.database import UTCDateTime, utcnow
from lms.extensions import db
from lms.tracks.models import Track


def _enum(cls):
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


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


class Cohort(db.Model):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    capacity: Mapped[int | None] = mapped_column(Integer)  # learners; None = unlimited
    status: Mapped[CohortStatus] = mapped_column(_enum(CohortStatus), default=CohortStatus.DRAFT)
    description: Mapped[str] = mapped_column(Text, default="")
    review_policy: Mapped[ReviewPolicy] = mapped_column(_enum(ReviewPolicy), default=ReviewPolicy.ANY_MENTOR)
    review_turnaround_hours: Mapped[int] = mapped_column(Integer, default=48)
    # Optimistic locking: an edit based on an old version is refused, never silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track: Mapped[Track] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="cohort", foreign_keys="Enrollment.cohort_id")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[EnrollmentRole] = mapped_column(_enum(EnrollmentRole))
    status: Mapped[EnrollmentStatus] = mapped_column(_enum(EnrollmentStatus), default=EnrollmentStatus.ACTIVE)
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
