"""Ask and reply rows written directly (for nudges and notifications, without the asks services)."""
from __future__ import annotations

from datetime import datetime

from markupsafe import escape

from lms.asks.models import Ask, AskReply, AskStage, AskState, ReplyKind
from lms.asks.states import transition
from lms.database import utcnow
from lms.extensions import db

# The states an ask passes through to reach each state (every change goes through ``transition``).
_PATH = {AskState.AWAITING_MENTOR: (),
         AskState.AWAITING_LEARNER: (AskState.AWAITING_LEARNER,),
         AskState.RESOLVED: (AskState.RESOLVED,),
         AskState.TIMED_OUT: (AskState.AWAITING_LEARNER, AskState.TIMED_OUT)}


def make_ask(enrollment, *, title: str = "Is my pricing table clear?", state: AskState = AskState.AWAITING_MENTOR,
             stage: AskStage = AskStage.OWN_MENTORS, mentor=None, skill: str = "",
             waiting_since: datetime | None = None, claimed_at: datetime | None = None,
             offered_at: datetime | None = None, commit: bool = True, **fields) -> Ask:
    """An ask of ``enrollment``'s learner; ``mentor`` is the one holding it (or None: in the queue)."""
    since = waiting_since or utcnow()
    ask = Ask(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, user_id=enrollment.user_id, title=title,
              body="Here is my **table**.", body_html="<p>Here is my <strong>table</strong>.</p>", skill=skill,
              stage=stage, mentor_id=mentor.id if mentor is not None else None, claimed_at=claimed_at,
              waiting_since=since, offered_at=offered_at or since, created_at=since, **fields)
    transition(ask, AskState.AWAITING_MENTOR)
    for step in _PATH[state]:
        transition(ask, step, now=since)
    db.session.add(ask)
    db.session.flush()
    if commit:
        db.session.commit()
    return ask


def make_reply(ask: Ask, author, *, body: str = "Here is what I would change.", kind: ReplyKind = ReplyKind.REPLY,
               commit: bool = True) -> AskReply:
    reply = AskReply(ask_id=ask.id, author_id=author.id if author is not None else None, kind=kind, body=body,
                     body_html=f"<p>{escape(body)}</p>")
    db.session.add(reply)
    db.session.flush()
    if commit:
        db.session.commit()
    return reply
