"""Following a topic: who hears of its new posts (authors and the people mentioned follow)."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.community.models import Topic, TopicFollow
from lms.database import utcnow
from lms.extensions import db

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def follow(topic: Topic, user_id: int) -> None:
    """Follow once (a concurrent second follow changes nothing)."""
    db.session.execute(_INSERT[db.session.get_bind().dialect.name](TopicFollow).values(
        topic_id=topic.id, user_id=user_id, created_at=utcnow()).on_conflict_do_nothing(
        index_elements=["topic_id", "user_id"]))


def unfollow(topic: Topic, user_id: int) -> None:
    db.session.execute(delete(TopicFollow).where(TopicFollow.topic_id == topic.id, TopicFollow.user_id == user_id))


def is_following(topic: Topic, user_id: int) -> bool:
    return db.session.scalar(select(TopicFollow.id).where(
        TopicFollow.topic_id == topic.id, TopicFollow.user_id == user_id)) is not None


def follower_ids(topic: Topic) -> list[int]:
    return list(db.session.scalars(select(TopicFollow.user_id).where(TopicFollow.topic_id == topic.id)
                                   .order_by(TopicFollow.user_id)))
