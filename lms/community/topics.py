"""Topic counters, accepted answers and following.

``recount(topic)`` sets ``post_count`` and ``last_post_at`` from the visible posts: call
it after anything that adds, hides or shows a post (moderation calls it after a hide).
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import func, select, update

from lms import permissions, signals
from lms.community.errors import CommunityError
from lms.community.models import Post, Topic, TopicKind
from lms.errors import PermissionDenied
from lms.extensions import db


def recount(topic: Topic) -> None:
    """``post_count`` and ``last_post_at`` over the topic's visible posts.

    The topic row is locked first, so a concurrent reply's count (a new statement, a new
    snapshot) includes the other's committed post. No version bump: replying at the same
    moment as a moderator's pin or lock conflicts with neither."""
    db.session.flush()
    db.session.execute(select(Topic.id).where(Topic.id == topic.id).with_for_update())
    visible = (Post.topic_id == topic.id, Post.is_hidden.is_(False))
    db.session.execute(update(Topic).where(Topic.id == topic.id).values(
        post_count=select(func.count(Post.id)).where(*visible).scalar_subquery(),
        last_post_at=func.coalesce(select(func.max(Post.created_at)).where(*visible).scalar_subquery(),
                                   Topic.created_at)).execution_options(synchronize_session=False))
    db.session.expire(topic, ["post_count", "last_post_at"])


def first_post_id(topic: Topic) -> int | None:
    return db.session.scalar(select(Post.id).where(Post.topic_id == topic.id)
                             .order_by(Post.created_at, Post.id).limit(1))


def accept_answer(post: Post, actor) -> None:
    """The asker (or a moderator) accepts ``post`` as the answer; an earlier one stops being it."""
    topic = post.topic
    if not permissions.can_accept_answer(actor, topic):
        raise PermissionDenied()
    if topic.kind != TopicKind.QUESTION:
        raise CommunityError(gettext("Only a question has an accepted answer."))
    if post.is_hidden or post.id == first_post_id(topic):
        raise CommunityError(gettext("Choose one of the replies as the answer."))
    if post.is_accepted:
        return
    # One statement each, in order: the partial unique index allows one accepted post.
    db.session.execute(update(Post).where(Post.topic_id == topic.id, Post.is_accepted.is_(True))
                       .values(is_accepted=False, version=Post.version + 1)
                       .execution_options(synchronize_session="fetch"))
    post.is_accepted = True
    db.session.flush()
    signals.answer_accepted.send(topic, post=post, actor=actor)


def unaccept(topic: Topic, actor) -> None:
    if not permissions.can_accept_answer(actor, topic):
        raise PermissionDenied()
    db.session.execute(update(Post).where(Post.topic_id == topic.id, Post.is_accepted.is_(True))
                       .values(is_accepted=False, version=Post.version + 1)
                       .execution_options(synchronize_session="fetch"))
    db.session.flush()
