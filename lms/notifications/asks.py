"""Notifications about asks (issue 13): who is told what, in the app and by email.

Every event is an in-app notification (a dedupe key per event and person); emails follow
each person's ``thread_emails`` choice through ``tell_about_thread`` (at most one email per
thread per digest day, held back during quiet hours). See docs/notifications.md.
"""
from __future__ import annotations

from flask_babel import gettext, ngettext
from sqlalchemy import select

from lms.asks import routing
from lms.asks.models import Ask, AskRating
from lms.auth.models import User
from lms.database import as_utc
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.notifications.services import tell_about_thread


def _rated_title(ask: Ask) -> str:
    """What the mentor reads when the learner rated their help (one whole sentence per rating)."""
    if ask.rating == AskRating.HELPFUL:
        return gettext("%(name)s found your help on “%(ask)s” helpful", name=ask.user.name, ask=ask.title)
    if ask.rating == AskRating.SOMEWHAT:
        return gettext("%(name)s found your help on “%(ask)s” somewhat helpful", name=ask.user.name, ask=ask.title)
    return gettext("%(name)s found your help on “%(ask)s” not helpful", name=ask.user.name, ask=ask.title)


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
            with speaking_to(mentor):
                tell_about_thread(mentor, ask, gettext("%(name)s asks: “%(ask)s”", name=learner.name, ask=ask.title),
                                  body=why, dedupe_key=f"ask-offered:{ask.id}:{ask.stage.value}:"
                                                       f"{_stamp(ask.offered_at)}:{mentor.id}")


def on_ask_opened(ask: Ask, **_) -> None:
    on_ask_offered(ask)


def on_ask_claimed(ask: Ask, *, actor, **_) -> None:
    with speaking_to(ask.user):
        tell_about_thread(ask.user, ask, gettext("%(name)s is answering your ask “%(ask)s”", name=actor.name,
                                                 ask=ask.title),
                          dedupe_key=f"ask-claimed:{ask.id}:{actor.id}:{_stamp(ask.claimed_at)}")


def on_ask_replied(reply, *, ask: Ask, actor, **_) -> None:
    excerpt = _excerpt(reply.body)
    by_learner = actor.id == ask.user_id
    if by_learner:
        to = [ask.mentor] if ask.mentor_id is not None else offered_to(ask)
    else:
        to = [ask.user] + ([ask.mentor] if ask.mentor_id not in (None, actor.id) else [])
    for person in to:
        if person is not None and person.id != actor.id:
            with speaking_to(person):
                title = (gettext("%(name)s replied on “%(ask)s”", name=actor.name, ask=ask.title) if by_learner
                         else gettext("%(name)s replied on your ask “%(ask)s”", name=actor.name, ask=ask.title))
                tell_about_thread(person, ask, title, body=excerpt, dedupe_key=f"ask-reply:{reply.id}:{person.id}")


def on_ask_handed_over(ask: Ask, *, from_mentor, to_mentor, actor, note: str = "", **_) -> None:
    # An admin may hand over an ask nobody held: then they are the one who handed it.
    giver = from_mentor or actor
    key = f"ask-handover:{ask.id}:{to_mentor.id}:{_stamp(ask.waiting_since)}"
    with speaking_to(to_mentor):
        tell_about_thread(to_mentor, ask, gettext("%(name)s handed you “%(ask)s” (%(learner)s’s ask)", name=giver.name,
                                                  ask=ask.title, learner=ask.user.name),
                          body=note, dedupe_key=f"{key}:{to_mentor.id}")
    with speaking_to(ask.user):
        tell_about_thread(ask.user, ask, gettext("Your ask “%(ask)s” is now with %(name)s", ask=ask.title,
                                                 name=to_mentor.name),
                          dedupe_key=f"{key}:{ask.user_id}")


def on_ask_resolved(ask: Ask, *, actor, **_) -> None:
    if ask.mentor is not None and ask.mentor_id != actor.id:
        with speaking_to(ask.mentor):
            tell_about_thread(ask.mentor, ask, gettext("%(name)s closed “%(ask)s”", name=ask.user.name, ask=ask.title),
                              dedupe_key=f"ask-resolved:{ask.id}:{ask.mentor_id}")
    if ask.user_id != actor.id:
        with speaking_to(ask.user):
            tell_about_thread(ask.user, ask, gettext("%(name)s marked your ask “%(ask)s” resolved; how helpful was it?",
                                                     name=actor.name, ask=ask.title),
                              dedupe_key=f"ask-resolved:{ask.id}:{ask.user_id}")


def on_ask_rated(ask: Ask, **_) -> None:
    if ask.mentor is None or ask.rating is None:
        return
    with speaking_to(ask.mentor):
        tell_about_thread(ask.mentor, ask, _rated_title(ask), body=ask.thanks_note,
                          dedupe_key=f"ask-rated:{ask.id}:{ask.mentor_id}")


def on_ask_waiting(ask: Ask, *, waiting_on, days: int, nudge: int, **_) -> None:
    with speaking_to(waiting_on):
        if waiting_on.id != ask.user_id:
            title = ngettext("%(name)s has waited %(num)d day for your answer on “%(ask)s”",
                             "%(name)s has waited %(num)d days for your answer on “%(ask)s”", days,
                             name=ask.user.name, ask=ask.title)
        elif ask.mentor is not None:
            title = ngettext("%(name)s is waiting for your reply on “%(ask)s” (%(num)d day)",
                             "%(name)s is waiting for your reply on “%(ask)s” (%(num)d days)", days,
                             name=ask.mentor.name, ask=ask.title)
        else:
            title = ngettext("Your mentor is waiting for your reply on “%(ask)s” (%(num)d day)",
                             "Your mentor is waiting for your reply on “%(ask)s” (%(num)d days)", days, ask=ask.title)
        tell_about_thread(waiting_on, ask, title,
                          dedupe_key=f"ask-nudge:{ask.id}:{waiting_on.id}:{_stamp(ask.waiting_since)}:{nudge}")


def on_ask_timed_out(ask: Ask, *, back_in_queue: bool, mentor=None, **_) -> None:
    mentor = mentor or ask.mentor
    key = f"ask-timeout:{ask.id}:{_stamp(ask.waiting_since)}:{int(back_in_queue)}"
    with speaking_to(ask.user):
        to_learner = (gettext("Your ask “%(ask)s” is back in the queue: other mentors can pick it up", ask=ask.title)
                      if back_in_queue else
                      gettext("Your ask “%(ask)s” timed out; reply in the thread to open it again", ask=ask.title))
        tell_about_thread(ask.user, ask, to_learner, dedupe_key=f"{key}:{ask.user_id}")
    if mentor is not None:
        with speaking_to(mentor):
            to_mentor = (gettext("“%(ask)s” went back to the queue: it waited too long for your answer", ask=ask.title)
                         if back_in_queue else
                         gettext("“%(ask)s” timed out: %(name)s did not reply", ask=ask.title, name=ask.user.name))
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
