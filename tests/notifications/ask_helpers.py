"""Reading what the ask receivers wrote: notifications per person and queued emails."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import Notification, NotificationPreference, ThreadEmails
from lms.outbox import OutboxEmail


def titles_for(user) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def emails_to(user) -> list[OutboxEmail]:
    return list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == user.email).order_by(OutboxEmail.id)))


def prefer(user, *, thread_emails: ThreadEmails = ThreadEmails.IMMEDIATE, quiet: tuple[int, int] | None = None,
           digest_hour: int = 8, timezone: str | None = None) -> None:
    if timezone:
        user.timezone = timezone
    db.session.add(NotificationPreference(user_id=user.id, thread_emails=thread_emails, digest_hour=digest_hour,
                                          quiet_from=quiet[0] if quiet else None,
                                          quiet_until=quiet[1] if quiet else None))
    db.session.commit()
