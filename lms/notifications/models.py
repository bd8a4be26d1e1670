"""In-app notifications and each user's delivery choices (emails go through ``lms.outbox``)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Waiting for the user's daily digest email.
    in_digest: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Set for notifications that must exist once, e.g. "reminder:<cohort>:<lesson>:<user>".
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class SubmissionAlerts(enum.StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"


class ThreadEmails(enum.StrEnum):
    """Emails about conversations (asks and their replies, reminders to answer)."""

    IMMEDIATE = "immediate"  # at most one email per thread per digest period
    DAILY = "daily"          # in the daily digest
    NEVER = "never"          # in the app only


class NotificationPreference(db.Model):
    """A user's choices; users without a row get the defaults below."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        CheckConstraint("digest_hour >= 0 AND digest_hour <= 23", name="digest_hour_in_range"),
        CheckConstraint("(quiet_from IS NULL) = (quiet_until IS NULL)", name="quiet_hours_both_or_neither"),
        CheckConstraint("quiet_from IS NULL OR (quiet_from >= 0 AND quiet_from < 1440 "
                        "AND quiet_until >= 0 AND quiet_until < 1440)", name="quiet_hours_in_a_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    # Mentors: an email per new submission, or one daily digest.
    submission_alerts: Mapped[SubmissionAlerts] = mapped_column(enum_column_type(SubmissionAlerts),
                                                                default=SubmissionAlerts.IMMEDIATE)
    email_reviews: Mapped[bool] = mapped_column(Boolean, default=True)
    email_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    thread_emails: Mapped[ThreadEmails] = mapped_column(enum_column_type(ThreadEmails),
                                                        default=ThreadEmails.IMMEDIATE,
                                                        server_default=ThreadEmails.IMMEDIATE.value)
    # Quiet hours in the user's own time zone, minutes after midnight (from may exceed
    # until: 22:00-07:00); emails falling inside wait until they end. Both None: none.
    quiet_from: Mapped[int | None] = mapped_column(Integer)
    quiet_until: Mapped[int | None] = mapped_column(Integer)
    # The local hour (0-23) at which the daily digest is sent.
    digest_hour: Mapped[int] = mapped_column(Integer, default=8, server_default="8")

