"""Workshops in a real browser: the pages pass axe and fit a phone; a mentor schedules a
session, a learner registers, then cancels their place."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.meetings import workshop_seats
from lms.meetings.models import RegistrationStatus, Workshop, WorkshopRegistration
from tests.browser.conftest import audit_pages, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.meetings import make_workshop, register
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser

LONG = "Pricingandproposalsworkshop" * 5


@pytest.fixture
def worlds(app):
    """The two-cohort world; learner A holds a seat at workshop A, and a past workshop (a long
    title) where learner A had a seat has ended, so the attendance and recording forms show."""
    world = two_cohorts()
    learner = db.session.get(User, world.learner_a)
    workshop_seats.register(db.session.get(Workshop, world.workshop_a), learner)
    past = make_workshop(db.session.get(User, world.mentor_a), datetime.now(timezone.utc) - timedelta(days=2),
                         cohort=db.session.get(Cohort, world.cohort_a), title=LONG,
                         description_html="<p>Bring a brief.</p>")
    register(past, learner)
    db.session.commit()
    return world, past.id


def test_workshop_pages_pass_axe_and_fit_a_phone(new_page, worlds):
    world, past_id = worlds
    pages = {
        "learner's list": ("learner_a", lambda w: "/workshops/"),
        "learner's workshop": ("learner_a", lambda w: f"/workshops/{w.workshop_a}"),
        "learner's past workshop": ("learner_a", lambda w: f"/workshops/{past_id}"),
        "mentor's list": ("mentor_a", lambda w: "/workshops/"),
        "new workshop": ("mentor_a", lambda w: f"/workshops/new?cohort_id={w.cohort_a}"),
        "mentor's workshop": ("mentor_a", lambda w: f"/workshops/{w.workshop_a}"),
        "edit workshop": ("mentor_a", lambda w: f"/workshops/{w.workshop_a}/edit"),
        "attendance and recording": ("mentor_a", lambda w: f"/workshops/{past_id}"),
        "admin's workshop": ("admin", lambda w: f"/workshops/{w.workshop_a}"),
    }
    found, wide = audit_pages(new_page, world, pages)
    assert found == {} and wide == {}, (found, wide)


def test_a_mentor_schedules_a_learner_registers_then_cancels(new_page, worlds):
    world, _ = worlds
    mentor = new_page()
    sign_in_page(mentor, world.email(world.mentor_a), PASSWORD)
    mentor.goto(f"/workshops/new?cohort_id={world.cohort_a}")
    mentor.get_by_label("Kind").select_option("office_hours")
    mentor.get_by_label("Title").fill("Portfolio clinic")
    mentor.get_by_label("Description").fill("Bring **one** project.")
    mentor.get_by_label("Date").fill((date.today() + timedelta(days=6)).isoformat())
    mentor.get_by_label("Start time").fill("18:30")
    mentor.get_by_label("Seats").fill("1")
    mentor.get_by_role("button", name="Schedule").click()
    mentor.wait_for_load_state()
    assert "Scheduled" in mentor.locator(".flashes").inner_text()
    workshop_url = mentor.url

    learner = new_page()
    sign_in_page(learner, world.email(world.learner_a), PASSWORD)
    learner.goto("/workshops/")
    learner.get_by_role("link", name="Portfolio clinic").click()
    learner.wait_for_load_state()
    assert "one" in learner.locator("strong", has_text="one").inner_text()
    learner.get_by_role("button", name="Register").click()
    learner.wait_for_load_state()
    assert "You have a seat." in learner.content()
    learner.once("dialog", lambda dialog: dialog.accept())
    learner.get_by_role("button", name="Cancel my place").click()
    learner.wait_for_load_state()
    assert "You are no longer registered." in learner.locator(".flashes").inner_text()
    workshop_id = int(workshop_url.rstrip("/").rsplit("/", 1)[1])
    db.session.expire_all()
    assert db.session.scalar(db.select(WorkshopRegistration.status).where(
        WorkshopRegistration.workshop_id == workshop_id)) == RegistrationStatus.CANCELLED
    assert db.session.get(Workshop, workshop_id).seats_taken == 0
