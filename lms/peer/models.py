"""Peer review: learners review each other's work on assignments that ask for it.

- ``PeerReview`` is one learner's review of one submission. It begins as a *lease* (the
  submission was handed to the reviewer; ``lease_expires_at`` after ``PEER_LEASE_HOURS``)
  and becomes *submitted* with scores on the lighter peer rubric and a comment. A lease
  that runs out is *expired*; a reviewer who gives it back *released* it. One row per
  reviewer and submission (a reviewer never reviews the same work twice; an expired lease
  handed to them again reuses the row), and at most one open lease per reviewer and
  assignment, both enforced by the database.
- ``PeerDuty`` is what a learner owes on one assignment: ``required`` reviews of others'
  work, counted from the moment they first handed in. ``met_at`` is set when enough were
  given or when the duty was waived (flexible grading in a cohort too small, or a mentor);
  ``waived_reason`` says why, in words the learner reads.
- ``PeerCalibration`` is a learner's scoring of the assignment's calibration example before
  they review peers, with the agreement with the reference scores.
- ``PeerBlock``: a learner never gets work by someone they blocked (nor the other way round).

Peer scores are advisory: the mentor's ``Review`` decides.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.submissions.models import Attempt, Submission
from lms.tracks.models import Lesson


class PeerReviewStatus(enum.StrEnum):
    LEASED = "leased"        # handed to the reviewer, not written yet
    SUBMITTED = "submitted"  # written: counts for the author and for the reviewer's duty
    EXPIRED = "expired"      # the lease ran out
    RELEASED = "released"    # the reviewer gave it back


class ReportStatus(enum.StrEnum):
    NONE = "none"
    OPEN = "open"        # the author reported it: hidden from them until a mentor looks
    CLEARED = "cleared"  # a mentor found it fine: shown again
    UPHELD = "upheld"    # a mentor agreed: stays hidden from the author


_LEASED = text("status = 'leased'")


class PeerReview(db.Model):
    __tablename__ = "peer_review"
    __table_args__ = (
        UniqueConstraint("submission_id", "reviewer_id", name="uq_peer_review_once"),
        Index("uq_peer_review_one_lease", "reviewer_enrollment_id", "lesson_id", unique=True,
              sqlite_where=_LEASED, postgresql_where=_LEASED),
        Index("ix_peer_review_lesson_status", "lesson_id", "cohort_id", "status"),
        CheckConstraint("helpful IS NULL OR status = 'submitted'", name="rated_only_when_submitted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    # The attempt that was reviewed (the latest one when the lease began).
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reviewer_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    status: Mapped[PeerReviewStatus] = mapped_column(enum_column_type(PeerReviewStatus),
                                                     default=PeerReviewStatus.LEASED)
    leased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Per peer-rubric criterion, in order: {level: index or None, points, comment}.
    scores: Mapped[list] = mapped_column(JSON, default=list)
    rubric_snapshot: Mapped[list] = mapped_column(JSON, default=list)
    total_points: Mapped[int] = mapped_column(Integer, default=0)
    max_points: Mapped[int] = mapped_column(Integer, default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    comment_html: Mapped[str] = mapped_column(Text, default="")   # through lms.rendering
    # The author's verdict on the review (feedback on feedback).
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A report by the author: hidden from them while open or upheld.
    report_status: Mapped[ReportStatus] = mapped_column(enum_column_type(ReportStatus), default=ReportStatus.NONE,
                                                        server_default=ReportStatus.NONE.value)
    report_reason: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    submission: Mapped[Submission] = relationship()
    attempt: Mapped[Attempt] = relationship()
    lesson: Mapped[Lesson] = relationship()
    cohort: Mapped[Cohort] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    reviewer_enrollment: Mapped[Enrollment] = relationship()

    @property
    def hidden_from_author(self) -> bool:
        return self.report_status in (ReportStatus.OPEN, ReportStatus.UPHELD)


class PeerDuty(db.Model):
    __tablename__ = "peer_duty"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id", name="uq_peer_duty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    required: Mapped[int] = mapped_column(Integer)
    given: Mapped[int] = mapped_column(Integer, default=0)   # submitted reviews (kept by the service)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the learner handed in
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waived_reason: Mapped[str] = mapped_column(Text, default="")
    waived_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    enrollment: Mapped[Enrollment] = relationship()
    lesson: Mapped[Lesson] = relationship()


class PeerCalibration(db.Model):
    __tablename__ = "peer_calibration"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id", name="uq_peer_calibration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    scores: Mapped[list] = mapped_column(JSON, default=list)   # the learner's levels, per criterion
    agreement: Mapped[int] = mapped_column(Integer, default=0)  # percent of criteria on the reference level
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerBlock(db.Model):
    __tablename__ = "peer_block"
    __table_args__ = (UniqueConstraint("user_id", "blocked_user_id", name="uq_peer_block"),
                      CheckConstraint("user_id <> blocked_user_id", name="not_self"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    blocked_user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
