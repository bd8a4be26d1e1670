"""Graduates as peer mentors in later cohorts of the track they completed.

A ``PeerMentorSeat`` is one graduate's place in one cohort. It is *invited* (by an admin,
or automatically when the graduate opted in on their profile and a later cohort of the
track opens), then *active* when they accept, *declined*, or *ended* (by them or an admin;
access ends at once). ``completed_enrollment_id`` is the enrolment in which they completed
the track: the proof shown as "completed this track in …".

An active peer mentor of a cohort may answer its asks, take peer mentoring relationships
(``MentorshipRole.PEER``) and help in its discussion space; they never review hand-ins for
approval (``lms.permissions``).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db


class SeatStatus(enum.StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class PeerMentorSeat(db.Model):
    __tablename__ = "peer_mentor_seat"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_peer_mentor_seat"),
                      Index("ix_peer_mentor_seat_user_status", "user_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    completed_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    status: Mapped[SeatStatus] = mapped_column(enum_column_type(SeatStatus), default=SeatStatus.INVITED)
    # None: invited automatically (the graduate opted in).
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    cohort: Mapped[Cohort] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    completed_enrollment: Mapped[Enrollment] = relationship()
