"""The one mentor queue and feedback on feedback in a real browser: axe, a 375 px phone,
and the learner rating a review from the submission page."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

QUEUE_PAGES = {
    "queue": ("mentor_a", lambda w: "/reviews/"),
    "queue, asks only": ("mentor_a", lambda w: "/reviews/?kind=asks&offered=1"),
    "review page with history": ("mentor_a", lambda w: f"/reviews/{w.submission_a}"),
    "feedback": ("mentor_a", lambda w: "/reviews/feedback"),
    "feedback, admin": ("admin", lambda w: f"/reviews/feedback?mentor={w.mentor_a}"),
    "submission with rating form": ("learner_a", lambda w: f"/submissions/{w.submission_a}"),
    "rate a review": ("learner_a", lambda w: f"/reviews/ratings/{w.review_a}"),
}


@pytest.fixture
def world(app):
    return two_cohorts()


def test_queue_and_feedback_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, QUEUE_PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_learner_changes_their_rating_and_the_mentor_reads_it(new_page, world):
    learner = new_page()
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto(f"/submissions/{world.submission_a}")
    learner.locator("details#attempt-1 > summary").click()
    form = learner.locator(f'form[action="/reviews/ratings/{world.review_a}"]')
    form.get_by_label("Not helpful").check()
    form.get_by_label("Comment for your mentor").fill("I needed an example of alt text.")
    form.get_by_role("button", name="Update rating").click()
    learner.wait_for_load_state()
    assert "your mentor sees your rating" in learner.content()

    mentor = new_page()
    sign_in_page(mentor, world.email(world.mentor_a), PASSWORD)
    mentor.goto("/reviews/")
    mentor.get_by_role("link", name="Your feedback").click()
    text = mentor.locator("main").inner_text()
    assert "0% helpful" in text and "I needed an example of alt text." in text
