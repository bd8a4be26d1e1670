"""Issue 16, admin flows in Chromium: the partial CSV preview, a track's next step, the authoring guide.

Each page passes axe at laptop width and fits a 375 px phone; enrolling the good rows is one click.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, EnrollmentRole
from lms.extensions import db
from lms.tracks.models import Track
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

MIXED = b"email,name\ngood.row@example.org,Good Row\nnot-an-email,Bad Row\n"


@pytest.fixture
def world(app):
    return two_cohorts()


@pytest.fixture
def mixed_plan(world) -> str:
    """A CSV preview in cohort A with one good row and one bad row."""
    cohort = db.session.get(Cohort, world.cohort_a)
    plan = enrolment.preview_csv(cohort, MIXED, EnrollmentRole.LEARNER, filename="mixed.csv",
                                 actor=db.session.get(User, world.admin))
    db.session.commit()
    return plan.token


def test_admin_flow_pages_pass_axe_and_fit_a_phone(new_page, world, mixed_plan):
    track_id = db.session.scalar(select(Track.id).where(Track.slug == world.track_a))
    pages = {
        "CSV preview with bad rows": ("admin", lambda w: f"/cohorts/{w.cohort_a}/people/csv/{mixed_plan}"),
        "track after import": ("admin", lambda w: f"/admin/tracks/{w.track_a}"),
        "cohort form with the track": ("admin", lambda w: f"/admin/cohorts/new?track={track_id}"),
        "authoring guide": ("admin", lambda w: "/admin/tracks/help/authoring"),
    }
    found, wide = audit_pages(new_page, world, pages)
    assert found == {} and wide == {}, (found, wide)


def test_admin_enrols_the_good_rows_in_one_click_and_can_still_download_the_bad_ones(new_page, world, mixed_plan):
    page = new_page()
    sign_in_page(page, world.email(world.admin), PASSWORD)
    page.goto(f"/cohorts/{world.cohort_a}/people/csv/{mixed_plan}")
    page.get_by_role("button", name="Enrol the 1 good row").click()
    page.wait_for_load_state()
    assert "1 person enrolled from mixed.csv; 1 row not enrolled." in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the 1 row not enrolled (CSV)").click()
    assert download.value.suggested_filename == "mixed-not-enrolled.csv"
