"""Mentors' everyday flows in a browser (issue 16): past reviews and asks, the mentee page,
"Submit and open next"; axe-clean at laptop width and no sideways scroll at 375 px."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

PAGES = {
    "past work": ("mentor_a", lambda w: "/reviews/history"),
    "past work, searched": ("mentor_a", lambda w: "/reviews/history?q=zzz"),
    "past work, admin": ("admin", lambda w: f"/reviews/history?mentor={w.mentor_a}"),
    "mentee page": ("mentor_a", lambda w: f"/mentees/{w.learner_a}"),
    "mentee page, admin": ("admin", lambda w: f"/mentees/{w.learner_a}"),
    "review page with next button": ("mentor_a", lambda w: f"/reviews/{w.submission_a}"),
}


@pytest.fixture
def world(app):
    return two_cohorts()


def test_mentor_flow_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_a_mentor_goes_from_the_queue_to_the_mentee_page_and_their_past_work(new_page, world):
    page = new_page()
    sign_in_page(page, world.email(world.mentor_a), PASSWORD)
    page.goto("/reviews/")
    page.locator("table.queue").locator(f'a[href="/mentees/{world.learner_a}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/mentees/{world.learner_a}")
    assert page.get_by_role("heading", name="Submissions").is_visible()
    page.get_by_role("link", name="Your past work with").click()
    page.wait_for_load_state()
    assert "/reviews/history?learner=" in page.url
