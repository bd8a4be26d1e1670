"""New people are asked for their first goals; the matching page says who has not told us
their goals or skills yet."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.plans.models import Goal, GoalStatus
from tests.factories.auth import make_user
from tests.factories.plans import make_goal
from tests.factories.submissions import enroll
from tests.profiles.helpers import form_version


def _titles(user) -> list[str]:
    return list(db.session.scalars(select(Goal.title).where(Goal.user_id == user.id).order_by(Goal.id)))


def test_after_the_skills_step_people_without_goals_give_their_first_goals_then_go_on(client, auth):
    person = make_user()
    auth.login_as(person)
    data = {"timezone": "UTC", "languages": "", "version": form_version(client, "/welcome"), "next": "/submissions/"}
    after_skills = client.post("/welcome", data=data)
    assert after_skills.location == "/welcome/goals?next=/submissions/"
    after_goals = client.post(after_skills.location, data={"goal_1": "Land a client", "goal_2": "", "goal_3": ""})
    assert after_goals.location == "/submissions/"
    assert _titles(person) == ["Land a client"]


def test_people_who_have_goals_skip_the_first_goals_step(client, auth):
    person = make_user()
    make_goal(person, title="Already here")
    auth.login_as(person)
    data = {"timezone": "UTC", "languages": "", "version": form_version(client, "/welcome"), "next": "/submissions/"}
    assert client.post("/welcome", data=data).location == "/submissions/"


def test_welcome_step_adds_up_to_three_goals(client, auth, world):
    auth.login_as(world.learner)
    assert client.get("/welcome/goals").status_code == 200
    response = client.post("/welcome/goals", data={"goal_1": "Land a client", "goal_2": "", "goal_3": "Learn grid"})
    assert response.status_code == 302 and response.location.endswith("/plan")
    assert _titles(world.learner) == ["Land a client", "Learn grid"]
    assert all(goal.status == GoalStatus.NOT_STARTED for goal in db.session.scalars(select(Goal)))


def test_welcome_step_can_be_skipped(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/welcome/goals", data={"goal_1": "Typed but skipped", "skip": "1"})
    assert response.status_code == 302 and not response.location.endswith("/plan")
    assert _titles(world.learner) == []


def test_welcome_step_refuses_overlong_goals_and_keeps_the_text(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/welcome/goals", data={"goal_1": "x" * 201, "goal_2": "Keep me"})
    assert response.status_code == 200 and "Keep me" in response.get_data(as_text=True)
    assert _titles(world.learner) == []


def test_matching_page_says_how_many_learners_have_no_goals_or_skills_yet(client, auth, world):
    # The world's learner has a skill (figma) and no goal; the other learner has no skills.
    for _ in range(2):
        enroll(world.cohort, make_user(skills=["html"]))
    make_goal(world.other_learner, "Get feedback")
    achieved_only = make_user(skills=["css"])
    enroll(world.cohort, achieved_only)
    make_goal(achieved_only, "Done already", status=GoalStatus.ACHIEVED)
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/matches").get_data(as_text=True)
    # 5 learners: the world's learner, 2 new, achieved_only have no open goal; other_learner has no skills.
    assert "4 of 5 learners have no goals and 1 has no skills yet: matching uses the track" in page
    # The notice names them, so an admin can follow up with each.
    assert f"<bdi>{world.learner.name}</bdi>: no goals yet" in page
    assert f"<bdi>{achieved_only.name}</bdi>: no goals yet" in page
    assert f"<bdi>{world.other_learner.name}</bdi>: no skills yet" in page


def test_matching_page_has_no_notice_when_everyone_told_us_both(client, auth, world):
    from lms.profiles.skills import set_skills
    set_skills(world.other_learner.id, ["css"])
    make_goal(world.learner, "One")
    make_goal(world.other_learner, "Two")
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/matches").get_data(as_text=True)
    assert "have no goals" not in page and "no skills yet" not in page
