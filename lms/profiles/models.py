"""What people say about themselves: skills with a level, languages, and a mentor's offer.

Every user may have one ``Profile`` row (created when first needed) and any number of
``UserSkill`` rows. The skills of a learner and of a mentor feed the directory and matching.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false as sa_false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line


class SkillLevel(enum.StrEnum):
    """How well someone knows a skill, lowest first (``SkillLevel.rank``)."""

    LEARNING = "learning"
    WORKING = "working"
    STRONG = "strong"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self)


class UserSkill(db.Model):
    __tablename__ = "user_skill"
    __table_args__ = (UniqueConstraint("user_id", "skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Lower-case, single spaces (``lms.profiles.skills.normalise``); indexed for the directory filter.
    skill: Mapped[str] = mapped_column(String(60), index=True)
    level: Mapped[SkillLevel] = mapped_column(enum_column_type(SkillLevel), default=SkillLevel.WORKING)

    user: Mapped[User] = relationship()


class Profile(db.Model):
    """One per user: what a learner and a mentor tell others, and a mentor's capacity."""

    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("active_mentees >= 0", name="active_mentees_not_negative"),
        CheckConstraint("max_mentees IS NULL OR max_mentees >= 0", name="max_mentees_not_negative"),
        CheckConstraint("hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)",
                        name="hours_per_week_in_range"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    headline: Mapped[str] = mapped_column(String(160), default="")
    # ``User.bio`` is the Markdown the person writes; this is it rendered once, sanitised.
    bio_html: Mapped[str] = mapped_column(Text, default="")
    # BCP 47 tags, e.g. ["en", "pt-BR"], most fluent first.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Mentors: what they can help with, in their words (plain text, one line per topic).
    help_with: Mapped[str] = mapped_column(Text, default="")
    # Mentors: at most this many active mentees across all cohorts (None: no limit) ...
    max_mentees: Mapped[int | None] = mapped_column(Integer)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    # ... and how many they have now. Changed only by the conditional UPDATE in
    # ``lms.mentorships.capacity`` (``... WHERE active_mentees < max_mentees``), so two
    # acceptances racing for the last place cannot both win. No CHECK against the maximum:
    # a mentor may lower it below their current load, which means "no new mentees".
    active_mentees: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Mentors: away until this day inclusive (no new mentees, no asks); None: available.
    away_until: Mapped[date | None] = mapped_column(Date)
    # When the person first saved their skills and goals (invitees are asked at first sign-in).
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Graduates: invite me as a peer mentor when a later cohort of a track I completed opens.
    offers_peer_mentoring: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: a save based on an old version is refused, never silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @validates("headline")
    def _single_line_headline(self, key, value: str) -> str:
        return single_line(value)

    def is_away(self, on: date) -> bool:
        return self.away_until is not None and on <= self.away_until
