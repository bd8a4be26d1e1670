"""The program health pages in Chromium: no serious accessibility violations (axe), and they fit
a 375 px phone without scrolling sideways (the wide tables scroll inside their own box)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import audit_pages
from tests.factories.scenario import two_cohorts
from tests.health.conftest import build_world

pytestmark = pytest.mark.browser


class HealthWorld:
    """The two-cohort world (its people sign in) and the health cohort beside it."""

    def __init__(self, world, health_cohort: int):
        self.world, self.health_cohort = world, health_cohort

    def __getattr__(self, name):
        return getattr(self.world, name)


@pytest.fixture
def world(app):
    world = two_cohorts()
    return HealthWorld(world, build_world().cohort.id)


PAGES = {
    "organisation health": ("admin", lambda w: "/health"),
    "cohort health": ("admin", lambda w: f"/cohorts/{w.health_cohort}/health"),
    "empty cohort health": ("admin", lambda w: f"/cohorts/{w.cohort_b}/health"),
}


def test_health_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert not found, found
    assert not wide, wide
