"""Moving through a track in Chromium: the n/p shortcuts, one click to the next item, and the
lesson and "Your work" pages pass axe and fit a phone."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    return two_cohorts()


def test_pressing_n_and_p_moves_between_items_but_not_while_typing(page, sign_in, world):
    sign_in(world.email(world.learner_a), PASSWORD)
    page.goto(f"/tracks/{world.track_a}/lessons/{world.lesson_a}")
    start = page.url
    following = page.locator("a[rel=next]").get_attribute("href")
    page.evaluate("""() => { const f = document.createElement('input'); f.id = 'scratch';
                            f.setAttribute('aria-label', 'scratch'); document.body.prepend(f); }""")
    page.locator("#scratch").press("n")
    page.wait_for_timeout(300)
    assert page.url == start  # typing in a field is not a shortcut
    page.locator("h1").click()
    with page.expect_navigation():
        page.keyboard.press("n")
    assert page.url.endswith(following)
    with page.expect_navigation():
        page.keyboard.press("p")
    assert page.url == start


def test_mark_complete_and_continue_opens_the_next_item(page, sign_in, world):
    sign_in(world.email(world.learner_a), PASSWORD)
    page.goto(f"/tracks/{world.track_a}/lessons/{world.lesson_a}")
    following = page.locator("a[rel=next]").get_attribute("href")
    page.get_by_role("button", name="Mark complete and continue").click()
    page.wait_for_load_state()
    assert page.url.endswith(following)
    assert page.get_by_text("is marked as complete. Next:").is_visible()


def test_lesson_and_your_work_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, {
        "lesson": ("learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.lesson_a}"),
        "your work": ("learner_a", lambda w: "/submissions/"),
    })
    assert found == {} and wide == {}, (found, wide)
