"""The email outbox: every email is a row first, delivered by a job after the transaction commits.

The one way to send an email: ``queue_email`` writes the row in the caller's
transaction, so an email exists exactly when what it announces does (a reset link's
token, a review). A delivery job is handed over on commit; if the job is lost (Redis
lost its queue, the process died before its thread ran) or the mail server fails,
``deliver_due`` (periodic, every minute) sends it later with backoff. A ``dedupe_key``
makes each email exist at most once, and delivery claims a row with a conditional
UPDATE so two workers never send the same email.

A core module: every feature may queue emails, from ``lms.auth`` upwards.
"""
from __future__ import annotations

import enum
import logging
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import Boolean, Index, Integer, String, Text, false, select, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.database import UTCDateTime, enum_column_type, insert_once, utcnow
from lms.extensions import db
from lms.jobs import enqueue, register_periodic
from lms.mail import send_email

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 60, 180, 720)
STALE_SENDING = timedelta(minutes=15)
SECRET_BODY_REMOVED = "(Removed once delivered: it held a single-use link.)\n"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one worker
    SENT = "sent"
    FAILED = "failed"    # gave up after the last attempt


class OutboxEmail(db.Model):
    __tablename__ = "outbox_email"
    __table_args__ = (Index("ix_outbox_email_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(enum_column_type(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Each email exists once: e.g. "reviewed:<review_id>:<user_id>", "reset:<token_id>".
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The body carries a secret (a single-use sign-in link): forgotten once sent or given up.
    secret_body: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # An iCalendar invitation sent with the email (text/calendar with its METHOD), or None.
    calendar: Mapped[str | None] = mapped_column(Text)

    def forget_secret_body(self) -> None:
        if self.secret_body:
            self.text, self.html = SECRET_BODY_REMOVED, None


def queue_email(to: str, subject: str, text: str, *, dedupe_key: str, html: str | None = None,
                secret: bool = False, not_before: datetime | None = None, calendar: str | None = None) -> int | None:
    """Write an email to the outbox; its id, or None when the dedupe key was used already.

    Flushes, never commits. A delivery job is handed over when the transaction commits
    (``lms.jobs``); if it rolls back, the email was never written and nothing is sent.
    ``secret``: the body holds a single-use link, so it is removed once sent (or given up).
    ``not_before``: hold it until then (the recipient's quiet hours); ``deliver_due`` sends it.
    ``calendar``: an iCalendar invitation (text with its METHOD) sent with the email as a
    ``text/calendar`` part and an ``invite.ics`` attachment (``lms.mail.build_message``).
    """
    now = utcnow()
    later = not_before is not None and not_before > now
    email_id = insert_once(OutboxEmail, to=to, subject=subject[:300], text=text, html=html, dedupe_key=dedupe_key,
                           status=OutboxStatus.PENDING, attempts=0, next_attempt_at=not_before if later else now,
                           created_at=now, secret_body=secret, calendar=calendar)
    if email_id is not None and not later:
        enqueue(deliver, email_id)
    return email_id


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def deliver(outbox_id: int, now: datetime | None = None) -> bool:
    """Send one pending email if it is due and nobody else claimed it; True when sent.

    The claim (pending -> sending) is one conditional UPDATE, committed before sending.
    """
    now = now or utcnow()
    claimed = db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == outbox_id, OutboxEmail.status == OutboxStatus.PENDING,
               OutboxEmail.next_attempt_at <= now)
        .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=OutboxEmail.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    if not claimed:
        return False
    email = db.session.get(OutboxEmail, outbox_id, populate_existing=True)
    try:
        send_email(email.to, email.subject, email.text, html=email.html, calendar=email.calendar)
    except Exception as error:  # noqa: BLE001 (any failure: keep the email and retry later)
        give_up = email.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
        email.status = OutboxStatus.FAILED if give_up else OutboxStatus.PENDING
        email.next_attempt_at = now + _backoff(email.attempts)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if give_up:
            email.forget_secret_body()
        log.warning("email %s to %s failed (attempt %s): %s", email.id, email.to, email.attempts, error)
        db.session.commit()
        return False
    email.status, email.sent_at, email.last_error = OutboxStatus.SENT, utcnow(), None
    email.forget_secret_body()
    db.session.commit()
    return True


def deliver_due(now: datetime | None = None, limit: int = 200) -> int:
    """Send what is due: new emails whose job was lost, and retries whose backoff has passed.

    Emails stuck in "sending" (a worker died mid-send) go back to pending after 15
    minutes; in that rare case an email can arrive twice, never zero times.
    """
    now = now or utcnow()
    db.session.execute(update(OutboxEmail)
                       .where(OutboxEmail.status == OutboxStatus.SENDING, OutboxEmail.claimed_at < now - STALE_SENDING)
                       .values(status=OutboxStatus.PENDING).execution_options(synchronize_session=False))
    db.session.commit()
    ids = db.session.scalars(select(OutboxEmail.id).where(
        OutboxEmail.status == OutboxStatus.PENDING, OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.next_attempt_at).limit(limit)).all()
    return sum(deliver(outbox_id, now) for outbox_id in ids)


def init_app(app: Flask) -> None:
    register_periodic(app, "outbox.deliver_due", deliver_due, timedelta(minutes=1))
