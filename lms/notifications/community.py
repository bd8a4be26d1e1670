"""Notifications about community spaces (issue 15): new posts and accepted answers.

Followers of a topic (never the author) and the people mentioned hear of a new post: in the
app always (``post:<post>:<person>``), by email as they chose for conversations (at most
one email per topic per digest day, held back during quiet hours; daily: in the digest).
A hidden post is never told about; when a post is hidden, what was not delivered yet about
it (notifications, digest entries, pending emails) is withdrawn.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import delete, select

from lms.auth.models import User
from lms.community import follows, spaces
from lms.community.models import Post, Topic
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.notifications import timing
from lms.notifications.models import Notification, ThreadEmails
from lms.notifications.services import _email, notify, path_for, preference_for
from lms.outbox import OutboxEmail, OutboxStatus

EXCERPT_CHARS = 400


def _excerpt(text: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"


def _visible(post: Post) -> bool:
    """Asked right before anything is written about the post."""
    db.session.refresh(post, ["is_hidden"])
    return not post.is_hidden and not post.topic.is_hidden


def tell_about_post(user: User, post: Post, title: str, *, body: str = "", dedupe_key: str) -> bool:
    """In the app always; by email per the person's ``thread_emails`` choice. False when told before."""
    if not user.is_active:
        return False
    topic = post.topic
    preference = preference_for(user.id)
    url = path_for("community.topic", topic_id=topic.id) + f"#post-{post.id}"
    daily = preference.thread_emails == ThreadEmails.DAILY
    if notify(user.id, "community", title, body=body, url=url, dedupe_key=dedupe_key, in_digest=daily) is None:
        return False
    if preference.thread_emails == ThreadEmails.IMMEDIATE:
        day = timing.digest_day(preference.digest_hour, user.timezone or "UTC", utcnow()).isoformat()
        prefix = f"topic:{topic.id}:{user.id}:{day}:"
        if db.session.scalar(select(OutboxEmail.id).where(OutboxEmail.dedupe_key.startswith(prefix)).limit(1)):
            return True  # emailed about this topic today: the rest waits in the app
        _email(user, "community", title, f"{prefix}post:{post.id}", preference=preference, title=title, body=body,
               url=url, topic=topic, settings_url=path_for("notifications.settings"))
    return True


def on_post_created(post: Post, *, actor, mentioned=(), **_) -> None:
    topic = post.topic
    excerpt = _excerpt(post.body)
    mentioned_ids = {person.id for person in mentioned}
    recipients = set(follows.follower_ids(topic)) | mentioned_ids
    recipients.discard(actor.id)
    if not recipients or not _visible(post):
        return
    # Only people who may (still) see the space: a withdrawn follower hears nothing.
    people = db.session.scalars(select(User).where(User.id.in_(recipients), User.id.in_(spaces.member_ids(topic.space)))
                                .order_by(User.id))
    for person in people:
        with speaking_to(person):
            title = (gettext("%(name)s mentioned you in “%(topic)s”", name=actor.name, topic=topic.title)
                     if person.id in mentioned_ids
                     else gettext("%(name)s posted in “%(topic)s”", name=actor.name, topic=topic.title))
            tell_about_post(person, post, title, body=excerpt, dedupe_key=f"post:{post.id}:{person.id}")


def on_answer_accepted(topic: Topic, *, post: Post, actor, **_) -> None:
    if post.author is None or post.author_id == actor.id or not _visible(post):
        return
    with speaking_to(post.author):
        tell_about_post(post.author, post, gettext("Your answer in “%(topic)s” was accepted", topic=topic.title),
                        dedupe_key=f"accepted:{post.id}:{post.author_id}")


def withdraw(post_ids) -> None:
    """Take back what was not delivered about these posts: notifications (and so digest
    entries) and emails still waiting in the outbox."""
    for post_id in post_ids:
        db.session.execute(delete(Notification).where(Notification.dedupe_key.like(f"post:{post_id}:%"))
                           .execution_options(synchronize_session=False))
        db.session.execute(delete(Notification).where(Notification.dedupe_key.like(f"accepted:{post_id}:%"))
                           .execution_options(synchronize_session=False))
        db.session.execute(delete(OutboxEmail).where(OutboxEmail.dedupe_key.endswith(f":post:{post_id}"),
                                                     OutboxEmail.status == OutboxStatus.PENDING)
                           .execution_options(synchronize_session=False))


def on_post_hidden(post: Post, **_) -> None:
    """A hidden post (or the topic it opens): withdraw it; a hidden topic takes all its posts."""
    ids = [post.id]
    if post.topic.is_hidden:
        ids = list(db.session.scalars(select(Post.id).where(Post.topic_id == post.topic_id)))
    withdraw(ids)


def connect(signals) -> None:
    signals.post_created.connect(on_post_created)
    signals.answer_accepted.connect(on_answer_accepted)
    signals.post_hidden.connect(on_post_hidden)
