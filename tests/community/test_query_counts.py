"""Constant queries as spaces grow: the topic list, a 500-post topic, the list of spaces."""
from __future__ import annotations

import time
from datetime import timedelta

from lms.community.models import Post, PostFile, Topic
from lms.database import utcnow
from lms.extensions import db
from tests.factories.community import cohort_space, new_reply, new_topic
from tests.querycount import count_queries


def _many_topics(space, world, count: int) -> None:
    now = utcnow()
    for i in range(count):
        author = (world.learner, world.peer, world.mentor)[i % 3]
        topic = Topic(space_id=space.id, author_id=author.id, title=f"Topic {i}", lesson_id=world.lesson.id if i % 2
                      else None, post_count=1, last_post_at=now - timedelta(minutes=i), is_pinned=i == 7)
        db.session.add(topic)
        db.session.flush()
        db.session.add(Post(topic_id=topic.id, author_id=author.id, body="x", body_html="<p>x</p>"))
    db.session.commit()


def test_the_topic_list_costs_the_same_queries_with_many_topics(client, auth, world):
    space = cohort_space(world.cohort)
    new_topic(space, world.learner)
    auth.login_as(world.learner)
    client.get(f"/spaces/{space.id}/")
    with count_queries() as few:
        client.get(f"/spaces/{space.id}/")
    _many_topics(space, world, 60)
    with count_queries() as many:
        page = client.get(f"/spaces/{space.id}/").get_data(as_text=True)
    assert many.count == few.count, many
    assert page.index("Topic 7") < page.index("Topic 0")  # pinned first
    with count_queries() as unanswered:
        client.get(f"/spaces/{space.id}/?show=unanswered&page=2")
    assert unanswered.count <= few.count


def test_a_500_post_topic_renders_a_page_in_constant_queries_and_quickly(client, auth, world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    new_reply(topic, world.mentor)
    auth.login_as(world.learner)
    client.get(f"/spaces/topics/{topic.id}/")
    with count_queries() as few:
        client.get(f"/spaces/topics/{topic.id}/")
    start = utcnow()
    rows = [Post(topic_id=topic.id, author_id=(world.peer, world.mentor)[i % 2].id, body=f"Post {i}",
                 body_html=f"<p>Post {i}</p>", created_at=start + timedelta(seconds=i)) for i in range(500)]
    db.session.add_all(rows)
    db.session.flush()
    db.session.add_all(PostFile(post_id=p.id, storage_key="k", filename="a.txt", extension="txt", size=1)
                       for p in rows[::10])
    db.session.commit()
    with count_queries() as many:
        began = time.perf_counter()
        page = client.get(f"/spaces/topics/{topic.id}/?page=3").get_data(as_text=True)
        elapsed = time.perf_counter() - began
    assert many.count == few.count, many
    assert "Post 98" in page and elapsed < 2.0
    with count_queries() as last:
        client.get(f"/spaces/topics/{topic.id}/?page=last")
    assert last.count == few.count


def test_the_list_of_spaces_costs_the_same_queries_with_more_cohorts(client, auth, world):
    from tests.factories.submissions import enroll, make_cohort
    auth.login_as(world.learner)
    client.get("/spaces/")
    with count_queries() as few:
        client.get("/spaces/")
    for _ in range(4):
        enroll(make_cohort(world.track), world.learner)
    with count_queries() as many:
        client.get("/spaces/")
    assert many.count == few.count, many
