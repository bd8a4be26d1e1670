"""XSS corpus through community posts: topic titles, post bodies, replies and edits, shown on the
topic, the space's list, the list of spaces and a lesson's foot: never markup that can run."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from lms.community.models import Post, Topic
from lms.extensions import db
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import sign_in_as
from tests.security.content_world import markdown_chunks, pack, payloads
from tests.security.test_content_safety import get_safe


@pytest.fixture
def world(app) -> TwoCohorts:
    app.config.update(COMMUNITY_POSTS_PER_MINUTE=10_000, COMMUNITY_POSTS_PER_HOUR=10_000)
    return two_cohorts()


def _latest_topic_id() -> int:
    return db.session.scalar(select(Topic.id).order_by(Topic.id.desc()))


def test_corpus_through_every_post_text_is_shown_as_text(client, world):
    space = world.community_space_a
    titles = pack(payloads(), 200)
    lesson_id = world.assignment_a_id
    for i, chunk in enumerate(markdown_chunks()):
        sign_in_as(client, world, "learner_a")
        response = client.post(f"/spaces/{space}/topics/new", data={
            "title": titles[i % len(titles)], "kind": "question", "lesson_id": str(lesson_id), "body": chunk,
            "agree": "y", "client_key": str(uuid.uuid4())})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        topic_id = _latest_topic_id()
        sign_in_as(client, world, "mentor_a")
        assert client.post(f"/spaces/topics/{topic_id}/", data={
            "body": chunk, "client_key": str(uuid.uuid4())}).status_code == 302
        post = db.session.scalar(select(Post).where(Post.topic_id == topic_id).order_by(Post.id))
        sign_in_as(client, world, "learner_a")
        client.post(f"/spaces/posts/{post.id}/edit", data={"body": chunk[::-1], "version": str(post.version)})
        for actor in ("learner_a", "mentor_a", "admin"):
            get_safe(client, world, actor, f"/spaces/topics/{topic_id}/")
            get_safe(client, world, actor, f"/spaces/{space}/")
        get_safe(client, world, "learner_a", "/spaces/")
        get_safe(client, world, "learner_a", f"/spaces/posts/{post.id}/edit")
    get_safe(client, world, "learner_a", f"/tracks/{world.track_a}/lessons/{world.assignment_a}")
    posts = db.session.scalars(select(Post)).all()
    assert all("<script" not in p.body_html.lower() for p in posts)
    assert not any(re.search(r"[\r\n]", t.title) for t in db.session.scalars(select(Topic)))


def test_corpus_in_posts_reaches_the_notifications_page_as_text(client, world):
    for chunk in markdown_chunks()[:5]:
        sign_in_as(client, world, "mentor_a")
        assert client.post(f"/spaces/topics/{world.community_topic_a}/", data={
            "body": chunk + " @lea-learner", "client_key": str(uuid.uuid4())}).status_code == 302
    get_safe(client, world, "learner_a", "/notifications/")
