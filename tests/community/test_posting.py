"""Opening topics, replying, editing, accepting answers, following, mentions and counters."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from lms.community import conduct, mentions, posting, spaces, topics
from lms.community.errors import CommunityError, InvalidPost, StaleEdit
from lms.community.models import ConductAgreement, Post, TopicFollow, TopicKind
from lms.errors import PermissionDenied
from lms.extensions import db
from tests.factories.community import cohort_space, new_reply, new_topic


def test_a_topic_opens_with_its_first_post_and_the_author_follows_it(world):
    topic = new_topic(cohort_space(world.cohort), world.learner, body="Where do **I** begin?")
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    assert "<strong>I</strong>" in post.body_html and topic.post_count == 1
    assert db.session.scalar(select(TopicFollow.user_id).where(TopicFollow.topic_id == topic.id)) == world.learner.id


def test_a_replayed_client_key_opens_one_topic_and_posts_one_reply(world):
    space = cohort_space(world.cohort)
    data = posting.TopicData(title="Once", body="Only once", client_key=str(uuid.uuid4()), agreed=True)
    first = posting.open_topic(space, data, world.learner)
    db.session.commit()
    assert posting.open_topic(space, data, world.learner).id == first.id
    conduct.agree(world.peer.id, world.track.id)
    reply = posting.PostData(body="A reply", client_key=str(uuid.uuid4()))
    one = posting.reply(first, reply, world.peer)
    db.session.commit()
    assert posting.reply(first, reply, world.peer).id == one.id
    assert first.post_count == 2


def test_the_first_post_needs_the_code_of_conduct_ticked_once_per_program(world):
    space = cohort_space(world.cohort)
    with pytest.raises(InvalidPost) as refused:
        posting.open_topic(space, posting.TopicData(title="Hi", body="Hello", client_key=str(uuid.uuid4())),
                           world.peer)
    assert "agree" in refused.value.errors
    db.session.rollback()
    new_topic(space, world.peer)
    track_space = spaces.track_space(world.track.id)
    posting.open_topic(track_space, posting.TopicData(title="No tick", body="Agreed already",
                                                      client_key=str(uuid.uuid4())), world.peer)
    db.session.commit()
    assert db.session.scalar(select(func.count(ConductAgreement.id))) == 1


def test_the_code_of_conduct_is_the_track_spaces_text_or_the_default(app, world):
    space = cohort_space(world.cohort)
    assert conduct.text_for(space).startswith("Be kind and assume good intent")
    assert conduct.own_text(space) == ""
    conduct.set_text(space, "Be **excellent** to each other.")
    db.session.commit()
    assert spaces.track_space(world.track.id).code_of_conduct.startswith("Be **excellent**")
    assert conduct.text_for(space).startswith("Be **excellent**")


def test_an_instance_default_code_of_conduct_is_shown_as_written(app, world):
    app.config["COMMUNITY_DEFAULT_CONDUCT"] = "Sé amable."
    try:
        assert conduct.text_for(cohort_space(world.cohort)) == "Sé amable."
    finally:
        app.config["COMMUNITY_DEFAULT_CONDUCT"] = ""


def test_bad_input_is_refused_with_messages_per_field(world):
    space = cohort_space(world.cohort)
    data = posting.TopicData(title=" ", body="", lesson_id=10**9, client_key=str(uuid.uuid4()), agreed=True)
    with pytest.raises(InvalidPost) as refused:
        posting.open_topic(space, data, world.learner)
    assert set(refused.value.errors) == {"title", "body", "lesson_id"}
    with pytest.raises(InvalidPost):
        posting.open_topic(space, posting.TopicData(title="x" * 201, body="y" * 20_001, agreed=True,
                                                    client_key=str(uuid.uuid4())), world.learner)


def test_a_learner_of_another_cohort_cannot_post_and_a_locked_topic_takes_no_replies(world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    with pytest.raises(PermissionDenied):
        new_topic(cohort_space(world.other_cohort), world.learner)
    with pytest.raises(PermissionDenied):
        new_reply(topic, world.other_learner)
    topic.is_locked = True
    db.session.commit()
    with pytest.raises(CommunityError, match="locked"):
        new_reply(topic, world.peer)
    assert new_reply(topic, world.mentor).id  # moderators still write


def test_mentions_notify_only_members_and_make_them_follow(world):
    assert mentions.handle_of("Zoë O'Neil") == "zoe-o-neil"
    assert mentions.handles_in("hi @Mia-Mentor and @ben-other, mail me at a@b.org") == {"mia-mentor", "ben-other"}
    topic = new_topic(cohort_space(world.cohort), world.learner, body="@mia-mentor @ben-other what do you think?")
    followers = set(db.session.scalars(select(TopicFollow.user_id).where(TopicFollow.topic_id == topic.id)))
    assert followers == {world.learner.id, world.mentor.id}  # Ben is in cohort B: not mentioned


def test_editing_checks_the_version_and_keeps_the_author_rule(world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    version = post.version
    posting.edit_post(post, "Changed *once*", version, world.learner)
    db.session.commit()
    assert "<em>once</em>" in post.body_html and post.edited_at is not None
    with pytest.raises(StaleEdit):
        posting.edit_post(post, "Changed again", version, world.learner)
    with pytest.raises(PermissionDenied):
        posting.edit_post(post, "Not mine", post.version, world.peer)


def test_one_accepted_answer_and_accepting_another_moves_it(world):
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION)
    first, second = new_reply(question, world.mentor), new_reply(question, world.peer, body="Or this")
    topics.accept_answer(first, world.learner)
    db.session.commit()
    topics.accept_answer(second, world.learner)
    db.session.commit()
    db.session.expire_all()
    assert [p.id for p in db.session.scalars(select(Post).where(Post.is_accepted.is_(True)))] == [second.id]
    with pytest.raises(PermissionDenied):
        topics.accept_answer(first, world.peer)
    opening = db.session.scalar(select(Post).where(Post.topic_id == question.id).order_by(Post.id))
    with pytest.raises(CommunityError):
        topics.accept_answer(opening, world.learner)


def test_a_discussion_has_no_accepted_answer(world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    with pytest.raises(PermissionDenied):
        topics.accept_answer(new_reply(topic, world.mentor), world.learner)


def test_recount_counts_visible_posts_only(world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    reply = new_reply(topic, world.mentor)
    assert topic.post_count == 2 and topic.last_post_at == reply.created_at
    reply.is_hidden = True
    topics.recount(topic)
    db.session.commit()
    assert topic.post_count == 1


def test_accepted_answers_are_counted_per_author(world):
    from lms.community.queries import accepted_answers_by
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION)
    topics.accept_answer(new_reply(question, world.mentor), world.learner)
    db.session.commit()
    assert accepted_answers_by([world.mentor.id, world.peer.id]) == {world.mentor.id: 1}
