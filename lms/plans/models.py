"""A learner's development plan (self-mentorship): goals in their own words, linked to
skills and rubric criteria, with their mentors' check-in notes.

The plan belongs to the person, not to one cohort: it goes with them from track to track.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line
from lms.tracks.models import Lesson


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Goal(db.Model):
    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))      # what
    why: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text, default="")  # how they will know
    target_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(enum_column_type(GoalStatus), default=GoalStatus.NOT_STARTED)
    achieved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The learner chose to show it on their certificate page and in the badge's evidence.
    cite_as_evidence: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship()
    skills: Mapped[list[GoalSkill]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                   order_by="GoalSkill.skill")
    criteria: Mapped[list[GoalCriterion]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                         order_by="GoalCriterion.id")
    checkins: Mapped[list[GoalCheckIn]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                       order_by="GoalCheckIn.id")

    __mapper_args__ = {"version_id_col": version}

    @validates("title")
    def _single_line_title(self, key, value: str) -> str:
        return single_line(value)


class GoalSkill(db.Model):
    __tablename__ = "goal_skill"
    __table_args__ = (UniqueConstraint("goal_id", "skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    skill: Mapped[str] = mapped_column(String(60), index=True)  # normalised like profile skills

    goal: Mapped[Goal] = relationship(back_populates="skills")


class GoalCriterion(db.Model):
    """A rubric criterion of an assignment, by name (reviews keep the rubric they used, so
    the name is what ties a review's scores back to the goal)."""

    __tablename__ = "goal_criterion"
    __table_args__ = (UniqueConstraint("goal_id", "lesson_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(200))

    goal: Mapped[Goal] = relationship(back_populates="criteria")
    lesson: Mapped[Lesson] = relationship()


class NoteVisibility(enum.StrEnum):
    SHARED = "shared"     # the learner, their mentors and admins
    MENTORS = "mentors"   # private to the learner's mentors and admins


class GoalCheckIn(db.Model):
    """A mentor's note on a goal."""

    __tablename__ = "goal_checkin"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered once, sanitised
    visibility: Mapped[NoteVisibility] = mapped_column(enum_column_type(NoteVisibility),
                                                       default=NoteVisibility.SHARED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="checkins")
    author: Mapped[User | None] = relationship()
