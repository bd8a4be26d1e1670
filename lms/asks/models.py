"""Micro-mentoring: a learner's short focused ask, its thread of replies, and its files.

How an ask moves (``lms.asks.services`` changes these fields, nothing else does):

- **Waiting on a mentor** (``state`` awaiting_mentor). With no ``mentor_id`` the ask is *open*:
  it is offered to the people of its ``stage`` (the learner's own mentors, then every mentor
  of the cohort with the ask's skill, then the admins); ``offered_at`` is when that stage
  began, and the periodic routing moves it on when nobody claimed it within the cohort's
  ``ask_response_hours``. A mentor *claims* an open ask: ``mentor_id`` and ``claimed_at``
  are set; the claim is a lock that expires after ``ASK_CLAIM_MINUTES`` unless the mentor
  replies. A reply by the mentor clears ``claimed_at``: from then on ``mentor_id`` is the
  thread's mentor, who is waited on whenever the learner writes back.
- **Waiting on the learner** (awaiting_learner): the mentor replied.
- **Resolved**: the learner closed it (with a ``rating``) or the mentor marked it resolved
  (the learner may still rate it).
- **Timed out**: the learner did not answer within the cohort's ``ask_timeout_days``. When
  the *learner* was the one waiting that long, the ask is not timed out but goes back to the
  queue: ``mentor_id`` and ``claimed_at`` are cleared and it is offered again.

``waiting_since`` is when the current wait began (a new ask, a reply, a hand-over);
``nudges_sent`` counts the reminders sent during the current wait (reset when it changes
hands). ``version`` is the optimistic lock: two mentors claiming at once, one wins.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.submissions.models import Submission
from lms.text import single_line
from lms.tracks.models import Lesson


class AskUrgency(enum.StrEnum):
    """How soon the learner needs an answer (shown to mentors; the queue can sort by it)."""

    LOW = "low"          # this week is fine
    NORMAL = "normal"    # in a day or two
    URGENT = "urgent"    # today, if at all possible


class AskState(enum.StrEnum):
    AWAITING_MENTOR = "awaiting_mentor"
    AWAITING_LEARNER = "awaiting_learner"
    RESOLVED = "resolved"
    TIMED_OUT = "timed_out"


OPEN_STATES = (AskState.AWAITING_MENTOR, AskState.AWAITING_LEARNER)


class AskStage(enum.StrEnum):
    """Who an open ask is offered to; routing moves it down this list, never back up."""

    OWN_MENTORS = "own_mentors"      # the learner's active mentors (any role)
    SKILL_MENTORS = "skill_mentors"  # every active mentor of the cohort with the ask's skill (all, without one)
    ADMINS = "admins"                # the program team


class AskRating(enum.StrEnum):
    HELPFUL = "helpful"
    SOMEWHAT = "somewhat"
    NOT_HELPFUL = "not_helpful"


class ReplyKind(enum.StrEnum):
    REPLY = "reply"          # a Markdown message by the learner or a mentor
    HANDOVER = "handover"    # a mentor handed the ask to ``handed_to_id``; ``body`` is the note
    EVENT = "event"          # written by the system: escalated, claim expired, timed out, back in the queue


class Ask(db.Model):
    __tablename__ = "ask"
    __table_args__ = (
        # The queue: open asks by state, oldest wait first.
        Index("ix_ask_state_waiting_since", "state", "waiting_since"),
        Index("ix_ask_cohort_state", "cohort_id", "state"),
        CheckConstraint("nudges_sent >= 0", name="nudges_sent_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)  # the learner
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")        # the Markdown the learner wrote
    body_html: Mapped[str] = mapped_column(Text, default="")   # rendered once, sanitised (lms.rendering)
    # What the ask is about (each optional): a lesson, a submission of the learner, a skill.
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"), index=True)
    skill: Mapped[str] = mapped_column(String(60), default="")  # normalised like profile skills
    urgency: Mapped[AskUrgency] = mapped_column(enum_column_type(AskUrgency), default=AskUrgency.NORMAL)

    state: Mapped[AskState] = mapped_column(enum_column_type(AskState), default=AskState.AWAITING_MENTOR)
    stage: Mapped[AskStage] = mapped_column(enum_column_type(AskStage), default=AskStage.OWN_MENTORS)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    nudges_sent: Mapped[int] = mapped_column(Integer, default=0)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    # The learner's verdict, once resolved.
    rating: Mapped[AskRating | None] = mapped_column(enum_column_type(AskRating))
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    thanks_note: Mapped[str] = mapped_column(Text, default="")          # plain text, shown escaped
    thanks_public: Mapped[bool] = mapped_column(Boolean, default=False)  # the learner allows showing it
    thanks_shown: Mapped[bool] = mapped_column(Boolean, default=False)   # the mentor chose to show it

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The new-ask form's one-time key: a double-click or a resent form opens one ask.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    cohort: Mapped[Cohort] = relationship()
    enrollment: Mapped[Enrollment] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    lesson: Mapped[Lesson | None] = relationship()
    submission: Mapped[Submission | None] = relationship()
    replies: Mapped[list[AskReply]] = relationship(back_populates="ask", order_by="AskReply.id",
                                                   cascade="all, delete-orphan")
    files: Mapped[list[AskFile]] = relationship(back_populates="ask", order_by="AskFile.id",
                                                cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        # Titles go into emails and notification subjects: never a line break.
        return single_line(value)

    def __repr__(self) -> str:
        return f"<Ask {self.id} {self.state.value}>"


class AskReply(db.Model):
    __tablename__ = "ask_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("ask.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ReplyKind] = mapped_column(enum_column_type(ReplyKind), default=ReplyKind.REPLY)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    handed_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # The form's one-time key: a double-click or a resent form posts the reply once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ask: Mapped[Ask] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    handed_to: Mapped[User | None] = relationship(foreign_keys=[handed_to_id])


class AskFile(db.Model):
    """A file attached to an ask or to one of its replies (the upload rules of hand-ins)."""

    __tablename__ = "ask_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("ask.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("ask_reply.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # display only, never a path
    extension: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ask: Mapped[Ask] = relationship(back_populates="files")
