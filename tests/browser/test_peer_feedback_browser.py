"""Peer reviews beside the work, for mentors and authors, in a real browser: axe, a 375 px
phone, and an author reporting a peer review that a mentor then clears."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

PEER_PAGES = {
    "review page with peer reviews": ("mentor_a", lambda w: f"/reviews/{w.submission_a}"),
    "author's peer reviews": ("learner_a", lambda w: f"/submissions/{w.submission_a}"),
    "report a peer review": ("learner_a", lambda w: f"/peer/reviews/{w.peer_review_a}/report"),
    "reported peer reviews": ("mentor_a", lambda w: "/peer/reports"),
    "settled reports, admin": ("admin", lambda w: "/peer/reports?show=settled"),
    "peer reviewers": ("mentor_a", lambda w: f"/peer/cohorts/{w.cohort_a}/reviewers"),
}


@pytest.fixture
def world(app):
    return two_cohorts()


def test_peer_feedback_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PEER_PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_author_rates_and_reports_and_a_mentor_clears_the_report(new_page, world):
    learner = new_page()
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto(f"/submissions/{world.submission_a}")
    panel = learner.locator("#peer-reviews")
    assert "Peer 1" in panel.inner_text() and "Pia" not in learner.content()
    panel.get_by_role("button", name="Helpful", exact=True).click()
    learner.wait_for_load_state()
    assert "You found this helpful." in learner.locator("#peer-reviews").inner_text()
    learner.get_by_role("link", name="Report this review").click()
    learner.get_by_label("What is wrong with this review?").fill("It mocks my spelling.")
    learner.get_by_role("button", name="Report and hide it").click()
    learner.wait_for_load_state()
    assert "hidden from you" in learner.content()
    assert "Report this review" not in learner.locator("#peer-reviews").inner_text()

    mentor = new_page()
    sign_in_page(mentor, world.email(world.mentor_a), PASSWORD)
    mentor.goto("/peer/reports")
    card = mentor.locator("article", has_text="It mocks my spelling.")
    card.get_by_role("button", name="Clear: show it again").click()
    mentor.wait_for_load_state()
    assert "The report is settled." in mentor.content()
    learner.goto(f"/submissions/{world.submission_a}")
    assert "You found this helpful." in learner.locator("#peer-reviews").inner_text()
