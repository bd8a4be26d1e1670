"""Cohorts: one run of a track for a group of learners with their mentors."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql.expression import false as sa_false

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line
from lms.tracks.models import Track


class CohortStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"          # open for enrolment
    RUNNING = "running"
    FINISHED = "finished"  # read-only for learners except downloads
    ARCHIVED = "archived"


class ReviewPolicy(enum.StrEnum):
    ASSIGNED_MENTOR = "assigned_mentor"  # only the learner's primary mentor reviews
    ANY_MENTOR = "any_mentor"            # any mentor of the cohort reviews


class EnrollmentRole(enum.StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"


class EnrollmentStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


# The statuses in which a cohort takes work (``Cohort.accepts_work``; in SQL: ``status.in_``).
ACCEPTING_WORK = (CohortStatus.OPEN, CohortStatus.RUNNING)


class Cohort(db.Model):
    __tablename__ = "cohort"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"),
        CheckConstraint("request_response_days >= 1 AND request_response_days <= 30",
                        name="request_response_days_in_range"),
        CheckConstraint("ask_response_hours >= 1 AND ask_response_hours <= 336", name="ask_response_hours_in_range"),
        CheckConstraint("ask_timeout_days >= 1 AND ask_timeout_days <= 90", name="ask_timeout_days_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    capacity: Mapped[int | None] = mapped_column(Integer)  # learners; None = unlimited
    status: Mapped[CohortStatus] = mapped_column(enum_column_type(CohortStatus), default=CohortStatus.DRAFT)
    description: Mapped[str] = mapped_column(Text, default="")
    review_policy: Mapped[ReviewPolicy] = mapped_column(enum_column_type(ReviewPolicy), default=ReviewPolicy.ANY_MENTOR)
    review_turnaround_hours: Mapped[int] = mapped_column(Integer, default=48)
    # Mentor requests: may learners ask mentors themselves (else only admins assign), and
    # how many days each picked mentor has to answer before the next pick is asked.
    learners_request_mentors: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    request_response_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Matching: a language every pair must share (BCP 47, e.g. "es"); "" for none.
    required_language: Mapped[str] = mapped_column(String(35), default="", server_default="")
    # Asks (micro-mentoring): hours an open ask waits at one stage of routing before it is
    # offered more widely; the days after which a waiting thread's person is reminded
    # ("2,5,9"); the days after which a thread waiting on the learner times out (one
    # waiting on a mentor goes back to the queue instead).
    ask_response_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    ask_nudge_days: Mapped[str] = mapped_column(String(40), default="2,5,9", server_default="2,5,9")
    ask_timeout_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    # Optimistic locking: an edit based on an old version is refused, never silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Learner seats in use (active or completed learners). Changed only by a conditional
    # UPDATE in lms.cohorts.enrolment, so two enrolments racing for the last seat cannot
    # both win; it does not bump ``version`` (enrolling is not editing the cohort).
    seats_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track: Mapped[Track] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="cohort", foreign_keys="Enrollment.cohort_id")

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _single_line_name(self, key, value: str) -> str:
        # Cohort names go into emails (invitations, reminders): never a line break.
        return single_line(value)

    @property
    def accepts_work(self) -> bool:
        """Learners may hand in work and mentors may ask for another attempt."""
        return self.status in ACCEPTING_WORK

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[EnrollmentRole] = mapped_column(enum_column_type(EnrollmentRole))
    status: Mapped[EnrollmentStatus] = mapped_column(enum_column_type(EnrollmentStatus),
                                                     default=EnrollmentStatus.ACTIVE)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Learners: their primary mentor (a user enrolled as mentor in the same cohort).
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Mentors: the most mentees they take; None = no limit.
    max_mentees: Mapped[int | None] = mapped_column(Integer)

    cohort: Mapped[Cohort] = relationship(back_populates="enrollments", foreign_keys=[cohort_id])
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])

    @property
    def is_active(self) -> bool:
        return self.status == EnrollmentStatus.ACTIVE


# Mentoring relationships. A learner (one enrolment) may have several mentors at once,
# each with a role; at most one is the primary mentor, who reviews their work
# (``Enrollment.mentor_id`` points at the same person, kept in step by
# ``lms.cohorts.mentoring``, the only code that starts or ends a relationship).
# Relationships end and are never deleted, so a mentor's history with each mentee stays.


class MentorshipRole(enum.StrEnum):
    PRIMARY = "primary"   # reviews the learner's work
    SKILL = "skill"       # helps with one named skill
    PEER = "peer"         # a graduate or fellow learner


class MentorshipStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class CheckInAnswer(enum.StrEnum):
    """The 30-day check-in: "how is it going?"."""

    GOING_WELL = "going_well"
    MIXED = "mixed"
    NOT_A_GOOD_FIT = "not_a_good_fit"   # sends a re-pair request to the admins


_ACTIVE_MENTORSHIP = text("status = 'active'")
_ACTIVE_PRIMARY = text("status = 'active' AND role = 'primary'")


class Mentorship(db.Model):
    __tablename__ = "mentorship"
    __table_args__ = (
        # One active relationship per learner and mentor, and one active primary per learner:
        # two admins (or an admin and an accepted request) racing cannot make a second.
        Index("uq_mentorship_active_pair", "enrollment_id", "mentor_id", unique=True,
              sqlite_where=_ACTIVE_MENTORSHIP, postgresql_where=_ACTIVE_MENTORSHIP),
        Index("uq_mentorship_active_primary", "enrollment_id", unique=True,
              sqlite_where=_ACTIVE_PRIMARY, postgresql_where=_ACTIVE_PRIMARY),
        CheckConstraint("closing_rating IS NULL OR (closing_rating >= 1 AND closing_rating <= 5)",
                        name="closing_rating_in_range"),
        CheckConstraint("ended_at IS NULL OR status = 'ended'", name="ended_only_when_ended"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The learner's enrolment: the relationship lives inside one cohort.
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MentorshipRole] = mapped_column(enum_column_type(MentorshipRole), default=MentorshipRole.PRIMARY)
    # The named skill of a skill mentor ("" for other roles).
    skill: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[MentorshipStatus] = mapped_column(enum_column_type(MentorshipStatus),
                                                     default=MentorshipStatus.ACTIVE)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # How it began, in words ("accepted Lea's request", "matched by an admin", "migrated").
    origin: Mapped[str] = mapped_column(String(200), default="")
    # The optional agreement: the goals it covers, how often to meet, an end date.
    agreement_goals: Mapped[str] = mapped_column(Text, default="")
    meeting_cadence: Mapped[str] = mapped_column(String(120), default="")
    agreed_end_on: Mapped[date | None] = mapped_column(Date)
    # The check-in survey the learner answers 30 days in.
    checkin_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_answer: Mapped[CheckInAnswer | None] = mapped_column(enum_column_type(CheckInAnswer))
    checkin_comment: Mapped[str] = mapped_column(Text, default="")
    checkin_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The end, and the closing survey (by the learner) when it ends.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    closing_rating: Mapped[int | None] = mapped_column(Integer)
    closing_comment: Mapped[str] = mapped_column(Text, default="")
    closing_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    enrollment: Mapped[Enrollment] = relationship()
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])

    __mapper_args__ = {"version_id_col": version}

    @validates("meeting_cadence")
    def _single_line_cadence(self, key, value: str) -> str:
        return single_line(value)

    @property
    def is_active(self) -> bool:
        return self.status == MentorshipStatus.ACTIVE


class MatchExclusion(db.Model):
    """A pair an admin ruled out (e.g. a client and their own contractor): never suggested,
    never requestable, never assigned, in every cohort."""

    __tablename__ = "match_exclusion"
    __table_args__ = (UniqueConstraint("learner_id", "mentor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))  # leads the unique index
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CohortDeadline(db.Model):
    """A per-cohort override of an assignment's due date (otherwise computed from due_days)."""

    __tablename__ = "cohort_deadline"
    __table_args__ = (UniqueConstraint("cohort_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MentorAssignment(db.Model):
    """History of a learner's primary mentor: one row per (re)assignment, newest last."""

    __tablename__ = "mentor_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    # None: unassigned.
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class CsvEnrollmentPlan(db.Model):
    """An uploaded enrolment CSV kept between its dry-run preview and its confirmation."""

    __tablename__ = "csv_enrollment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[str] = mapped_column(Text)  # the decoded CSV text
    role: Mapped[EnrollmentRole] = mapped_column(enum_column_type(EnrollmentRole), default=EnrollmentRole.LEARNER)
    # The preview the admin saw; confirming re-plans and refuses when it differs.
    preview: Mapped[list] = mapped_column(JSON, default=list)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarToken(db.Model):
    """The secret in a user's calendar feed URL; regenerating it revokes the old URL."""

    __tablename__ = "calendar_token"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
