"""Recording and reading audit events."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.audit.models import AuditEvent
from lms.extensions import db


def subject_type_of(subject) -> str:
    return type(subject).__tablename__


def record(actor, action: str, subject, **data) -> AuditEvent:
    """Add an event for ``subject`` (a model instance with an id) in the current transaction."""
    if subject.id is None:
        db.session.flush()
    event = AuditEvent(actor_id=getattr(actor, "id", None), action=action,
                       subject_type=subject_type_of(subject), subject_id=subject.id, data=data)
    db.session.add(event)
    return event


def events_for(subject) -> list[AuditEvent]:
    """Oldest first, with their actors, in one query."""
    return list(db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type_of(subject), AuditEvent.subject_id == subject.id)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_at, AuditEvent.id)))
