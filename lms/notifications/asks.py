"""Notifications about asks (issue 13): who is told what, in the app and by email.

Every event is an in-app notification (a dedupe key per event and person); emails follow
each person's ``thread_emails`` choice through ``tell_about_thread`` (at most one email per
thread per digest day, held back during quiet hours). See docs/notifications.md.
"""
from __future__ import annotations

from sqlalchemy import select

from lms.asks import routing
from lms.asks.models import Ask, AskRating
from lms.auth.models import User
from lms.database import as_utc
from lms.extensions import db
from lms.notifications.services import tell_about_thread

RATING_WORDS = {AskRating.HELPFUL: "helpful", AskRating.SOMEWHAT: "somewhat helpful",
                AskRating.NOT_HELPFUL: "not helpful"}


# --- Who an open ask is offered to -------------------------------------------------------

def offered_to(ask: Ask) -> list[User]:
    """The active people of the ask's stage, as routing defines them (``lms.asks.routing``):
    the learner's own mentors, then the cohort's mentors with the ask's skill (all of them
    when it has none or nobody has it), then the admins."""
    ids = routing.audience_ids(ask)
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids), User.is_active.is_(True))
                                   .order_by(User.id)))


def _stamp(moment) -> str:
    return as_utc(moment).isoformat() if moment is not None else "-"


def _excerpt(text: str, limit: int = 400) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


# --- Receivers (connected in ``connect``) ------------------------------------------------

def on_ask_offered(ask: Ask, *, why: str = "", **_) -> None:
    learner = ask.user
    for mentor in offered_to(ask):
        if mentor.id != learner.id:
            tell_about_thread(mentor, ask, f"{learner.name} asks: “{ask.title}”", body=why,
                              dedupe_key=f"ask-offered:{ask.id}:{ask.stage.value}:{_stamp(ask.offered_at)}:{mentor.id}")


def on_ask_opened(ask: Ask, **_) -> None:
    on_ask_offered(ask)


def on_ask_claimed(ask: Ask, *, actor, **_) -> None:
    tell_about_thread(ask.user, ask, f"{actor.name} is answering your ask “{ask.title}”",
                      dedupe_key=f"ask-claimed:{ask.id}:{actor.id}:{_stamp(ask.claimed_at)}")


def on_ask_replied(reply, *, ask: Ask, actor, **_) -> None:
    excerpt = _excerpt(reply.body)
    if actor.id == ask.user_id:
        to = [ask.mentor] if ask.mentor_id is not None else offered_to(ask)
        title = f"{actor.name} replied on “{ask.title}”"
    else:
        to = [ask.user] + ([ask.mentor] if ask.mentor_id not in (None, actor.id) else [])
        title = f"{actor.name} replied on your ask “{ask.title}”"
    for person in to:
        if person is not None and person.id != actor.id:
            tell_about_thread(person, ask, title, body=excerpt, dedupe_key=f"ask-reply:{reply.id}:{person.id}")


def on_ask_handed_over(ask: Ask, *, from_mentor, to_mentor, actor, note: str = "", **_) -> None:
    # An admin may hand over an ask nobody held: then they are the one who handed it.
    giver = from_mentor or actor
    key = f"ask-handover:{ask.id}:{to_mentor.id}:{_stamp(ask.waiting_since)}"
    tell_about_thread(to_mentor, ask, f"{giver.name} handed you “{ask.title}” ({ask.user.name}’s ask)",
                      body=note, dedupe_key=f"{key}:{to_mentor.id}")
    tell_about_thread(ask.user, ask, f"Your ask “{ask.title}” is now with {to_mentor.name}",
                      dedupe_key=f"{key}:{ask.user_id}")


def on_ask_resolved(ask: Ask, *, actor, **_) -> None:
    if ask.mentor is not None and ask.mentor_id != actor.id:
        tell_about_thread(ask.mentor, ask, f"{ask.user.name} closed “{ask.title}”",
                          dedupe_key=f"ask-resolved:{ask.id}:{ask.mentor_id}")
    if ask.user_id != actor.id:
        tell_about_thread(ask.user, ask, f"{actor.name} marked your ask “{ask.title}” resolved; how helpful was it?",
                          dedupe_key=f"ask-resolved:{ask.id}:{ask.user_id}")


def on_ask_rated(ask: Ask, **_) -> None:
    if ask.mentor is None or ask.rating is None:
        return
    tell_about_thread(ask.mentor, ask, f"{ask.user.name} found your help on “{ask.title}” {RATING_WORDS[ask.rating]}",
                      body=ask.thanks_note, dedupe_key=f"ask-rated:{ask.id}:{ask.mentor_id}")


def on_ask_waiting(ask: Ask, *, waiting_on, days: int, nudge: int, **_) -> None:
    if waiting_on.id == ask.user_id:
        who = ask.mentor.name if ask.mentor is not None else "Your mentor"
        title = f"{who} is waiting for your reply on “{ask.title}” ({days} days)"
    else:
        title = f"{ask.user.name} has waited {days} days for your answer on “{ask.title}”"
    tell_about_thread(waiting_on, ask, title,
                      dedupe_key=f"ask-nudge:{ask.id}:{waiting_on.id}:{_stamp(ask.waiting_since)}:{nudge}")


def on_ask_timed_out(ask: Ask, *, back_in_queue: bool, mentor=None, **_) -> None:
    mentor = mentor or ask.mentor
    key = f"ask-timeout:{ask.id}:{_stamp(ask.waiting_since)}:{int(back_in_queue)}"
    if back_in_queue:
        to_learner = f"Your ask “{ask.title}” is back in the queue: other mentors can pick it up"
        to_mentor = f"“{ask.title}” went back to the queue: it waited too long for your answer"
    else:
        to_learner = f"Your ask “{ask.title}” timed out; reply in the thread to open it again"
        to_mentor = f"“{ask.title}” timed out: {ask.user.name} did not reply"
    tell_about_thread(ask.user, ask, to_learner, dedupe_key=f"{key}:{ask.user_id}")
    if mentor is not None:
        tell_about_thread(mentor, ask, to_mentor, dedupe_key=f"{key}:{mentor.id}")


def connect(signals) -> None:
    signals.ask_opened.connect(on_ask_opened)
    signals.ask_offered.connect(on_ask_offered)
    signals.ask_claimed.connect(on_ask_claimed)
    signals.ask_replied.connect(on_ask_replied)
    signals.ask_handed_over.connect(on_ask_handed_over)
    signals.ask_resolved.connect(on_ask_resolved)
    signals.ask_rated.connect(on_ask_rated)
    signals.ask_waiting.connect(on_ask_waiting)
    signals.ask_timed_out.connect(on_ask_timed_out)
