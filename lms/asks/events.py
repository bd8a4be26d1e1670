"""Lines the system writes into a thread (escalated, claim expired, released, timed out)."""
from __future__ import annotations

from datetime import datetime

from lms.asks.models import Ask, AskReply, ReplyKind
from lms.database import utcnow
from lms.extensions import db


def add_event(ask: Ask, text: str, *, actor=None, now: datetime | None = None) -> AskReply:
    """An EVENT reply (plain text, shown escaped), oldest-first in the thread like every reply."""
    event = AskReply(ask=ask, kind=ReplyKind.EVENT, author_id=getattr(actor, "id", None), body=text,
                     created_at=now or utcnow())
    db.session.add(event)
    return event
