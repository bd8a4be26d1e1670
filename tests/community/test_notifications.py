"""Who hears of a post: followers (not the author) and the people mentioned, in the app and by
email per their choices; a hidden post is withdrawn and never told about; accepted answers."""
from __future__ import annotations

from sqlalchemy import select

from lms import signals
from lms.community import follows, topics
from lms.community.models import Post, TopicKind
from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import Notification, ThreadEmails
from lms.outbox import OutboxEmail
from tests.factories.community import cohort_space, new_reply, new_topic
from tests.notifications.ask_helpers import emails_to, prefer, titles_for


def test_followers_but_not_the_author_hear_of_a_reply_once_per_topic_per_day_by_email(world):
    topic = new_topic(cohort_space(world.cohort), world.learner, title="Pricing")
    new_reply(topic, world.mentor, body="First answer")
    new_reply(topic, world.mentor, body="Second answer")
    assert titles_for(world.learner) == ["Mia Mentor posted in “Pricing”"] * 2
    assert titles_for(world.mentor) == []
    assert len(emails_to(world.learner)) == 1 and "First answer" in emails_to(world.learner)[0].text
    keys = set(db.session.scalars(select(Notification.dedupe_key)))
    assert {f"post:{p.id}:{world.learner.id}" for p in db.session.scalars(select(Post).where(
        Post.author_id == world.mentor.id))} == keys


def test_a_mention_tells_the_member_and_makes_them_follow(world):
    prefer(world.mentor, thread_emails=ThreadEmails.NEVER)
    topic = new_topic(cohort_space(world.cohort), world.learner, title="Help", body="@mia-mentor and @ben-other?")
    assert titles_for(world.mentor) == ["Lea Learner mentioned you in “Help”"]
    assert titles_for(world.other_learner) == [] and emails_to(world.mentor) == []
    assert follows.is_following(topic, world.mentor.id)


def test_daily_digest_people_get_the_post_in_their_digest_unless_it_was_hidden(world):
    prefer(world.learner, thread_emails=ThreadEmails.DAILY)
    topic = new_topic(cohort_space(world.cohort), world.learner, title="Digest")
    kept, hidden = new_reply(topic, world.mentor, body="Kept"), new_reply(topic, world.mentor, body="Spam")
    hidden.is_hidden = True
    topics.recount(topic)
    signals.post_hidden.send(hidden, actor=world.mentor)
    db.session.commit()
    waiting = db.session.scalars(select(Notification.dedupe_key).where(Notification.in_digest.is_(True))).all()
    assert waiting == [f"post:{kept.id}:{world.learner.id}"] and topic.post_count == 2


def test_hiding_a_post_withdraws_its_pending_email_but_not_what_was_sent(world):
    prefer(world.learner, quiet=(0, 1439))  # always quiet: the email waits in the outbox
    topic = new_topic(cohort_space(world.cohort), world.learner)
    post = new_reply(topic, world.mentor, body="Soon hidden")
    assert len(emails_to(world.learner)) == 1
    post.is_hidden = True
    signals.post_hidden.send(post, actor=world.mentor)
    db.session.commit()
    assert emails_to(world.learner) == [] and titles_for(world.learner) == []


def test_a_hidden_post_is_never_told_about(world):
    topic = new_topic(cohort_space(world.cohort), world.learner)
    post = Post(topic=topic, author_id=world.mentor.id, body="hidden", body_html="", is_hidden=True)
    db.session.add(post)
    db.session.flush()
    signals.post_created.send(post, actor=world.mentor, mentioned=[world.peer])
    db.session.commit()
    assert titles_for(world.learner) == [] and titles_for(world.peer) == []


def test_a_withdrawn_follower_hears_nothing(world):
    from lms.cohorts import enrolment
    topic = new_topic(cohort_space(world.cohort), world.learner)
    enrolment.withdraw(world.enrollment, world.admin)
    db.session.commit()
    new_reply(topic, world.mentor)
    assert titles_for(world.learner) == []


def test_the_answers_author_hears_it_was_accepted(world):
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION, title="Q")
    topics.accept_answer(new_reply(question, world.mentor), world.learner)
    db.session.commit()
    assert "Your answer in “Q” was accepted" in titles_for(world.mentor)
    assert services.unread_count(world.mentor.id) == 1
    assert db.session.scalar(select(OutboxEmail.subject).where(OutboxEmail.to == world.mentor.email))
