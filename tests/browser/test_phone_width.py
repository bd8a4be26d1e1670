"""Every page fits a phone and passes axe: no sideways scrolling of the page at 360 × 780 (the
narrowest common phone), and no serious or critical accessibility violation (axe-core).

As each kind of user (anonymous, learner, mentor, admin) the test opens every page the
authorisation matrix says they may read (``tests/security/test_authorization_matrix.py``:
each GET row answering 200 with HTML; downloads, feeds, JSON and images are not pages),
in one phone-sized browser context per person, and asserts the page is no wider than the
window. Wide tables scroll inside their own container, code blocks inside the block.
At laptop width (1280 px) the same pages must line up under the header: the header's
content and the page's content start at the same x (one container, see docs/architecture.md).

A full-page screenshot of each page is saved as an artifact into ``$LMS_SCREENSHOTS_DIR``
(default: a pytest temporary folder), one sub-folder per person and size; the folder is printed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask import url_for

from tests.browser.conftest import axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts
from tests.security.test_authorization_matrix import MATRIX

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1280, "height": 800}
PEOPLE = ("anon", "learner_a", "mentor_a", "admin")
# The outermost elements reaching past the window's right edge outside any scrolling container:
# what to fix on a page too wide.
CULPRITS = """() => {
  const W = window.innerWidth + 0.5;
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  const over = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > W && !clipped(e));
  return over.filter(e => !over.includes(e.parentElement)).slice(0, 5).map(e =>
    e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim()
      ? '.' + e.className.trim().split(/ +/).join('.') : '')
    + ' (right ' + Math.round(e.getBoundingClientRect().right) + ')');
}"""


@pytest.fixture
def world(app):
    return two_cohorts()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("LMS_SCREENSHOTS_DIR") or tmp_path_factory.mktemp("phone-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nphone screenshots: {folder}")
    return folder


def _readable_urls(app, world, actor: str) -> list[str]:
    with app.test_request_context():
        return [url_for(endpoint, **row.values(world)) for (endpoint, method), row in sorted(MATRIX.items())
                if method == "GET" and row.expected[actor] == 200 and not endpoint.endswith("static")]


def _file_name(url: str) -> str:
    return (re.sub(r"[^\w.-]+", "_", url.strip("/")) or "home") + ".png"


def _pages(app, world, page, actor: str):
    """Each HTML page ``actor`` may read, opened in ``page`` (signed in already)."""
    for url in _readable_urls(app, world, actor):
        probe = page.request.get(url, max_redirects=0)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # downloads, feeds, JSON and images are not pages
        page.goto(url)
        page.wait_for_load_state("load")
        yield url


def _person(new_page, world, actor: str, size: dict):
    page = new_page()
    page.set_viewport_size(size)
    if actor != "anon":
        sign_in_page(page, world.email(getattr(world, actor)), PASSWORD)
    return page


@pytest.mark.parametrize("actor", PEOPLE)
def test_every_readable_page_fits_a_360px_phone_and_passes_axe(app, new_page, world, screenshots, actor):
    page = _person(new_page, world, actor, PHONE)
    folder = screenshots / f"{actor}-360"
    folder.mkdir(exist_ok=True)
    visited, too_wide, inaccessible = [], {}, {}
    for url in _pages(app, world, page, actor):
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            too_wide[url] = (widths[0], page.evaluate(CULPRITS))
        if violations := axe_violations(page):
            inaccessible[url] = [(v["id"], v["nodes"][:3]) for v in violations]
        page.screenshot(path=str(folder / _file_name(url)), full_page=True)
        visited.append(url)
    assert len(visited) >= {"anon": 4, "learner_a": 12, "mentor_a": 10, "admin": 25}[actor], visited
    assert too_wide == {}, f"pages wider than {PHONE['width']} px as {actor} (screenshots in {folder}): {too_wide}"
    assert inaccessible == {}, f"axe violations as {actor}: {inaccessible}"


# Where the header's content (the brand) and the page's content (main's content box) start.
STARTS = """() => {
  const main = document.querySelector('main');
  return [document.querySelector('.brand').getBoundingClientRect().left,
          main.getBoundingClientRect().left + parseFloat(getComputedStyle(main).paddingLeft)];
}"""


@pytest.mark.parametrize("actor", ("learner_a", "admin"))
def test_pages_line_up_under_the_header_at_laptop_width(app, new_page, world, screenshots, actor):
    page = _person(new_page, world, actor, LAPTOP)
    folder = screenshots / f"{actor}-1280"
    folder.mkdir(exist_ok=True)
    misaligned = {}
    for url in _pages(app, world, page, actor):
        header, content = page.evaluate(STARTS)
        if abs(header - content) > 0.5:
            misaligned[url] = (header, content)
        page.screenshot(path=str(folder / _file_name(url)), full_page=True)
    assert misaligned == {}, f"(header x, content x) differ as {actor} (screenshots in {folder}): {misaligned}"


def test_phone_navigation_is_a_menu_button_that_works_by_keyboard_and_passes_axe(new_page, world):
    page = _person(new_page, world, "mentor_a", PHONE)
    page.goto("/reviews/")
    menu = page.locator("summary", has_text="Menu")
    assert menu.is_visible()
    assert page.get_by_role("link", name="Queue").count() == 0, "the inline navigation is hidden on a phone"
    menu.focus()
    page.keyboard.press("Enter")
    queue = page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue")
    assert queue.is_visible() and queue.get_attribute("aria-current") == "page"
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-menu__panel') !== null")
    page.set_viewport_size(LAPTOP)
    assert not menu.is_visible()
    assert page.get_by_role("navigation", name="Main").count() == 1
    assert page.get_by_role("link", name="Queue").is_visible()


def test_phone_menu_opens_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in_page(page, world.email(world.learner_a), PASSWORD)
        page.locator("summary", has_text="Menu").click()
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").is_visible()
    finally:
        context.close()
