"""Password reset requests: recorded during the request, answered after the response.

``/password/forgot`` must cost the same for every address, so the request only writes
a ``PasswordResetRequest`` row (one INSERT, no lookup) and hands its id to a job on
commit. The job (``process_reset_request``) looks the address up, issues the link and
writes the email to the outbox. The row is what makes this durable: if the job is lost
(Redis lost its queue, the process died), ``process_due_requests`` (periodic, every
minute) answers rows still waiting after ``GRACE``. A row is claimed by one conditional
UPDATE in the same transaction as the link and the email, so two workers racing on one
row send one email, and a worker dying half-way leaves the row waiting for the next.
Rows are deleted a day after the request (``prune_reset_requests``).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import delete, func, select, update

from lms import database, mail
from lms.auth import tokens
from lms.auth.models import PasswordResetRequest, TokenPurpose, normalise_email
from lms.auth.services import find_user_by_email
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.jobs import enqueue, register_periodic
from lms.outbox import queue_email

log = logging.getLogger(__name__)

GRACE = timedelta(minutes=2)  # the job normally answers within seconds; after this, the catch-up does
KEEP = timedelta(days=1)      # a request older than this is deleted, answered or not


def request_password_reset(email: str) -> None:
    """Record a request for a reset link to ``email``; it is answered after the commit.

    The same work whether or not an account has the address: one INSERT and a job
    handed over on commit. Flushes, never commits.
    """
    reset_request = PasswordResetRequest(email=normalise_email(email), requested_at=database.utcnow())
    db.session.add(reset_request)
    db.session.flush()
    enqueue(process_reset_request, reset_request.id)


def process_reset_request(request_id: int, now: datetime | None = None) -> bool:
    """Answer one recorded request unless someone else did; True when this call claimed it.

    The claim (``processed_at`` set where it is still empty) is one conditional UPDATE:
    the database lets one transaction match, and the others wait and then match
    nothing. The link and the email are written in the claiming transaction, so they
    exist exactly when the row is marked processed. Flushes, never commits (a job).
    """
    email = db.session.execute(
        update(PasswordResetRequest)
        .where(PasswordResetRequest.id == request_id, PasswordResetRequest.processed_at.is_(None))
        .values(processed_at=now or database.utcnow())
        .returning(PasswordResetRequest.email)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if email is None:
        return False
    send_reset_link(email)
    return True


def send_reset_link(email: str) -> None:
    """Email a reset link if an active account has this address; otherwise do nothing."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        log.info("Password reset asked for %s: no active account, no email", normalise_email(email))
        return
    signed, token = tokens.issue_token(user, TokenPurpose.RESET)
    with speaking_to(user):  # a job: in the account's language and time zone
        subject, text, html = mail.render_email(
            "password_reset", name=user.name, url=mail.absolute_url("auth.reset_password", token=signed),
            expires=tokens.describe_time(token.expires_at, user.timezone))
    # Written to the outbox beside the link's token: delivered, with retries, once this commits.
    queue_email(user.email, subject, text, html=html, dedupe_key=f"reset:{token.token_hash}", secret=True)
    log.info("Password reset link queued for %s", user.email)


def process_due_requests(now: datetime | None = None, limit: int = 200) -> int:
    """Answer requests still waiting after ``GRACE`` (their job was lost); the number answered.

    Each request is answered and committed on its own: one that fails is logged and
    tried again at the next run, and does not hold up the others.
    """
    now = now or database.utcnow()
    ids = db.session.scalars(
        select(PasswordResetRequest.id)
        .where(PasswordResetRequest.processed_at.is_(None),
               PasswordResetRequest.requested_at <= now - GRACE,
               PasswordResetRequest.requested_at > now - KEEP)
        .order_by(PasswordResetRequest.requested_at).limit(limit)).all()
    db.session.commit()
    answered = 0
    for request_id in ids:
        try:
            answered += process_reset_request(request_id, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("password reset request %s failed; it is tried again at the next run", request_id)
    if answered:
        log.warning("answered %d password reset request(s) whose job was lost", answered)
    return answered


def prune_reset_requests(now: datetime | None = None) -> int:
    """Delete requests made more than ``KEEP`` ago; the number deleted.

    One still unanswered by then (it failed all day) is given up, with a warning.
    """
    now = now or database.utcnow()
    old = PasswordResetRequest.requested_at <= now - KEEP
    given_up = db.session.scalar(select(func.count()).select_from(PasswordResetRequest)
                                 .where(old, PasswordResetRequest.processed_at.is_(None)))
    if given_up:
        log.warning("gave up %d password reset request(s) never answered in %s", given_up, KEEP)
    return db.session.execute(delete(PasswordResetRequest).where(old)
                              .execution_options(synchronize_session=False)).rowcount


def init_app(app: Flask) -> None:
    register_periodic(app, "auth.process_due_reset_requests", process_due_requests, timedelta(minutes=1))
    register_periodic(app, "auth.prune_reset_requests", prune_reset_requests, timedelta(hours=1))
