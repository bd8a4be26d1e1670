"""``flask demo``: the demo learners have goals, some linked to rubric criteria, with a
check-in note from their mentor; running it again adds nothing."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from lms.auth import passwords
from lms.auth.models import User
from lms.cohorts.models import Enrollment, Mentorship, MentorshipStatus
from lms.extensions import db
from lms.plans.demo import GOALS
from lms.plans.models import Goal, GoalCheckIn, GoalCriterion, GoalStatus, NoteVisibility


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "hash_password", PasswordHasher(time_cost=1, memory_cost=1024).hash)


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", lambda certificate: b"%PDF-1.7\n")


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count(model.id))) for model in (Goal, GoalCriterion, GoalCheckIn)]


def test_demo_learners_have_goals_linked_criteria_and_mentor_notes(runner, client, auth):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Plans: goals for 6 learners" in result.output
    goals = db.session.scalars(select(Goal).join(User, User.id == Goal.user_id)).all()
    assert sorted(goal.title for goal in goals) == sorted(spec[0] for spec in GOALS.values())
    assert db.session.scalar(select(func.count(GoalCriterion.id))) >= 4
    notes = db.session.scalars(select(GoalCheckIn)).all()
    assert {note.visibility for note in notes} == {NoteVisibility.SHARED, NoteVisibility.MENTORS}
    mentored = set(db.session.scalars(
        select(Enrollment.user_id).join(Mentorship, Mentorship.enrollment_id == Enrollment.id)
        .where(Mentorship.status == MentorshipStatus.ACTIVE)))
    assert mentored, "the demo pairs learners with mentors"
    # Every mentored learner's goals have a note from their mentor (a learner left without
    # a mentor by the demo's capacities and away mentors has none).
    assert {goal.user_id for goal in goals if goal.id in {note.goal_id for note in notes}} == mentored
    achieved = [goal for goal in goals if goal.status == GoalStatus.ACHIEVED]
    assert achieved and all(goal.achieved_at and goal.cite_as_evidence for goal in achieved)
    # The demo learner's plan shows the note; the demo mentor reads it with the private one.
    auth.login("learner@demo.test", "demo-learner-pass")
    page = client.get("/plan").get_data(as_text=True)
    assert "Build a portfolio site and land my first client" in page and "case study" in page
    assert "pricing mentor" not in page

    before = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == before
