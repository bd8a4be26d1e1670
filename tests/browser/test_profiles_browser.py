"""The profile, welcome and mentor directory pages: axe-core, and nothing overflows a 375 px phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lms.extensions import db
from lms.profiles.models import SkillLevel
from lms.profiles.services import ensure_profile
from lms.profiles.skills import set_skills
from tests.browser.conftest import axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    world = two_cohorts()
    profile = ensure_profile(world.mentor_a)
    profile.headline = "Front-end developer with a very long headline that must wrap on a small phone screen"
    profile.languages, profile.help_with, profile.max_mentees = ["de", "en", "pt-BR"], "Portfolio reviews", 3
    set_skills(world.mentor_a, {"html": SkillLevel.EXPERT, "accessibility-and-inclusive-design": SkillLevel.STRONG})
    set_skills(world.learner_a, {"html": SkillLevel.LEARNING})
    db.session.commit()
    return world


def _pages(world):
    return [("learner_a", "/profile"), ("learner_a", "/welcome"), ("learner_a", f"/cohorts/{world.cohort_a}/mentors"),
            ("mentor_a", "/profile"), ("learner_a", f"/cohorts/{world.cohort_a}/mentor")]


def _signed_in(new_page, world, actor):
    page = new_page()
    sign_in_page(page, world.email(getattr(world, actor)), PASSWORD)
    return page


def test_profile_welcome_and_directory_have_no_serious_accessibility_violations(new_page, world):
    pages, found = {}, {}
    for actor, url in _pages(world):
        page = pages.get(actor) or pages.setdefault(actor, _signed_in(new_page, world, actor))
        page.goto(url)
        if violations := axe_violations(page):
            found[f"{actor} {url}"] = violations
    assert found == {}, found


def test_profile_welcome_and_directory_fit_a_375_px_phone(new_page, world):
    pages, wide = {}, {}
    for actor, url in _pages(world):
        page = pages.get(actor) or pages.setdefault(actor, _signed_in(new_page, world, actor))
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[f"{actor} {url}"] = width
    assert wide == {}, wide


def test_adding_a_skill_row_works_without_javascript(new_page, world):
    page = _signed_in(new_page, world, "learner_a")
    page.goto("/profile")
    rows = page.locator(".skill-row").count()
    page.get_by_role("button", name="Add another skill").click()
    expect(page.locator(".skill-row")).to_have_count(rows + 1)      # the page came back from the server
    page.get_by_label(f"Skill {rows + 1}", exact=True).fill("css")
    page.get_by_role("button", name="Save profile").click()
    assert "Your profile is saved." in page.locator(".flashes").inner_text()
    assert page.locator('input[value="css"]').count() == 1


def test_the_welcome_page_preselects_the_devices_time_zone_and_the_profile_offers_it(new_page, world):
    page = new_page(timezone_id="Asia/Kolkata")
    sign_in_page(page, world.email(world.learner_a), PASSWORD)
    page.goto("/welcome")
    assert page.locator("select#timezone").input_value() == "Asia/Kolkata"
    page.goto("/profile")
    assert page.locator("select#timezone").input_value() == "UTC"          # saved: never changed silently
    page.get_by_role("button", name="Use this device's time zone: Asia – Kolkata (UTC+05:30)").click()
    assert page.locator("select#timezone").input_value() == "Asia/Kolkata"


def test_in_arabic_the_profile_mirrors_and_offers_the_devices_zone_in_arabic(new_page, world, tmp_path):
    from lms.auth.models import User

    db.session.get(User, world.learner_a).language = "ar"
    db.session.commit()
    page = new_page(timezone_id="Asia/Kolkata")
    sign_in_page(page, world.email(world.learner_a), PASSWORD)   # signed out: the browser's English
    page.goto("/profile")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("heading", level=1)).to_have_text("ملفك الشخصي")
    page.get_by_role("button", name="استخدام المنطقة الزمنية لهذا الجهاز: آسيا – كالكتا (UTC+05:30)").click()
    assert page.locator("select#timezone").input_value() == "Asia/Kolkata"
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "profile-ar.png"), full_page=True)
