"""Nudges and time-outs of open asks (periodic, ``asks.nudges``; docs/notifications.md).

Whose turn it is: a thread waiting on the learner (awaiting_learner) waits on the learner; one
waiting on a mentor who holds it (awaiting_mentor with ``mentor_id``) waits on that mentor; an
open ask nobody holds is in the queue and waits on nobody in particular (routing moves it on).

- **Nudges**: when the wait crosses one of the cohort's ``ask_nudge_days`` ("2,5,9"),
  ``ask_waiting`` is sent once for it. ``nudges_sent`` counts the days crossed; a conditional
  UPDATE on (``nudges_sent``, ``waiting_since``, ``state``, ``mentor_id``) claims each nudge, so
  two processes never nudge twice and a reply that lands meanwhile wins. After an outage that
  crossed several days at once, one reminder is sent (numbered for the last day crossed).
- **Time-outs** after ``ask_timeout_days``: a thread waiting on the learner becomes timed out;
  a learner waiting on a silent mentor gets the ask back in the queue, offered from the skill
  stage onwards (never back to the learner's own mentors, so the silent mentor is not asked
  first again), with its place in the queue (``waiting_since``) kept. Both write an EVENT reply
  and send ``ask_timed_out``; back in the queue also sends ``ask_offered``. The change bumps
  ``version`` with a conditional UPDATE first, so a concurrent claim or reply wins or loses
  cleanly.

A mentor's wait is counted from the later of ``waiting_since`` and ``claimed_at``: a mentor who
just claimed an ask that waited long is not sent back at once.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_ngettext
from markupsafe import escape
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from lms import signals
from lms.asks.events import event_words
from lms.asks.models import OPEN_STATES, Ask, AskReply, AskStage, AskState, ReplyKind
from lms.asks.states import transition
from lms.database import as_utc, utcnow
from lms.extensions import db

DAY = timedelta(days=1)


def nudge_days(text: str) -> list[int]:
    """The cohort's reminder days ("2,5,9") as sorted whole days; anything else is ignored."""
    days = {int(part) for part in (text or "").replace(" ", "").split(",") if part.isdigit()}
    return sorted(day for day in days if day > 0)


def waiting_on(ask: Ask):
    """The person the thread waits on, or None (an open ask in the queue)."""
    if ask.state == AskState.AWAITING_LEARNER:
        return ask.user
    if ask.state == AskState.AWAITING_MENTOR and ask.mentor_id is not None:
        return ask.mentor
    return None


def wait_started(ask: Ask) -> datetime:
    started = as_utc(ask.waiting_since)
    if ask.state == AskState.AWAITING_MENTOR and ask.claimed_at is not None:
        started = max(started, as_utc(ask.claimed_at))
    return started


def run_nudges(now: datetime | None = None) -> int:
    """Periodic: send the reminders due and time out threads that waited too long; how many acted on."""
    now = now or utcnow()
    asks = db.session.scalars(
        select(Ask).where(Ask.state.in_(OPEN_STATES), Ask.waiting_since <= now - DAY,
                          or_(Ask.state == AskState.AWAITING_LEARNER, Ask.mentor_id.is_not(None)))
        .options(selectinload(Ask.cohort), selectinload(Ask.user), selectinload(Ask.mentor))
        .order_by(Ask.waiting_since, Ask.id)).all()
    acted = 0
    for ask in asks:
        person = waiting_on(ask)
        if person is None:
            continue
        days = int((now - wait_started(ask)) / DAY)
        if days >= ask.cohort.ask_timeout_days:
            acted += _time_out(ask, days, now)
        else:
            acted += _nudge(ask, person, days)
    db.session.flush()
    return acted


def _nudge(ask: Ask, person, days: int) -> bool:
    due = sum(1 for day in nudge_days(ask.cohort.ask_nudge_days) if day <= days)
    if due <= ask.nudges_sent or not person.is_active:
        return False
    claimed = db.session.execute(
        update(Ask).where(Ask.id == ask.id, Ask.nudges_sent == ask.nudges_sent, Ask.state == ask.state,
                          Ask.waiting_since == ask.waiting_since,
                          Ask.mentor_id.is_(None) if ask.mentor_id is None else Ask.mentor_id == ask.mentor_id)
        .values(nudges_sent=due).execution_options(synchronize_session=False)).rowcount == 1
    if not claimed:
        db.session.expire(ask)
        return False
    set_committed_value(ask, "nudges_sent", due)
    signals.ask_waiting.send(ask, waiting_on=person, days=days, nudge=due)
    return True


def _claim(ask: Ask) -> bool:
    """Take the ask for this change if nobody changed it since it was read (bumps ``version``)."""
    claimed = db.session.execute(
        update(Ask).where(Ask.id == ask.id, Ask.version == ask.version)
        .values(version=ask.version + 1).execution_options(synchronize_session=False)).rowcount == 1
    if claimed:
        set_committed_value(ask, "version", ask.version + 1)
    else:
        db.session.expire(ask)
    return claimed


def _time_out(ask: Ask, days: int, now: datetime) -> bool:
    if not _claim(ask):
        return False
    if ask.state == AskState.AWAITING_LEARNER:
        transition(ask, AskState.TIMED_OUT, now=now)
        _event(ask, lazy_ngettext("Timed out: no reply from the learner in %(num)d day.",
                                  "Timed out: no reply from the learner in %(num)d days.", days), now)
        db.session.flush()
        signals.ask_timed_out.send(ask, back_in_queue=False, mentor=ask.mentor)
        return True
    mentor = ask.mentor
    ask.mentor_id, ask.claimed_at, ask.nudges_sent, ask.offered_at = None, None, 0, now
    if ask.stage == AskStage.OWN_MENTORS:
        ask.stage = AskStage.SKILL_MENTORS
    if mentor is not None:
        text = lazy_ngettext("Back in the queue: no answer from %(name)s in %(num)d day.",
                             "Back in the queue: no answer from %(name)s in %(num)d days.", days, name=mentor.name)
    else:
        text = lazy_ngettext("Back in the queue: no answer from the mentor in %(num)d day.",
                             "Back in the queue: no answer from the mentor in %(num)d days.", days)
    _event(ask, text, now)
    db.session.flush()
    signals.ask_timed_out.send(ask, back_in_queue=True, mentor=mentor)
    signals.ask_offered.send(ask, why="back in the queue")
    return True


def _event(ask: Ask, text, now: datetime) -> None:
    text = event_words(text)
    db.session.add(AskReply(ask_id=ask.id, author_id=None, kind=ReplyKind.EVENT, body=text,
                            body_html=f"<p>{escape(text)}</p>",
                            created_at=now))
