"""The community pages over HTTP: list, space, new topic, topic with replies, edits, files, follow."""
from __future__ import annotations

import io
import re
import uuid

from sqlalchemy import select

from lms.community import conduct, spaces
from lms.community.models import Post, Topic, TopicKind
from lms.extensions import db
from tests.factories.community import cohort_space, new_reply, new_topic

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


def _key(html: bytes) -> str:
    return re.search(rb'name="client_key" type="hidden" value="([0-9a-f-]+)"', html).group(1).decode()


def _new(client, space, **fields):
    data = {"title": "Where to start?", "kind": "question", "body": "Is **this** right?", "agree": "y",
            "client_key": str(uuid.uuid4()), **fields}
    return client.post(f"/spaces/{space.id}/topics/new", data=data, content_type="multipart/form-data")


def test_the_list_shows_my_spaces_and_the_space_its_empty_state(client, auth, world):
    auth.login_as(world.learner)
    page = client.get("/spaces/")
    assert page.status_code == 200 and b"Cohort A" in page.data and b"everyone in the program" in page.data
    space = cohort_space(world.cohort)
    assert b"No topics here yet" in client.get(f"/spaces/{space.id}/").data


def test_cohort_and_track_links_lead_to_their_spaces(client, auth, world):
    auth.login_as(world.learner)
    response = client.get(f"/spaces/cohorts/{world.cohort.id}/")
    assert response.status_code == 302 and response.location.endswith(f"/spaces/{cohort_space(world.cohort).id}/")
    response = client.get(f"/spaces/tracks/{world.track.id}/")
    assert response.location.endswith(f"/spaces/{spaces.track_space(world.track.id).id}/")
    assert client.get(f"/spaces/cohorts/{world.other_cohort.id}/").status_code == 404


def test_a_learner_opens_a_question_with_a_file_and_a_mentor_answers(client, auth, world):
    space = cohort_space(world.cohort)
    auth.login_as(world.learner)
    form = client.get(f"/spaces/{space.id}/topics/new?lesson={world.lesson.id}")
    assert b"Code of conduct" in form.data and f'<option selected value="{world.lesson.id}"'.encode() in form.data
    response = _new(client, space, lesson_id=str(world.lesson.id), files=(io.BytesIO(PNG), "shot.png"))
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic))
    assert topic.kind == TopicKind.QUESTION and topic.lesson_id == world.lesson.id
    page = client.get(f"/spaces/topics/{topic.id}/")
    assert b"<strong>this</strong>" in page.data and b"shot.png" in page.data
    post = db.session.scalar(select(Post))
    assert client.get(f"/spaces/files/{post.files[0].id}").data == PNG
    auth.login_as(world.mentor)
    page = client.get(f"/spaces/topics/{topic.id}/")
    response = client.post(f"/spaces/topics/{topic.id}/", data={"body": "Start small.", "agree": "y",
                                                                 "client_key": _key(page.data)})
    assert response.status_code == 302
    answer = db.session.scalar(select(Post).where(Post.author_id == world.mentor.id))
    auth.login_as(world.learner)
    assert client.post(f"/spaces/posts/{answer.id}/accept").status_code == 302
    db.session.expire_all()
    assert answer.is_accepted
    listing = client.get(f"/spaces/{space.id}/?show=unanswered")
    assert b"Where to start?" not in listing.data
    assert b"Where to start?" in client.get(f"/spaces/{space.id}/?lesson={world.lesson.id}").data


def test_the_same_form_posted_twice_opens_one_topic(client, auth, world):
    space = cohort_space(world.cohort)
    auth.login_as(world.learner)
    key = _key(client.get(f"/spaces/{space.id}/topics/new").data)
    assert _new(client, space, client_key=key).status_code == 302
    assert _new(client, space, client_key=key).status_code == 302
    assert len(db.session.scalars(select(Topic)).all()) == 1


def test_without_agreeing_the_form_comes_back_with_the_text(client, auth, world):
    space = cohort_space(world.cohort)
    auth.login_as(world.learner)
    response = _new(client, space, agree="", body="My *kept* text")
    assert response.status_code == 400 and b"My *kept* text" in response.data and b"I agree" in response.data


def test_posting_too_quickly_keeps_the_text_and_answers_without_429(app, client, auth, world):
    app.config["COMMUNITY_POSTS_PER_MINUTE"] = 1
    space = cohort_space(world.cohort)
    auth.login_as(world.learner)
    assert _new(client, space).status_code == 302
    response = _new(client, space, body="The second *kept* one")
    assert response.status_code == 400 and b"posting very quickly" in response.data
    assert b"The second *kept* one" in response.data


def test_bad_input_and_malformed_ids_never_fail(client, auth, world):
    space = cohort_space(world.cohort)
    auth.login_as(world.learner)
    assert _new(client, space, kind="poll", lesson_id="abc", title="x" * 500).status_code == 400
    assert client.get("/spaces/99999999/").status_code == 404
    assert client.get(f"/spaces/{space.id}/?page=-4&show=<script>").status_code == 200
    assert client.get("/spaces/topics/99999999/").status_code == 404
    assert client.post("/spaces/posts/99999999/accept").status_code == 404


def test_a_stale_edit_is_refused_and_keeps_the_text(client, auth, world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    auth.login_as(world.learner)
    old_version = post.version
    edit = client.post(f"/spaces/posts/{post.id}/edit", data={"body": "First edit", "version": old_version})
    assert edit.status_code == 302
    response = client.post(f"/spaces/posts/{post.id}/edit", data={"body": "My late edit", "version": old_version})
    assert response.status_code == 400 and b"My late edit" in response.data and b"First edit" in response.data
    auth.login_as(world.peer)
    assert client.get(f"/spaces/posts/{post.id}/edit").status_code == 403


def test_follow_and_unfollow(client, auth, world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    auth.login_as(world.peer)
    assert b"Follow this topic" in client.get(f"/spaces/topics/{topic.id}/").data
    client.post(f"/spaces/topics/{topic.id}/follow")
    assert b"Stop following" in client.get(f"/spaces/topics/{topic.id}/").data
    client.post(f"/spaces/topics/{topic.id}/unfollow")
    assert b"Follow this topic" in client.get(f"/spaces/topics/{topic.id}/").data


def test_posts_are_paginated_oldest_first_and_the_accepted_answer_follows_the_question(app, client, auth, world):
    app.config["COMMUNITY_POSTS_PER_PAGE"] = 3
    conduct.agree(world.mentor.id, world.track.id)
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION, body="The question")
    replies = [new_reply(question, world.mentor, body=f"Reply number {i}") for i in range(5)]
    from lms.community import topics
    topics.accept_answer(replies[4], world.learner)
    db.session.commit()
    auth.login_as(world.learner)
    first = client.get(f"/spaces/topics/{question.id}/").get_data(as_text=True)
    assert first.index("The question") < first.index("Reply number 4") < first.index("Reply number 0")
    last = client.get(f"/spaces/topics/{question.id}/?page=last").get_data(as_text=True)
    assert "Reply number 3" in last and 'id="reply"' in last


def test_admins_edit_the_code_of_conduct_on_the_space_page(client, auth, world):
    space = spaces.track_space(world.track.id)
    db.session.commit()
    auth.login_as(world.admin)
    assert client.post(f"/spaces/{space.id}/conduct", data={"code_of_conduct": "Be *kind*."}).status_code == 302
    auth.login_as(world.learner)
    assert b"<em>kind</em>" in client.get(f"/spaces/{space.id}/").data
    assert client.post(f"/spaces/{space.id}/conduct", data={"code_of_conduct": "Mine"}).status_code == 403
