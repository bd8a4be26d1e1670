"""The main pages in every shipped language, in Chromium: each chosen through the footer's switch
(a signed-in person's choice goes to their profile), axe-clean, no sideways scrolling on a phone,
and the Arabic layout mirrored (the brand on the right, the navigation to its left).

Screenshots of every page at laptop and phone width are kept under
``test-artifacts/languages/<language>/`` for people to look at.
"""
from __future__ import annotations

import pytest
from babel.support import Translations

from lms.i18n import TRANSLATIONS
from lms.i18n.languages import LANGUAGES, text_direction
from tests.browser.conftest import ARTIFACTS, axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

PAGES = {
    "learner_a": {
        "dashboard": lambda w: "/dashboard",
        "lesson": lambda w: f"/tracks/{w.track_a}/lessons/{w.lesson_a}",
        "assignment": lambda w: f"/tracks/{w.track_a}/lessons/{w.assignment_a}",
        "profile": lambda w: "/profile",
        "certificates": lambda w: "/certificates",
    },
    "mentor_a": {
        "review queue": lambda w: "/reviews/",
        "review": lambda w: f"/reviews/{w.submission_a}",
    },
    "admin": {
        "cohort": lambda w: f"/cohorts/{w.cohort_a}",
        "users": lambda w: "/admin/users/",
    },
}


@pytest.fixture
def world(app):
    return two_cohorts()


def _words(language: str, english: str) -> str:
    return Translations.load(str(TRANSLATIONS), [language]).gettext(english)


def _choose_language(page, language: str) -> None:
    page.locator("#footer-language").select_option(language)
    page.locator(".language-switch button").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"] + ["en"])
def test_main_pages_in_each_language(new_page, world, language):
    folder = ARTIFACTS / "languages" / language
    folder.mkdir(parents=True, exist_ok=True)
    found, wide = {}, {}
    for actor, pages in PAGES.items():
        page = new_page()
        sign_in_page(page, world.email(getattr(world, actor)), PASSWORD)
        _choose_language(page, language)
        for name, url in pages.items():
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(url(world))
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == \
                (language.replace("_", "-"), text_direction(language)), name
            assert page.locator(".language-switch button").inner_text().strip() == _words(language, "Change language")
            page.screenshot(path=str(folder / f"{name.replace(' ', '-')}-laptop.png"), full_page=True)
            if violations := axe_violations(page):
                found[name] = violations
            page.set_viewport_size({"width": 375, "height": 700})
            page.screenshot(path=str(folder / f"{name.replace(' ', '-')}-phone.png"))
            if (width := page.evaluate("document.documentElement.scrollWidth")) > 375:
                wide[name] = width
    assert found == {} and wide == {}, (found, wide)


@pytest.mark.parametrize(("language", "brand_on_the_right"), [("ar", True), ("es", False)])
def test_the_arabic_layout_is_mirrored(new_page, world, language, brand_on_the_right):
    page = new_page()
    sign_in_page(page, world.email(world.learner_a), PASSWORD)
    _choose_language(page, language)
    page.goto("/dashboard")
    brand = page.locator(".site-header .brand").bounding_box()
    navigation = page.locator(".site-header__wide .site-nav").bounding_box()
    assert (brand["x"] > navigation["x"]) is brand_on_the_right
    # The first link of the navigation sits next to the brand, on its start side.
    first = page.locator(".site-header__wide .site-nav li").first.bounding_box()
    last = page.locator(".site-header__wide .site-nav li").last.bounding_box()
    assert (first["x"] > last["x"]) is brand_on_the_right
