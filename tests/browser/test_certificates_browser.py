"""Certificate pages in Chromium (issue 16): the learner's page shows the PDF download by
itself once it is ready; the learner's and the cohort's certificate pages pass axe and fit
a 375 px phone, with a revoked certificate and an override form on the cohort page."""
from __future__ import annotations

import pytest

from lms.auth.models import User
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, EnrollmentRole
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD, make_user
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


def _pdf_pending(world) -> None:
    certificate = db.session.get(Certificate, world.certificate_a)
    certificate.pdf_key = None
    db.session.commit()


@pytest.fixture
def world(app):
    world = two_cohorts()
    cohort = db.session.get(Cohort, world.cohort_a)
    admin = db.session.get(User, world.admin)
    revoked, started = make_user(name="Rita Revoked"), make_user(name="Sam Started")
    for learner in (revoked, started):
        enrolment.enrol(cohort, learner, EnrollmentRole.LEARNER, actor=admin)
    certificate = services.issue_manually(revoked, cohort, admin, override_reason="for the page").certificate
    services.revoke(certificate, "Issued to the wrong person by mistake", admin)
    db.session.commit()
    return world


def test_learner_page_shows_the_download_once_the_pdf_is_ready(new_page, world):
    _pdf_pending(world)
    page = new_page()
    sign_in_page(page, world.email(world.learner_a), PASSWORD)
    page.goto("/certificates")
    if page.locator("[data-pdf-status]").count() == 0:
        # A render job an earlier test queued in the live server (which shares this database) may
        # have just made a PDF for this certificate id: make it pending again, once.
        _pdf_pending(world)
        page.reload()
    status = page.locator("[data-pdf-status]")
    assert "shows the download as soon as it is ready" in status.inner_text()
    assert page.get_by_role("link", name="Download PDF").count() == 0
    certificate = db.session.get(Certificate, world.certificate_a)
    certificate.pdf_key = "stand-in-key"
    db.session.commit()
    page.get_by_role("link", name="Download PDF").wait_for(timeout=15000)
    assert "Your PDF is ready." in status.inner_text()
    assert page.get_by_role("link", name="Check again").count() == 0


PAGES = {
    "my certificates (PDF being prepared)": ("learner_a", lambda w: "/certificates"),
    "cohort certificates (revoked, override)": ("admin", lambda w: f"/admin/certificates/cohorts/{w.cohort_a}"),
}


def test_certificate_pages_pass_axe_and_fit_a_phone(new_page, world):
    _pdf_pending(world)
    found, wide = audit_pages(new_page, world, PAGES)
    assert not found, found
    assert not wide, wide


def test_override_form_opens_without_javascript_help_and_needs_a_reason(new_page, world):
    page = new_page()
    sign_in_page(page, world.email(world.admin), PASSWORD)
    page.goto(f"/admin/certificates/cohorts/{world.cohort_a}")
    row = page.get_by_role("row").filter(has_text="Sam Started")
    row.get_by_text("Issue without completion…").click()
    row.get_by_role("button", name="Issue anyway").click()
    row = page.get_by_role("row").filter(has_text="Sam Started")
    assert "give a reason" in row.inner_text()
    row.get_by_label("Reason (required)").fill("Finished the work offline")
    row.get_by_role("button", name="Issue anyway").click()
    assert "Certificate issued to Sam Started." in page.inner_text("main")
