"""What a learner did in one enrolment: lessons marked complete and quiz attempts.

Both belong to an enrolment (a learner in a cohort), never to the user alone: a learner
enrolled again in a new cohort of the same track starts afresh there, unless the admin
chose to credit earlier work, in which case the copied rows name the enrolment they
were credited from (``credited_from_id``). Approved assignments are submissions of the
enrolment (``lms.submissions``) and are never credited.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.database import UTCDateTime, utcnow
from lms.extensions import db


class LessonProgress(db.Model):
    """A learner marked a lesson complete in an enrolment (deleting the row undoes it)."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the row was credited from an earlier enrolment in the same track.
    credited_from_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"),
                                                         index=True)


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempt"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[list] = mapped_column(JSON, default=list)  # per question: list of chosen indexes
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A passed attempt copied from an earlier enrolment in the same track.
    credited_from_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"),
                                                         index=True)


class ProgressArchive(db.Model):
    """Progress rows that could not be attached to any enrolment when progress moved from
    users to enrolments (migration 0003): kept, never silently dropped."""

    __tablename__ = "progress_archive"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "lesson_progress" | "quiz_attempt"
    user_id: Mapped[int | None] = mapped_column(Integer)
    lesson_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
