"""The plan pages in Chromium: no serious accessibility violations (axe), and they fit a
375 px phone without scrolling sideways."""
from __future__ import annotations

import pytest

from lms.auth.models import User
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.plans.models import NoteVisibility
from lms.plans.services import add_checkin
from tests.browser.conftest import audit_pages
from tests.factories.plans import make_goal
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    world = two_cohorts()
    learner = db.session.get(Enrollment, world.enrollment_a).user
    goal = make_goal(learner, "Write a very long goal title that has to wrap on a phone screen without scrolling",
                     why="Because " * 40, measure="Reviewed as Excellent on structure", skills=["html"])
    add_checkin(goal, "A **private** remark", NoteVisibility.MENTORS, db.session.get(User, world.mentor_a))
    db.session.commit()
    return world


PAGES = {
    "learner's plan": ("learner_a", lambda w: "/plan"),
    "new goal": ("learner_a", lambda w: "/plan/goals/new"),
    "edit goal": ("learner_a", lambda w: f"/plan/goals/{w.plans_goal_a}/edit"),
    "first goals": ("learner_a", lambda w: "/welcome/goals"),
    "mentor's view of the plan": ("mentor_a", lambda w: f"/people/{w.learner_a}/plan"),
    "mentor's own plan with mentees": ("mentor_a", lambda w: "/plan"),
}


def test_plan_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)
