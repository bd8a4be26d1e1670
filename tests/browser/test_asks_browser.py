"""Asks in a real browser: the new pages pass axe and fit a phone, and the whole journey:
a learner asks, a mentor claims and answers, the learner replies, the mentor resolves,
the learner rates."""
from __future__ import annotations

import uuid

import pytest

from lms.asks import claims, services
from lms.asks.models import Ask, AskRating, AskState
from lms.auth.models import User
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser

LONG = "A very long word: " + "pricingtablepricingtable" * 6


@pytest.fixture
def world(app):
    """The two-cohort world; learner A's ask is answered, and a second one is resolved and rated."""
    world = two_cohorts()
    ask = db.session.get(Ask, world.ask_a)
    mentor = db.session.get(User, world.mentor_a)
    claims.claim(ask, mentor)
    services.reply_to_ask(ask, services.ReplyData(body=f"Try **this**. {LONG}", client_key=str(uuid.uuid4())),
                          mentor)
    second = services.open_ask(ask.enrollment, services.AskData(title=LONG[:200], body=LONG), ask.user)
    services.reply_to_ask(second, services.ReplyData(body="Done", client_key=str(uuid.uuid4())), mentor)
    services.rate_ask(second, AskRating.HELPFUL, "Thank you!", True, ask.user)
    db.session.commit()
    return world


PAGES = {
    "learner's asks": ("learner_a", lambda w: "/asks"),
    "new ask": ("learner_a", lambda w: f"/cohorts/{w.cohort_a}/asks/new"),
    "learner's thread": ("learner_a", lambda w: f"/asks/{w.ask_a}"),
    "mentor's thread": ("mentor_a", lambda w: f"/asks/{w.ask_a}"),
    "mentor's rated thread": ("mentor_a", lambda w: f"/asks/{w.ask_a + 1}"),
    "mentor's asks": ("mentor_a", lambda w: "/asks"),
    "admin's thread": ("admin", lambda w: f"/asks/{w.ask_a}"),
    "cohort form with ask settings": ("admin", lambda w: f"/cohorts/{w.cohort_a}/edit"),
}


def test_ask_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_a_learner_asks_a_mentor_answers_the_learner_replies_the_mentor_resolves_the_learner_rates(new_page, world):
    learner = new_page()
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto(f"/cohorts/{world.cohort_a}/asks/new")
    learner.get_by_label("Title").fill("Is my scope clause right?")
    learner.get_by_label("Your question").fill("Two rounds of **revisions** are included.")
    learner.locator("[data-preview-target] strong", has_text="revisions").wait_for(timeout=10_000)  # live preview
    learner.get_by_label("Urgent: today, if at all possible").check()
    learner.get_by_role("button", name="Send the ask").click()
    learner.wait_for_load_state()
    assert "Your ask is sent" in learner.locator(".flashes").inner_text()
    thread_url = learner.url

    mentor = new_page()
    sign_in_page(mentor, world.email(world.mentor_a), PASSWORD)
    mentor.goto(thread_url)
    assert "Mentored before" in mentor.content()
    mentor.get_by_role("button", name="Claim").click()
    mentor.wait_for_load_state()
    mentor.get_by_label("Your reply").fill("Say what a *round* is.")
    mentor.get_by_role("button", name="Send your answer").click()
    mentor.wait_for_load_state()

    learner.goto(thread_url)
    assert learner.locator(".ask-thread em", has_text="round").count() == 1
    learner.get_by_label("Your reply").fill("Like this: one list of changes, sent at once?")
    learner.get_by_role("button", name="Send your reply").click()
    learner.wait_for_load_state()

    mentor.goto(thread_url)
    assert "one list of changes" in mentor.content()
    mentor.once("dialog", lambda dialog: dialog.accept())
    mentor.get_by_role("button", name="Mark resolved").click()
    mentor.wait_for_load_state()
    assert "Marked as resolved" in mentor.locator(".flashes").inner_text()

    learner.goto(thread_url)
    learner.get_by_label("Helpful", exact=True).check()
    learner.get_by_label("Thank-you note (optional)").fill("Clear, thank you!")
    learner.get_by_label("The note may be shown on the mentor’s profile").check()
    learner.get_by_role("button", name="Send the rating").click()
    learner.wait_for_load_state()
    assert "Thank you" in learner.locator(".flashes").inner_text()
    db.session.expire_all()
    ask = db.session.scalar(db.select(Ask).where(Ask.title == "Is my scope clause right?"))
    assert ask.state == AskState.RESOLVED and ask.rating == AskRating.HELPFUL and ask.thanks_public
