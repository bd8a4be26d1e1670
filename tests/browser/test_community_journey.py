"""Community spaces in a real browser: the pages pass axe and fit a phone, and a discussion with
a mention: a learner asks a question mentioning her mentor; the mentor sees the notification
and answers; the learner accepts the answer."""
from __future__ import annotations

import uuid

import pytest

from lms.auth.models import User
from lms.community import posting
from lms.community.models import Post, Topic
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser

LONG = "A very long word: " + "discussiondiscussion" * 8


@pytest.fixture
def world(app):
    """The two-cohort world (learner A's question and mentor A's answer), with a long reply."""
    world = two_cohorts()
    topic = db.session.get(Topic, world.community_topic_a)
    posting.reply(topic, posting.PostData(body=f"```\n{LONG}\n```\n\n{LONG}", client_key=str(uuid.uuid4())),
                  db.session.get(User, world.learner_a))
    db.session.commit()
    return world


PAGES = {
    "spaces": ("learner_a", lambda w: "/spaces/"),
    "cohort space": ("learner_a", lambda w: f"/spaces/{w.community_space_a}/"),
    "new topic with the code of conduct": ("admin", lambda w: f"/spaces/{w.community_space_a}/topics/new"),
    "topic": ("learner_a", lambda w: f"/spaces/topics/{w.community_topic_a}/"),
    "topic for admins": ("admin", lambda w: f"/spaces/topics/{w.community_topic_a}/"),
    "edit post": ("learner_a", lambda w: f"/spaces/posts/{w.community_post_a}/edit"),
    "space with conduct editor": ("admin", lambda w: f"/spaces/{w.community_space_a}/"),
    "lesson foot": ("learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.lesson_a}"),
}


def test_community_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_a_learner_asks_mentioning_her_mentor_who_answers_and_she_accepts(new_page, world):
    learner = new_page()
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto(f"/spaces/{world.community_space_a}/")
    learner.get_by_role("link", name="New topic").first.click()
    learner.wait_for_load_state()
    learner.get_by_label("Title").fill("How long should a client call be?")
    learner.get_by_label("A question (one answer can be accepted)").check()
    learner.get_by_label("Your post").fill("My calls run **long**. @mia-mentor what do you do?")
    learner.locator("[data-preview-target] strong", has_text="long").wait_for(timeout=10_000)
    learner.get_by_role("button", name="Post the topic").click()
    learner.wait_for_load_state()
    assert "Your topic is posted" in learner.locator(".flashes").inner_text()
    topic_url = learner.url

    mentor = new_page()
    sign_in_page(mentor, world.email(world.mentor_a), PASSWORD)
    mentor.goto("/notifications/")
    mentor.get_by_text("Lea Learner mentioned you in “How long should a client call be?”").first.wait_for()
    mentor.goto(topic_url)
    mentor.get_by_label("Your reply").fill("Thirty minutes, with an *agenda* sent the day before.")
    mentor.get_by_role("button", name="Send your reply").click()
    mentor.wait_for_load_state()

    learner.goto(topic_url)
    assert learner.locator(".post em", has_text="agenda").count() == 1
    learner.get_by_role("button", name="Accept this answer").click()
    learner.wait_for_load_state()
    assert "accepted answer" in learner.locator(".flashes").inner_text()
    db.session.expire_all()
    answer = db.session.scalar(db.select(Post).where(Post.author_id == world.mentor_a, Post.is_accepted.is_(True)))
    assert answer is not None and "agenda" in answer.body
