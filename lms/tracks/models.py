"""Skill tracks as imported from their Markdown folders.

The folder is the source of truth; these rows are its imported, rendered form.
Lessons are matched by slug on re-import, so learners' progress survives edits.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line


class LessonKind(enum.StrEnum):
    LESSON = "lesson"
    ASSIGNMENT = "assignment"
    QUIZ = "quiz"


def _title(value: str) -> str:
    # Titles go into email subjects and lines of text (reminders, review notices): a
    # front-matter block scalar must not bring its line breaks along.
    return single_line(value)


class Track(db.Model):
    __tablename__ = "track"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    level: Mapped[str | None] = mapped_column(String(40))
    # The language the track is written in, a BCP 47 tag from its front matter (lang="" on its content).
    language: Mapped[str | None] = mapped_column(String(35))
    estimated_hours: Mapped[float | None] = mapped_column(Float)
    overview_html: Mapped[str] = mapped_column(Text, default="")
    # The completion rule as authored (see docs/authoring.md), normalised.
    completion: Mapped[dict] = mapped_column(JSON, default=dict)
    # Certificate wording: title, statement.
    certificate: Mapped[dict] = mapped_column(JSON, default=dict)
    source_path: Mapped[str] = mapped_column(String(500), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    modules: Mapped[list[Module]] = relationship(back_populates="track", order_by="Module.position",
                                                 cascade="all, delete-orphan")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="track", order_by="Lesson.position",
                                                 cascade="all, delete-orphan")

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        return _title(value)

    def __repr__(self) -> str:
        return f"<Track {self.slug} v{self.version}>"


class TrackVersion(db.Model):
    """One row per import that changed the track: its content hash and what changed."""

    __tablename__ = "track_version"
    __table_args__ = (UniqueConstraint("track_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {"added": [...], "updated": [...], "archived": [...]}
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)


class Module(db.Model):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("track_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    intro_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)

    track: Mapped[Track] = relationship(back_populates="modules")

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        return _title(value)


class Lesson(db.Model):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("track_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id", ondelete="SET NULL"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[LessonKind] = mapped_column(enum_column_type(LessonKind), default=LessonKind.LESSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int | None] = mapped_column(Integer)
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    body_html: Mapped[str] = mapped_column(Text, default="")
    toc: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{"level", "id", "title"}]
    # Kind-specific settings as authored: for assignments submission, due_days, rubric,
    # pass_points; for quizzes questions, pass_percent, max_attempts.
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    source_path: Mapped[str] = mapped_column(String(500), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    # A lesson removed from the source but with learners' work is archived, never deleted.
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)

    track: Mapped[Track] = relationship(back_populates="lessons")
    module: Mapped[Module | None] = relationship()

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        return _title(value)

    def __repr__(self) -> str:
        return f"<Lesson {self.slug} ({self.kind.value})>"


class TrackAsset(db.Model):
    """An image or file beside the Markdown, stored in the database so every server can serve it."""

    __tablename__ = "track_asset"
    __table_args__ = (UniqueConstraint("track_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))  # relative to the track folder, "/"-separated
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))


class TrackUpload(db.Model):
    """A zip uploaded by an admin, kept between the preview and the confirmed import.

    Stored in the database (not on local disk or in the cookie) so the confirming request
    may reach another app server. Rows older than a day are removed on the next upload.
    """

    __tablename__ = "track_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
