"""Community moderation and search pages in a real browser: axe-clean and no sideways scroll
at 375 px, for members, mentors and admins."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    return two_cohorts()


PAGES = {
    "search with results": ("learner_a", lambda w: f"/spaces/{w.moderation_space_a}/search?q=scope"),
    "search with nothing found": ("learner_a", lambda w: f"/spaces/{w.moderation_space_a}/search?q=zzz"),
    "moderator's search (hidden marked)": ("mentor_a", lambda w: f"/spaces/{w.moderation_space_a}/search?q=phone"),
    "report a post": ("learner_a", lambda w: f"/spaces/posts/{w.moderation_post_a}/report"),
    "space's queue": ("mentor_a", lambda w: f"/spaces/{w.moderation_space_a}/reports"),
    "all queues": ("admin", lambda w: "/spaces/reports"),
    "hide a post": ("mentor_a", lambda w: f"/spaces/posts/{w.moderation_post_a}/hide"),
    "hide a topic": ("mentor_a", lambda w: f"/spaces/topics/{w.moderation_topic_a}/hide"),
    "move a topic": ("admin", lambda w: f"/spaces/topics/{w.moderation_topic_a}/move"),
}


def test_moderation_and_search_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)
