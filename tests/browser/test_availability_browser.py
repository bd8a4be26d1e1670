"""Availability in a real browser: the pages pass axe and fit a 375 px phone, and a mentor sets
Tuesday hours (no JavaScript needed) and sees them in the preview."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages, axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    return two_cohorts()  # mentor A publishes weekday hours in Europe/Berlin and is away one day


PAGES = {
    "mentor's availability": ("mentor_a", lambda w: "/meetings/availability"),
    "learner's cohort availability": ("learner_a", lambda w: f"/cohorts/{w.cohort_a}/availability"),
    "mentor's cohort availability": ("mentor_a", lambda w: f"/cohorts/{w.cohort_a}/availability"),
    "admin's cohort availability": ("admin", lambda w: f"/cohorts/{w.cohort_a}/availability"),
}


def test_availability_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_a_mentor_sets_tuesday_hours_and_sees_them_in_the_preview(new_page, world):
    page = new_page()
    sign_in_page(page, world.email(world.mentor_a), PASSWORD)
    page.goto("/profile")
    page.get_by_role("link", name="My availability").click()
    for day in ("Monday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day, exact=True).fill("")
    page.get_by_label("Tuesday", exact=True).fill("10:00-11:00, 25:00-26:00")
    page.get_by_label("Minimum notice (hours)").fill("0")
    page.get_by_role("button", name="Save availability").click()
    assert 'Tuesday: "25:00" is not a time' in page.locator(".field__errors").first.inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Tuesday", exact=True).fill("10:00-11:00")
    page.get_by_label("30 minutes").check()
    page.get_by_label("60 minutes").uncheck()
    page.get_by_role("button", name="Save availability").click()
    assert "Your availability is saved." in page.locator(".flashes").inner_text()
    preview = page.locator("section", has=page.get_by_role("heading", name="Free in the next 7 days"))
    days = preview.locator(".availability-day").all_inner_texts()
    times = preview.locator(".slot-list time").all_inner_texts()
    assert days and all(day.startswith("Tue ") for day in days), days
    assert times and set(times) <= {"10:00", "10:30"}, times
