"""Peer review in a real browser: the learner pages pass axe and fit a phone, and two learners
review each other (one scores the calibration example first), never seeing each other's names."""
from __future__ import annotations

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    """The two-cohort world: assignment A asks for one anonymous peer review with a calibration
    example; learner A holds a lease on Pia's hand-in, Pia owes a review too."""
    return two_cohorts()


PAGES = {
    "peer reviews to do": ("learner_a", lambda w: "/peer/"),
    "writing a peer review": ("learner_a", lambda w: f"/peer/reviews/{w.peer_lease_a}"),
    "calibration example": ("learner_a", lambda w: f"/peer/duties/{w.peer_duty_a}/calibration"),
    "peer reviews of my work": ("learner_a", lambda w: f"/submissions/{w.submission_a}"),
    "waiving a duty": ("mentor_a", lambda w: f"/peer/duties/{w.peer_duty_a}/waive"),
}


def test_peer_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def _score_every_criterion(page) -> None:
    for fieldset in page.locator("fieldset.criterion").all():
        fieldset.locator("input[type=radio]").first.check()


def test_two_learners_review_each_other_without_names(new_page, world):
    pia = db.session.scalar(db.select(User).where(User.name == "Pia Peer"))
    lea = db.session.get(User, world.learner_a)

    pia_page = new_page()
    sign_in_page(pia_page, pia.email, PASSWORD)
    pia_page.goto("/peer/")
    assert "1 of 1 to do" in pia_page.content()
    pia_page.get_by_role("link", name="Score the example first").click()
    pia_page.wait_for_load_state()
    _score_every_criterion(pia_page)
    pia_page.get_by_role("button", name="See how you compare").click()
    pia_page.wait_for_load_state()
    assert "You agreed on" in pia_page.content()
    pia_page.get_by_role("link", name="Now review your peers").click()
    pia_page.get_by_role("button", name="Review next").click()
    pia_page.wait_for_load_state()
    assert "A peer's work" in pia_page.content() and lea.name not in pia_page.content()
    _score_every_criterion(pia_page)
    pia_page.get_by_label("Overall comment").fill("Clear **headings**; add alt text.")
    pia_page.get_by_role("button", name="Send review").click()
    pia_page.wait_for_load_state()
    assert "your review is sent" in pia_page.locator(".flashes").inner_text()

    lea_page = new_page()
    sign_in_page(lea_page, lea.email, PASSWORD)
    lea_page.goto("/peer/")
    lea_page.get_by_role("link", name="Continue your review").click()
    lea_page.wait_for_load_state()
    assert pia.name not in lea_page.content()
    _score_every_criterion(lea_page)
    lea_page.get_by_role("button", name="Send review").click()
    lea_page.wait_for_load_state()
    assert "Done" in lea_page.content()

    lea_page.goto(f"/submissions/{world.submission_a}")
    assert "Peer 1" in lea_page.content() and pia.name not in lea_page.content()
    assert lea_page.locator(".user-content strong", has_text="headings").count() == 1
