"""The email outbox: emails are rows first, delivered by a job after the transaction commits.

A mail-server failure never fails a request; ``deliver_due`` (periodic) retries with
backoff. A ``dedupe_key`` makes each email exist at most once, and delivery claims a
row with a conditional UPDATE so two workers never send the same email.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import insert as sa_insert, select, update

from lms.database import utcnow
from lms.extensions import db
from lms.jobs import enqueue
from lms.mail import send_email
from lms.notifications.models import OutboxEmail, OutboxStatus

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 60, 180, 720)
STALE_SENDING = timedelta(minutes=15)


def insert_once(model, **values) -> int | None:
    """INSERT a row unless its ``dedupe_key`` exists; the new id, or None when it existed.

    ``ON CONFLICT DO NOTHING`` (PostgreSQL, SQLite) also waits for a concurrent
    transaction inserting the same key, so two processes never both write it. (No
    savepoint: on SQLite the driver would commit a savepoint opened outside a transaction.)
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # other databases: a duplicate raises IntegrityError
        return db.session.execute(sa_insert(model).values(**values).returning(model.id)).scalar_one()
    statement = (insert(model).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
                 .returning(model.id))
    return db.session.execute(statement).scalar_one_or_none()


def queue_email(to: str, subject: str, text: str, *, dedupe_key: str, html: str | None = None) -> int | None:
    """Write an email to the outbox; its id, or None when the dedupe key was used already.

    A delivery job is handed over when the transaction commits (``lms.jobs``); if it
    rolls back, the email was never written and nothing is sent.
    """
    email_id = insert_once(OutboxEmail, to=to, subject=subject[:300], text=text, html=html, dedupe_key=dedupe_key,
                            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), created_at=utcnow())
    if email_id is not None:
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
        send_email(email.to, email.subject, email.text, html=email.html)
    except Exception as error:  # noqa: BLE001 (any failure: keep the email and retry later)
        give_up = email.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
        email.status = OutboxStatus.FAILED if give_up else OutboxStatus.PENDING
        email.next_attempt_at = now + _backoff(email.attempts)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        log.warning("email %s to %s failed (attempt %s): %s", email.id, email.to, email.attempts, error)
        db.session.commit()
        return False
    email.status, email.sent_at, email.last_error = OutboxStatus.SENT, utcnow(), None
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
