"""Issue 16, the people and status pages in Chromium: type-ahead picking, axe, a 375 px phone."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD, make_user
from tests.factories.scenario import two_cohorts


@pytest.fixture
def world(app):
    return two_cohorts()


def test_people_and_status_pages_pass_axe_and_fit_a_phone(new_page, world):
    make_user(name="Zelda Searchable", email="zelda.searchable.person@example.org")
    pages = {
        "people page": ("admin", lambda w: f"/cohorts/{w.cohort_a}/people"),
        "people page with search results": ("admin", lambda w: f"/cohorts/{w.cohort_a}/people?q=zelda"),
        "status page": ("admin", lambda w: f"/cohorts/{w.cohort_a}/status"),
    }
    found, wide = audit_pages(new_page, world, pages)
    assert found == {} and wide == {}, (found, wide)


def test_admin_picks_two_people_by_typing_and_enrols_them(new_page, world):
    zoe, zack = make_user(name="Zoe Quill"), make_user(name="Zack Quill")
    make_user(name="Quincy Other")
    page = new_page()
    sign_in_page(page, world.email(world.admin), PASSWORD)
    page.goto(f"/cohorts/{world.cohort_a}/people")
    page.get_by_label("Find existing users").press_sequentially("quill", delay=30)
    page.get_by_role("checkbox", name="Zoe Quill").check()
    page.get_by_label("Find existing users").fill("zack")
    page.get_by_role("checkbox", name="Zack Quill").check()
    chosen = page.get_by_role("list", name="Chosen")
    assert chosen.get_by_text("Zoe Quill").is_visible() and chosen.get_by_text("Zack Quill").is_visible()
    assert page.get_by_role("checkbox", name="Quincy Other").count() == 0
    enrol = page.get_by_role("region", name="Enrol people")
    enrol.get_by_label("Enrol as").select_option("learner")
    enrol.get_by_role("button", name="Enrol", exact=True).click()
    assert "2 people enrolled" in page.locator(".flashes").inner_text()
    db.session.expire_all()
    roles = db.session.scalars(select(Enrollment.role).where(Enrollment.cohort_id == world.cohort_a,
                                                             Enrollment.user_id.in_([zoe.id, zack.id]))).all()
    assert roles == [EnrollmentRole.LEARNER, EnrollmentRole.LEARNER]
