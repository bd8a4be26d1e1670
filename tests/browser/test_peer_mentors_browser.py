"""Peer mentoring in a real browser: the pages pass axe and fit a phone; a graduate accepts
the invitation from their home page and then finds the cohort's asks."""
from __future__ import annotations

import pytest

from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.extensions import db
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    """The two-cohort world: Gus (a graduate of track A) has an invited seat in cohort A."""
    return two_cohorts()


def test_peer_mentoring_pages_pass_axe_and_fit_a_phone(new_page, world):
    pages = {
        "admin's cohort page": ("admin", lambda w: f"/peer-mentoring/cohorts/{w.cohort_a}"),
        "graduate's invitation": ("peer_graduate", lambda w: f"/peer-mentoring/invitations/{w.peer_seat_a}"),
        "graduate's home": ("peer_graduate", lambda w: "/dashboard"),
        "graduate's profile": ("peer_graduate", lambda w: "/profile"),
    }
    found, wide = audit_pages(new_page, world, pages)
    assert found == {} and wide == {}, (found, wide)


def test_a_graduate_accepts_on_the_home_page_and_finds_the_asks(new_page, world):
    page = new_page()
    sign_in_page(page, world.email(world.peer_graduate), PASSWORD)
    page.goto("/dashboard")
    page.get_by_role("button", name="Accept the invitation to Cohort A").click()
    page.wait_for_load_state()
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, world.peer_seat_a).status == SeatStatus.ACTIVE
    page.goto("/dashboard")
    page.get_by_role("link", name="Open asks of Cohort A").click()
    page.wait_for_load_state()
    assert "/reviews/" in page.url
    found, wide = audit_pages(new_page, world, {
        "active seat": ("peer_graduate", lambda w: f"/peer-mentoring/invitations/{w.peer_seat_a}"),
        "admin's page with an active seat": ("admin", lambda w: f"/peer-mentoring/cohorts/{w.cohort_a}")})
    assert found == {} and wide == {}, (found, wide)
