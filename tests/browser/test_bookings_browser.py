"""One-to-one sessions in a real browser: the booking, sessions and session pages pass axe and
fit a phone; a learner books a session, moves it, and cancels it."""
from __future__ import annotations

import pytest

from lms.extensions import db
from lms.meetings.models import Booking, BookingStatus
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    """The two-cohort world, learner A in Kolkata (mentor A's times shown beside theirs)."""
    return two_cohorts(learner_a_fields={"timezone": "Asia/Kolkata"})


PAGES = {
    "booking page": ("learner_a", lambda w: f"/meetings/book/{w.enrollment_a}?mentor_id={w.mentor_a}&week=1"),
    "learner's sessions": ("learner_a", lambda w: "/meetings/"),
    "learner's session": ("learner_a", lambda w: f"/meetings/{w.booking_a}"),
    "reschedule page": ("learner_a", lambda w: f"/meetings/{w.booking_a}/reschedule?week=1"),
    "mentor's sessions": ("mentor_a", lambda w: "/meetings/"),
    "mentor's session": ("mentor_a", lambda w: f"/meetings/{w.booking_a}"),
    "admin's session": ("admin", lambda w: f"/meetings/{w.booking_a}"),
}


def test_session_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)


def test_a_learner_books_moves_and_cancels_a_session(new_page, world):
    learner = new_page()
    learner.on("dialog", lambda dialog: dialog.accept())
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto(f"/cohorts/{world.cohort_a}/mentor")
    learner.get_by_role("link", name="Book a session with Mia Mentor").click()
    learner.get_by_role("link", name="Later week →").click()
    learner.locator("input[name=starts]").nth(2).check()
    learner.get_by_label("Agenda").fill("My **pricing** table")
    learner.get_by_role("button", name="Book 30 minutes with Mia Mentor").click()
    learner.wait_for_load_state()
    assert "Booked." in learner.content() and "Confirmed" in learner.content()
    assert "<strong>pricing</strong>" in learner.content()
    booking_id = int(learner.url.rstrip("/").rsplit("/", 1)[1])

    learner.get_by_role("link", name="Pick another time").click()
    learner.get_by_role("link", name="Later week →").click()
    learner.locator("input[name=starts]").nth(5).check()
    learner.get_by_label("Why (optional)").fill("A clash at work")
    learner.get_by_role("button", name="Move to this time").click()
    learner.wait_for_load_state()
    assert "Moved." in learner.content() and "A clash at work" in learner.content()

    learner.get_by_label("Reason").fill("Something came up")
    learner.get_by_role("button", name="Cancel the session").click()
    learner.wait_for_load_state()
    assert "Cancelled. The time is free again." in learner.content()

    db.session.expire_all()
    booking = db.session.get(Booking, booking_id)
    assert booking.status == BookingStatus.CANCELLED and booking.reschedules == 1 and booking.sequence == 2
