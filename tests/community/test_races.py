"""Races: the same form sent twice at once posts once; two accepts leave one accepted answer;
concurrent replies keep the counter right."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from lms.auth.models import User
from lms.community import conduct, posting, topics
from lms.community.models import Post, Space, Topic, TopicKind
from lms.extensions import db
from tests.factories.community import cohort_space, new_reply, new_topic
from tests.race import race


def test_the_same_reply_sent_twice_at_once_posts_once(app, world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    topic_id, user_id, key = topic.id, world.learner.id, str(uuid.uuid4())

    def attempt(_, ready):
        found, actor = db.session.get(Topic, topic_id), db.session.get(User, user_id)
        ready()
        posting.reply(found, posting.PostData(body="Once", client_key=key), actor)

    outcomes = race(app, [1, 2], attempt, (IntegrityError, OperationalError))
    assert sorted(outcomes) == ["refused", "won"]
    assert db.session.scalar(select(func.count(Post.id)).where(Post.client_key == key)) == 1


def test_the_same_new_topic_sent_twice_at_once_opens_one(app, world):
    space_id, user_id, key = cohort_space(world.cohort).id, world.learner.id, str(uuid.uuid4())
    conduct.agree(user_id, world.track.id)
    db.session.commit()

    def attempt(_, ready):
        space, actor = db.session.get(Space, space_id), db.session.get(User, user_id)
        ready()
        posting.open_topic(space, posting.TopicData(title="Once", body="Once", client_key=key), actor)

    race(app, [1, 2], attempt, (IntegrityError, OperationalError))
    assert db.session.scalar(select(func.count(Topic.id))) == 1


def test_concurrent_replies_are_all_counted(app, world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    for person in (world.peer, world.mentor):
        conduct.agree(person.id, world.track.id)
    db.session.commit()
    topic_id, people = topic.id, [world.learner.id, world.peer.id, world.mentor.id]

    def attempt(user_id, ready):
        found, actor = db.session.get(Topic, topic_id), db.session.get(User, user_id)
        ready()
        posting.reply(found, posting.PostData(body="Me too", client_key=str(uuid.uuid4())), actor)

    outcomes = race(app, people, attempt, OperationalError)
    db.session.expire_all()
    posts = db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic_id))
    assert outcomes.count("won") == posts - 1 and db.session.get(Topic, topic_id).post_count == posts


def test_two_accepts_at_once_leave_one_accepted_answer(app, world):
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION)
    answers = [new_reply(question, world.mentor).id, new_reply(question, world.peer).id]
    user_id = world.learner.id

    def attempt(post_id, ready):
        post, actor = db.session.get(Post, post_id), db.session.get(User, user_id)
        ready()
        topics.accept_answer(post, actor)

    race(app, answers, attempt, (IntegrityError, StaleDataError, OperationalError))
    assert db.session.scalar(select(func.count(Post.id)).where(Post.is_accepted.is_(True))) == 1
