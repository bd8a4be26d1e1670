"""The mentoring journey in a real browser: a learner finds a mentor in the directory and
asks them, the mentor accepts from their queue, the learner then sees the mentor's
contact, writes a goal, and reads the mentor's check-in note on it."""
from __future__ import annotations

import pytest

from lms.extensions import db
from lms.profiles.models import SkillLevel
from lms.profiles.skills import set_skills
from tests.browser.conftest import sign_in_page
from tests.factories.auth import PASSWORD, make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.mentorships.helpers import make_mentor

pytestmark = pytest.mark.browser


@pytest.fixture
def people(app):
    cohort = make_cohort(name="Autumn cohort", learners_request_mentors=True)
    ana = make_mentor(cohort, name="Ana Analyst", skills={"python": SkillLevel.EXPERT}, languages=["en", "es"],
                      headline="Data lead at a retailer", max_mentees=3, commit=False)
    make_mentor(cohort, name="Ben Builder", skills={"css": SkillLevel.STRONG}, languages=["en"], commit=False)
    lea = make_user(name="Lea Learner", commit=False)
    db.session.flush()
    set_skills(lea.id, {"python": SkillLevel.LEARNING})
    enrol(cohort, lea, commit=False)
    db.session.commit()
    return cohort, ana, lea


def test_a_learner_finds_asks_and_works_with_a_mentor(new_page, people):
    cohort, ana, lea = people
    learner = new_page()
    sign_in_page(learner, lea.email, PASSWORD)
    learner.goto(f"/cohorts/{cohort.id}/mentors")
    card = learner.locator(".mentor-card", has_text="Ana Analyst")
    assert "python" in card.inner_text() and ana.email not in learner.content()
    card.get_by_role("link", name="Ask Ana Analyst to mentor you").click()
    learner.get_by_label("A short message to the mentor").fill("I want to get better at pandas for client reports.")
    learner.get_by_role("button", name="Send request").click()
    learner.wait_for_load_state()
    assert "Your request is on its way" in learner.locator(".flashes").inner_text()

    mentor = new_page()
    sign_in_page(mentor, ana.email, PASSWORD)
    mentor.goto("/mentor-requests")
    assert "pandas for client reports" in mentor.content()
    mentor.get_by_role("button", name="Accept").first.click()
    mentor.wait_for_load_state()

    learner.goto(f"/cohorts/{cohort.id}/mentor")
    assert ana.email in learner.content() and "Data lead at a retailer" in learner.content()
    learner.goto("/plan/goals/new")
    learner.get_by_label("What do you want to achieve?").fill("Automate my monthly client report")
    learner.get_by_role("button", name="Add goal").click()
    learner.wait_for_load_state()

    mentor.goto(f"/people/{lea.id}/plan")
    assert "Automate my monthly client report" in mentor.content()
    mentor.get_by_role("textbox", name="Note").first.fill("Start with one report and a **pandas** notebook.")
    mentor.get_by_role("button", name="Add note").first.click()
    mentor.wait_for_load_state()

    learner.goto("/plan")
    assert learner.locator("strong", has_text="pandas").count() >= 1
