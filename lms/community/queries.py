"""Reading spaces: the topic list, a topic's page of posts, a lesson's topics, answer counts.
Each is a fixed number of queries, whatever the number of topics or posts."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from lms.cohorts.models import Cohort
from lms.community import spaces
from lms.community.models import Post, Space, SpaceKind, Topic, TopicKind
from lms.database import alias
from lms.extensions import db

TOPICS_PER_PAGE = 25
LESSON_TOPICS_LIMIT = 8
FILTERS = ("all", "general", "unanswered")


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int


def _page_of(query, count_query, number: int, per_page: int) -> Page:
    total = db.session.scalar(count_query) or 0
    pages = max(1, math.ceil(total / per_page))
    number = min(max(number, 1), pages)
    items = list(db.session.scalars(query.offset((number - 1) * per_page).limit(per_page)).unique())
    return Page(items, number, pages, total)


def _unanswered():
    accepted = exists().where(Post.topic_id == Topic.id, Post.is_accepted.is_(True))
    return and_(Topic.kind == TopicKind.QUESTION, ~accepted)


def topics_page(space: Space, *, show_hidden: bool, filter_by: str = "all", lesson_id: int | None = None,
                number: int = 1) -> Page:
    """Pinned first, then by last activity; ``filter_by`` general / unanswered, or one lesson."""
    conditions = [Topic.space_id == space.id]
    if not show_hidden:
        conditions.append(Topic.is_hidden.is_(False))
    if lesson_id is not None:
        conditions.append(Topic.lesson_id == lesson_id)
    elif filter_by == "general":
        conditions.append(Topic.lesson_id.is_(None))
    elif filter_by == "unanswered":
        conditions.append(_unanswered())
    query = (select(Topic).where(*conditions).options(joinedload(Topic.author), joinedload(Topic.lesson))
             .order_by(Topic.is_pinned.desc(), Topic.last_post_at.desc(), Topic.id.desc()))
    return _page_of(query, select(func.count(Topic.id)).where(*conditions), number, TOPICS_PER_PAGE)


def answered_topic_ids(topic_ids: list[int]) -> set[int]:
    if not topic_ids:
        return set()
    return set(db.session.scalars(select(Post.topic_id).where(Post.topic_id.in_(topic_ids),
                                                              Post.is_accepted.is_(True))))


def _post_options():
    return (joinedload(Post.author), selectinload(Post.files))


def posts_page(topic: Topic, *, show_hidden: bool, number: int, per_page: int) -> Page:
    """Oldest first; the accepted answer is left out (the page shows it under the question)."""
    conditions = [Post.topic_id == topic.id, Post.is_accepted.is_(False)]
    if not show_hidden:
        conditions.append(Post.is_hidden.is_(False))
    query = select(Post).where(*conditions).options(*_post_options()).order_by(Post.created_at, Post.id)
    return _page_of(query, select(func.count(Post.id)).where(*conditions), number, per_page)


def accepted_answer(topic: Topic) -> Post | None:
    if topic.kind != TopicKind.QUESTION:
        return None
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.is_accepted.is_(True),
                                                Post.is_hidden.is_(False)).options(*_post_options()))


def lesson_topics(lesson, user, cohort_id: int | None, limit: int = LESSON_TOPICS_LIMIT) -> list[Topic]:
    """Visible topics about ``lesson`` in the reader's cohort space (``cohort_id``) and the
    track space, among the spaces ``user`` belongs to: newest activity first, at most
    ``limit``, one query."""
    track_space = and_(Space.kind == SpaceKind.TRACK, Space.track_id == lesson.track_id)
    cohort_space = Space.cohort_id == cohort_id if cohort_id is not None else None
    if not user.is_admin:
        mine = spaces.member_cohort_ids(user)
        in_track = select(Cohort.id).where(Cohort.track_id == lesson.track_id, Cohort.id.in_(mine))
        track_space = and_(track_space, exists(in_track))
        cohort_space = and_(cohort_space, Space.cohort_id.in_(mine)) if cohort_space is not None else None
    where = or_(track_space, cohort_space) if cohort_space is not None else track_space
    return list(db.session.scalars(
        select(Topic).join(Space, Space.id == Topic.space_id)
        .where(Topic.lesson_id == lesson.id, Topic.is_hidden.is_(False), where)
        .options(joinedload(Topic.space)).order_by(Topic.last_post_at.desc(), Topic.id.desc()).limit(limit)))


def topic_counts(space_ids: list[int]) -> dict[int, tuple[int, object]]:
    """Per space: visible topics and the latest activity (one query)."""
    if not space_ids:
        return {}
    rows = db.session.execute(select(Topic.space_id, func.count(Topic.id), func.max(Topic.last_post_at))
                              .where(Topic.space_id.in_(space_ids), Topic.is_hidden.is_(False))
                              .group_by(Topic.space_id)).all()
    return {space_id: (count, last) for space_id, count, last in rows}


def accepted_answers_by(user_ids) -> dict[int, int]:
    """Per person: their visible accepted answers in visible topics (one query)."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    topic = alias(Topic, "accepted_answers_topic")
    rows = db.session.execute(select(Post.author_id, func.count(Post.id)).join(topic, topic.id == Post.topic_id)
                              .where(Post.author_id.in_(user_ids), Post.is_accepted.is_(True),
                                     Post.is_hidden.is_(False), topic.is_hidden.is_(False))
                              .group_by(Post.author_id)).all()
    return {author_id: count for author_id, count in rows}


def load_topic(topic_id: int) -> Topic | None:
    space = joinedload(Topic.space)
    return db.session.scalar(select(Topic).where(Topic.id == topic_id).options(
        space.joinedload(Space.track), space.joinedload(Space.cohort), joinedload(Topic.lesson)))


def load_space(space_id: int) -> Space | None:
    return db.session.scalar(select(Space).where(Space.id == space_id)
                             .options(joinedload(Space.track), joinedload(Space.cohort)))


def load_post(post_id: int) -> Post | None:
    return db.session.scalar(select(Post).where(Post.id == post_id).options(joinedload(Post.topic)))


