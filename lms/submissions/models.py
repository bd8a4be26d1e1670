"""A learner's work on an assignment: one ``Submission`` per (cohort, learner, assignment),
one ``Attempt`` per hand-in, files stored through ``lms.storage``."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.tracks.models import Lesson


class SubmissionStatus(enum.StrEnum):
    SUBMITTED = "submitted"                  # waiting for a mentor
    IN_REVIEW = "in_review"                  # a mentor claimed it
    CHANGES_REQUESTED = "changes_requested"  # the learner is asked for another attempt
    APPROVED = "approved"                    # final
    NOT_PASSED = "not_passed"                # final: attempts used up, or the cohort finished


WAITING_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW)
FINAL_STATUSES = (SubmissionStatus.APPROVED, SubmissionStatus.NOT_PASSED)


class Submission(db.Model):
    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id", "lesson_id"),
        # The review queue: waiting work, oldest first.
        Index("ix_submission_status_waiting_since", "status", "waiting_since"),
        # A mentor's queue: the waiting work of the cohorts they mentor (migration 0016).
        Index("ix_submission_cohort_id_status_waiting_since", "cohort_id", "status", "waiting_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    status: Mapped[SubmissionStatus] = mapped_column(enum_column_type(SubmissionStatus),
                                                      default=SubmissionStatus.SUBMITTED)
    # The number of the latest attempt (attempts are numbered 1, 2, ...).
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    # When the current attempt started waiting for review (None once reviewed).
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: concurrent changes of the same submission never overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cohort: Mapped[Cohort] = relationship()
    enrollment: Mapped[Enrollment] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    lesson: Mapped[Lesson] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    attempts: Mapped[list[Attempt]] = relationship(back_populates="submission", order_by="Attempt.number",
                                                   cascade="all, delete-orphan")
    current_attempt: Mapped[Attempt | None] = relationship(
        primaryjoin=lambda: and_(foreign(Attempt.submission_id) == Submission.id,
                                 Attempt.number == Submission.attempt_count),
        viewonly=True, uselist=False)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.status.value}>"


class Attempt(db.Model):
    __tablename__ = "attempt"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    # ``text`` rendered and sanitised once, when handed in (rendering is not free, and pages
    # showing the work, the mentor's review above all, are opened many times).
    text_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # Generated when the form renders: a replayed POST finds the attempt it already created.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)

    submission: Mapped[Submission] = relationship(back_populates="attempts")
    files: Mapped[list[AttemptFile]] = relationship(back_populates="attempt", order_by="AttemptFile.id",
                                                    cascade="all, delete-orphan")
    # ``attempt.review`` (the mentor's review of this attempt, or None) is added by
    # lms.reviews.models: reviews build on submissions, never the other way round.

    def __repr__(self) -> str:
        return f"<Attempt {self.submission_id}#{self.number}>"


class AttemptFile(db.Model):
    """A file handed in with an attempt. Files carried over to a later attempt share the stored key."""

    __tablename__ = "attempt_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    # Display only: the sanitised original name, never used as a path.
    filename: Mapped[str] = mapped_column(String(255))
    extension: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="files")
