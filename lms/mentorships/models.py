"""Learners' mentor requests: up to three ranked picks, asked one after another.

The relationships they start are ``lms.cohorts.models.Mentorship`` (started and ended
only through ``lms.cohorts.mentoring``)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.cohorts.models import Enrollment, MentorshipRole
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db


class RequestStatus(enum.StrEnum):
    OPEN = "open"              # waiting for the current pick to answer
    ACCEPTED = "accepted"
    WITH_ADMINS = "with_admins"  # every pick declined or let it expire; the admins decide
    WITHDRAWN = "withdrawn"    # the learner took it back
    CLOSED = "closed"          # an admin settled it (assigned someone, or said no)


class PickStatus(enum.StrEnum):
    QUEUED = "queued"          # a later pick, not asked yet
    ASKED = "asked"            # the mentor has until ``respond_by``
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"        # no answer in time
    SKIPPED = "skipped"        # not asked: full, away or no longer a mentor when their turn came
    CANCELLED = "cancelled"    # the request ended before their turn


_OPEN_REQUEST = text("status IN ('open', 'with_admins')")


class MentorRequest(db.Model):
    """A learner asking for a mentor: up to three ranked picks, asked one after another."""

    __tablename__ = "mentor_request"
    __table_args__ = (
        # One unsettled request per learner and role: a double-click makes one.
        Index("uq_mentor_request_open", "enrollment_id", "role", "skill", unique=True,
              sqlite_where=_OPEN_REQUEST, postgresql_where=_OPEN_REQUEST),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    role: Mapped[MentorshipRole] = mapped_column(enum_column_type(MentorshipRole), default=MentorshipRole.PRIMARY)
    skill: Mapped[str] = mapped_column(String(60), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(enum_column_type(RequestStatus), default=RequestStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # The relationship an acceptance (or an admin) started.
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorship.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    enrollment: Mapped[Enrollment] = relationship()
    picks: Mapped[list[RequestPick]] = relationship(back_populates="request", order_by="RequestPick.rank",
                                                    cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class RequestPick(db.Model):
    __tablename__ = "mentor_request_pick"
    __table_args__ = (
        UniqueConstraint("request_id", "rank"),
        UniqueConstraint("request_id", "mentor_id"),
        CheckConstraint("rank >= 1 AND rank <= 3", name="rank_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentor_request.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[PickStatus] = mapped_column(enum_column_type(PickStatus), default=PickStatus.QUEUED)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[MentorRequest] = relationship(back_populates="picks")
    mentor: Mapped[User] = relationship()
