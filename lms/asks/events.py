"""Lines the system writes into a thread (escalated, claim expired, released, timed out).

An event line is stored as text, written once in the organisation's language (``speaking_to()``
without a person): pass it as a ``lazy_gettext`` string, it is put into words here.
"""
from __future__ import annotations

from datetime import datetime

from lms.asks.models import Ask, AskReply, ReplyKind
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to


def event_words(text) -> str:
    """An event line (a lazy string, or a function that puts it into words) in the organisation's language."""
    with speaking_to():
        return text() if callable(text) else str(text)


def add_event(ask: Ask, text, *, actor=None, now: datetime | None = None) -> AskReply:
    """An EVENT reply (plain text, shown escaped), oldest-first in the thread like every reply."""
    words = event_words(text)
    event = AskReply(ask=ask, kind=ReplyKind.EVENT, author_id=getattr(actor, "id", None), body=words,
                     created_at=now or utcnow())
    db.session.add(event)
    return event
