"""Community spaces: where learners, alumni and mentors see one another.

- ``Space``: every cohort has one (``kind`` cohort, its members only) and every track has one
  (``kind`` track: all its cohorts' members and alumni, a peer network that outlives a
  cohort). Spaces are made on first use, once (unique keys). The track space holds the
  program's code of conduct, shown to a person before their first post in the program.
- ``Topic``: a thread in a space, general or attached to a lesson (listed at the foot of the
  lesson page). A *question* can have one accepted answer (``Post.is_accepted``). Mentors and admins pin, lock,
  hide and move topics. ``post_count`` and ``last_post_at`` count visible posts only.
- ``Post``: sanitised Markdown (``body_html`` through ``lms.rendering``), with files. A
  hidden post is shown to moderators only and never reaches notifications or digests.
- ``PostReport``: anyone may report a post once; moderators resolve reports.
- ``TopicFollow``: who is told about new posts (authors and people mentioned follow).
- ``ConductAgreement``: a person agreed to a program's code of conduct.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line


class SpaceKind(enum.StrEnum):
    COHORT = "cohort"
    TRACK = "track"


class TopicKind(enum.StrEnum):
    DISCUSSION = "discussion"
    QUESTION = "question"


class ReportOutcome(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"   # the post is fine
    HIDDEN = "hidden"         # the post was hidden


_TRACK_SPACE = text("kind = 'track'")
_ACCEPTED = text("is_accepted")


class Space(db.Model):
    __tablename__ = "space"
    __table_args__ = (
        UniqueConstraint("cohort_id", name="uq_space_cohort"),
        Index("uq_space_track", "track_id", unique=True, sqlite_where=_TRACK_SPACE, postgresql_where=_TRACK_SPACE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SpaceKind] = mapped_column(enum_column_type(SpaceKind))
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    # The program's code of conduct (track spaces; a cohort space shows its track's).
    code_of_conduct: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track = relationship("Track")
    cohort = relationship("Cohort")


class Topic(db.Model):
    __tablename__ = "topic"
    __table_args__ = (
        Index("ix_topic_space_activity", "space_id", "is_pinned", "last_post_at"),
        CheckConstraint("post_count >= 0", name="post_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id", ondelete="CASCADE"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TopicKind] = mapped_column(enum_column_type(TopicKind), default=TopicKind.DISCUSSION)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hide_reason: Mapped[str] = mapped_column(Text, default="")
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The new-topic form's one-time key: a double-click or a resent form opens one topic.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    space: Mapped[Space] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    lesson = relationship("Lesson")

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        return single_line(value)


class Post(db.Model):
    __tablename__ = "post"
    __table_args__ = (
        Index("ix_post_topic_created", "topic_id", "created_at"),
        # A question has at most one accepted answer.
        Index("uq_post_accepted_answer", "topic_id", unique=True, sqlite_where=_ACCEPTED, postgresql_where=_ACCEPTED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hide_reason: Mapped[str] = mapped_column(Text, default="")
    is_accepted: Mapped[bool] = mapped_column(Boolean, default=False)  # the accepted answer of a question
    # The reply form's one-time key: a double-click or a resent form posts once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    files: Mapped[list[PostFile]] = relationship(back_populates="post", order_by="PostFile.id",
                                                 cascade="all, delete-orphan")


class PostFile(db.Model):
    """A file attached to a post (the upload rules of hand-ins)."""

    __tablename__ = "post_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # display only, never a path
    extension: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="files")


class PostReport(db.Model):
    __tablename__ = "post_report"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id", name="uq_post_report_once"),
                      Index("ix_post_report_outcome", "outcome"))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[ReportOutcome] = mapped_column(enum_column_type(ReportOutcome), default=ReportOutcome.OPEN)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])


class TopicFollow(db.Model):
    __tablename__ = "topic_follow"
    __table_args__ = (UniqueConstraint("topic_id", "user_id", name="uq_topic_follow"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConductAgreement(db.Model):
    __tablename__ = "conduct_agreement"
    __table_args__ = (UniqueConstraint("user_id", "track_id", name="uq_conduct_agreement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"), index=True)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
