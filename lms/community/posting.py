"""Writing in a space: opening a topic, replying, editing one's post.

Services flush but never commit; the caller commits once. A replayed ``client_key`` (a
double-click, a resent form) returns what the first one made. The views call ``count_post``
first: posting counts against ``COMMUNITY_POSTS_PER_MINUTE`` / ``COMMUNITY_POSTS_PER_HOUR``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from lms import permissions, ratelimit, signals
from lms.community import conduct, files as post_files, follows, mentions
from lms.community.errors import CommunityError, InvalidPost, StaleEdit, TooManyPosts
from lms.community.models import Post, Space, Topic, TopicKind
from lms.community.topics import recount
from lms.database import utcnow
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.rendering import render_user_markdown
from lms.text import single_line
from lms.tracks.models import Lesson

TITLE_MAX_CHARS = 200
BODY_MAX_CHARS = 20_000


@dataclass
class PostData:
    body: str
    client_key: str | None = None
    files: list[post_files.UploadedFile] = field(default_factory=list)
    agreed: bool = False  # ticked "I agree" to the code of conduct


@dataclass
class TopicData(PostData):
    title: str = ""
    kind: TopicKind = TopicKind.DISCUSSION
    lesson_id: int | None = None


def _check_body(body: str, errors: dict) -> None:
    if not (body or "").strip():
        errors.setdefault("body", []).append(gettext("Write your message."))
    elif len(body) > BODY_MAX_CHARS:
        errors.setdefault("body", []).append(gettext(
            "Keep it under %(max)s characters (this has %(length)s).",
            max=format_number(BODY_MAX_CHARS), length=format_number(len(body))))


def _check_post(data: PostData, errors: dict) -> list:
    _check_body(data.body, errors)
    checked, file_errors = post_files.check(data.files)
    if file_errors:
        errors["files"] = file_errors
    return checked


def count_post(actor_id: int) -> None:
    """Count one post against the person's limits; refuse beyond them. Call it before anything
    is written in the transaction (the database counter commits on its own connection)."""
    config = current_app.config
    for window, limit in ((60, config["COMMUNITY_POSTS_PER_MINUTE"]), (3600, config["COMMUNITY_POSTS_PER_HOUR"])):
        key = f"community-post:{window}:{actor_id}"
        if ratelimit.attempt(key, window).count > limit:
            ratelimit.undo(key)
            raise TooManyPosts(gettext("You are posting very quickly. Wait a minute, then send it again: "
                                          "your text is kept."))


def _new_post(topic: Topic, data: PostData, checked: list, actor, now) -> Post:
    post = Post(topic=topic, author_id=actor.id, body=data.body, body_html=render_user_markdown(data.body),
                client_key=data.client_key, created_at=now)
    db.session.add(post)
    db.session.flush()
    post_files.attach(post, checked)
    follows.follow(topic, actor.id)
    mentioned = mentions.mentioned_users(topic.space, data.body, exclude=actor.id)
    for person in mentioned:
        follows.follow(topic, person.id)
    recount(topic)
    signals.post_created.send(post, actor=actor, mentioned=mentioned)
    return post


def find_post(client_key: str | None) -> Post | None:
    return db.session.scalar(select(Post).where(Post.client_key == client_key)) if client_key else None


def find_topic(client_key: str | None) -> Topic | None:
    return db.session.scalar(select(Topic).where(Topic.client_key == client_key)) if client_key else None


def open_topic(space: Space, data: TopicData, actor) -> Topic:
    """A member opens a topic with its first post; the author follows it."""
    existing = find_topic(data.client_key)
    if existing is not None:
        if existing.author_id != actor.id:
            raise CommunityError(gettext("Reload the page and try again."))
        return existing
    if not permissions.can_post_in_space(actor, space):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    data.title = single_line(data.title or "").strip()
    if not data.title:
        errors["title"] = [gettext("Give your topic a short title.")]
    elif len(data.title) > TITLE_MAX_CHARS:
        errors["title"] = [gettext("Keep the title under %(max)s characters.", max=format_number(TITLE_MAX_CHARS))]
    if data.lesson_id is not None:
        lesson = db.session.get(Lesson, data.lesson_id)
        if lesson is None or lesson.track_id != space.track_id:
            errors["lesson_id"] = [gettext("Choose a lesson of this track.")]
    checked = _check_post(data, errors)
    if errors:
        raise InvalidPost(errors)
    conduct.require_agreement(actor.id, space.track_id, data.agreed)
    now = utcnow()
    topic = Topic(space=space, author_id=actor.id, title=data.title, kind=TopicKind(data.kind),
                  lesson_id=data.lesson_id, client_key=data.client_key, created_at=now, last_post_at=now)
    db.session.add(topic)
    db.session.flush()
    _new_post(topic, PostData(body=data.body, client_key=None), checked, actor, now)
    return topic


def reply(topic: Topic, data: PostData, actor) -> Post:
    """A member replies at the end of the topic."""
    existing = find_post(data.client_key)
    if existing is not None:
        if existing.author_id != actor.id or existing.topic_id != topic.id:
            raise PermissionDenied()
        return existing
    if not permissions.can_reply_to_topic(actor, topic):
        if topic.is_locked and permissions.can_view_topic(actor, topic):
            raise CommunityError(gettext("This topic is locked: no new replies."))
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    checked = _check_post(data, errors)
    if errors:
        raise InvalidPost(errors)
    conduct.require_agreement(actor.id, topic.space.track_id, data.agreed)
    return _new_post(topic, data, checked, actor, utcnow())


def edit_post(post: Post, body: str, version: int, actor) -> Post:
    """The author (or a moderator) changes a post; an edit of an older version is refused."""
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied()
    if version != post.version:
        raise StaleEdit(gettext("This post changed since you opened it. Your text is below: compare, then save again."))
    errors: dict[str, list[str]] = {}
    _check_body(body, errors)
    if errors:
        raise InvalidPost(errors)
    post.body, post.body_html, post.edited_at = body, render_user_markdown(body), utcnow()
    db.session.flush()
    return post
