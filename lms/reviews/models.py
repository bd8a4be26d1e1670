"""A mentor's review of one attempt, with the rubric as it was when the review was written."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.submissions.models import Attempt, Submission


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    NOT_PASSED = "not_passed"


class Review(db.Model):
    __tablename__ = "review"
    # A submission's latest review (``ORDER BY id DESC LIMIT 1`` per submission, on every
    # progress page) is one step down this index, whatever the planner's statistics say.
    __table_args__ = (Index("ix_review_submission_id_id", "submission_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    # One review per attempt: a second mentor reviewing the same attempt gets a conflict.
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), unique=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column_type(Decision))
    # A copy of the rubric used: [{name, description, levels: [{label, points, description}]}].
    rubric_snapshot: Mapped[list] = mapped_column(JSON, default=list)
    # Per criterion, in rubric order: {level: index or None, points, comment}.
    scores: Mapped[list] = mapped_column(JSON, default=list)
    total_points: Mapped[int] = mapped_column(Integer, default=0)
    max_points: Mapped[int] = mapped_column(Integer, default=0)
    pass_points: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship()
    # One review per attempt, so the submission pages read ``attempt.review``.
    attempt: Mapped[Attempt] = relationship(backref=backref("review", uselist=False))
    reviewer: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Review {self.id} {self.decision.value}>"


class ReviewRating(db.Model):
    """Feedback on feedback: the learner's verdict on one review (one per review, changeable)."""

    __tablename__ = "review_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)  # the learner
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")  # plain text, shown escaped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    review: Mapped[Review] = relationship(backref=backref("rating", uselist=False))
