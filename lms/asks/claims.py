"""Claiming an ask, giving it back, and handing it to another mentor.

A claim is a lock: ``mentor_id`` with ``claimed_at``, live for ``ASK_CLAIM_MINUTES``
unless the mentor replies (a reply clears ``claimed_at``: the mentor then holds the
thread). Two mentors claiming at once: the ask's ``version`` column lets exactly one win.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions, signals
from lms.asks.errors import AlreadyClaimed, AskError, TooManyClaims
from lms.asks.events import add_event
from lms.asks.models import Ask, AskReply, AskState, ReplyKind
from lms.audit.services import record
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.rendering import render_user_markdown

NOTE_MAX_CHARS = 2000


def claim_minutes() -> int:
    return current_app.config["ASK_CLAIM_MINUTES"]


def claim_is_live(ask: Ask, now: datetime | None = None) -> bool:
    """A claim (nobody replied yet) younger than ``ASK_CLAIM_MINUTES``."""
    return bool(ask.mentor_id and ask.claimed_at
                and (now or utcnow()) < ask.claimed_at + timedelta(minutes=claim_minutes()))


def claim_expired(ask: Ask, now: datetime | None = None) -> bool:
    return bool(ask.mentor_id and ask.claimed_at and not claim_is_live(ask, now))


def holder_id(ask: Ask, now: datetime | None = None) -> int | None:
    """Who holds the ask now: the mentor of a live claim or the thread's mentor (None: open)."""
    if ask.mentor_id is None or claim_expired(ask, now):
        return None
    return ask.mentor_id


def live_claim_count(mentor_id: int, now: datetime | None = None) -> int:
    """Unanswered, unexpired claims held by ``mentor_id``."""
    cutoff = (now or utcnow()) - timedelta(minutes=claim_minutes())
    return db.session.scalar(select(func.count(Ask.id)).where(
        Ask.mentor_id == mentor_id, Ask.state == AskState.AWAITING_MENTOR, Ask.claimed_at > cutoff)) or 0


def flush_or_lost() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise AlreadyClaimed(gettext("Someone else changed this ask at the same moment (a claim or a reply). "
                                     "Look at it again.")) from None


def return_expired_claim(ask: Ask, now: datetime | None = None) -> None:
    """An unanswered claim ran out: the ask is open again for its stage."""
    mentor = ask.mentor
    ask.mentor_id, ask.claimed_at = None, None
    add_event(ask, lazy_gettext("%(name)s’s claim expired; the ask is back in the queue.", name=mentor.name)
              if mentor else lazy_gettext("The mentor’s claim expired; the ask is back in the queue."), now=now)
    flush_or_lost()
    record(None, "ask_claim_expired", ask, mentor=getattr(mentor, "id", None))
    signals.ask_offered.send(ask, why="the claim expired")


def claim(ask: Ask, mentor, now: datetime | None = None) -> None:
    """Take an ask waiting on a mentor; renew one's own live claim; refuse while someone else holds it."""
    now = now or utcnow()
    if not permissions.can_answer_ask(mentor, ask):
        raise AskError(gettext("Only the cohort’s mentors can claim this ask."))
    if ask.state != AskState.AWAITING_MENTOR:
        raise AskError(gettext("This ask is not waiting for a mentor."))
    holder = holder_id(ask, now)
    if holder == mentor.id:
        if ask.claimed_at is not None:
            ask.claimed_at = now
            flush_or_lost()
        return
    if holder is not None:
        raise AlreadyClaimed(gettext("%(name)s holds this ask.", name=ask.mentor.name))
    if claim_expired(ask, now):
        return_expired_claim(ask, now)
    limit = current_app.config["ASK_MAX_CLAIMS"]
    if live_claim_count(mentor.id, now) >= limit:
        raise TooManyClaims(ngettext("You already hold %(num)d unanswered ask, the most at once: "
                                     "answer or release it before claiming another.",
                                     "You already hold %(num)d unanswered asks, the most at once: "
                                     "answer or release one before claiming another.", limit))
    ask.mentor_id, ask.claimed_at = mentor.id, now
    flush_or_lost()
    record(mentor, "ask_claimed", ask)
    signals.ask_claimed.send(ask, actor=mentor)


def release(ask: Ask, actor, now: datetime | None = None) -> None:
    """The holder (or an admin) gives the ask back: open again for its stage."""
    if ask.mentor_id is None or ask.state not in (AskState.AWAITING_MENTOR, AskState.AWAITING_LEARNER):
        raise AskError(gettext("Nobody holds this ask."))
    if not permissions.can_release_ask(actor, ask):
        raise AskError(gettext("Only the mentor holding this ask can give it back."))
    mentor_id = ask.mentor_id
    ask.mentor_id, ask.claimed_at = None, None
    add_event(ask, lazy_gettext("%(name)s gave the ask back to the queue.", name=actor.name), actor=actor, now=now)
    flush_or_lost()
    record(actor, "ask_released", ask, mentor=mentor_id)
    if ask.state == AskState.AWAITING_MENTOR:
        signals.ask_offered.send(ask, why="given back to the queue")


def hand_over(ask: Ask, to_mentor, note: str, actor, now: datetime | None = None) -> AskReply:
    """The holder (or an admin) hands the ask to another active mentor of the cohort, with a note."""
    now = now or utcnow()
    if ask.state not in (AskState.AWAITING_MENTOR, AskState.AWAITING_LEARNER):
        raise AskError(gettext("Only an open ask can be handed over."))
    if holder_id(ask, now) != actor.id and not permissions.is_admin(actor):
        raise AskError(gettext("Only the mentor holding this ask can hand it over."))
    if to_mentor is None or to_mentor.id in (actor.id, ask.user_id, ask.mentor_id) \
            or not permissions.is_mentor_of(to_mentor, ask.cohort):
        raise AskError(gettext("Choose another active mentor of this cohort."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise AskError(gettext("Keep the note under %(limit)s characters.", limit=format_number(NOTE_MAX_CHARS)))
    from_mentor = ask.mentor
    ask.mentor_id = to_mentor.id
    if ask.claimed_at is not None or ask.first_response_at is None:
        ask.claimed_at = now  # an unanswered ask: the new mentor's claim, which expires like any claim
    ask.waiting_since, ask.nudges_sent = now, 0
    reply = AskReply(ask=ask, kind=ReplyKind.HANDOVER, author_id=actor.id, handed_to_id=to_mentor.id,
                     body=note, body_html=render_user_markdown(note), created_at=now)
    db.session.add(reply)
    flush_or_lost()
    record(actor, "ask_handed_over", ask, to_mentor=to_mentor.id, from_mentor=getattr(from_mentor, "id", None))
    signals.ask_handed_over.send(ask, from_mentor=from_mentor, to_mentor=to_mentor, note=note, actor=actor)
    return reply
