"""/api/v1/goals: a learner's own goals, read by their mentors; written through the plan services."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.extensions import db
from lms.plans.models import Goal, NoteVisibility
from lms.plans.services import GoalData, add_checkin, create_goal
from tests.api.mentoring_helpers import assert_constant_queries, callers


@pytest.fixture
def c(app, api_as):
    return callers(api_as)


def _goals_of(user_id: int) -> int:
    return db.session.scalar(select(func.count(Goal.id)).where(Goal.user_id == user_id))


def test_the_learner_lists_her_goals_and_her_mentor_lists_them_by_user_id(c):
    w = c.world
    own = c.learner_a.get("/api/v1/goals/").get_json()["data"]
    assert [goal["id"] for goal in own] == [w.plans_goal_a]
    assert own[0]["criteria"][0]["lesson_id"] == w.assignment_a_id
    assert [g["id"] for g in c.mentor_a.get(f"/api/v1/goals/?user_id={w.learner_a}").get_json()["data"]] \
        == [w.plans_goal_a]
    for stranger in (c.mentor_b, c.learner_b):
        assert stranger.get(f"/api/v1/goals/?user_id={w.learner_a}").status_code == 404
        assert stranger.get(f"/api/v1/goals/{w.plans_goal_a}").status_code == 404


def test_notes_private_to_mentors_never_reach_the_learner(c):
    w = c.world
    goal = db.session.get(Goal, w.plans_goal_a)
    add_checkin(goal, "Between us: she needs a nudge", NoteVisibility.MENTORS, c.user("mentor_a"))
    db.session.commit()
    learner = c.learner_a.get(f"/api/v1/goals/{w.plans_goal_a}")
    assert "Good start" in learner.get_data(as_text=True)
    assert "nudge" not in learner.get_data(as_text=True)
    mentor = c.mentor_a.get(f"/api/v1/goals/{w.plans_goal_a}").get_json()
    assert {note["visibility"] for note in mentor["notes"]} == {"shared", "mentors"}


def test_creating_a_goal_answers_201_with_its_location(c):
    response = c.learner_b.post("/api/v1/goals/", json={"title": "Price my work", "why": "Rent",
                                                         "status": "in_progress", "skills": []})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["title"] == "Price my work" and body["status"] == "in_progress" and body["notes"] == []
    assert response.headers["Location"] == f"/api/v1/goals/{body['id']}"
    assert c.learner_b.get(response.headers["Location"]).get_json()["id"] == body["id"]


def test_the_same_idempotency_key_creates_one_goal(c):
    w = c.world
    before = _goals_of(w.learner_a)
    headers = {"Idempotency-Key": "goal-1"}
    first = c.learner_a.post("/api/v1/goals/", json={"title": "Ship it"}, headers=headers)
    again = c.learner_a.post("/api/v1/goals/", json={"title": "Ship it"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert _goals_of(w.learner_a) == before + 1
    other = c.learner_a.post("/api/v1/goals/", json={"title": "Something else"}, headers=headers)
    assert other.status_code == 422 and _goals_of(w.learner_a) == before + 1


@pytest.mark.parametrize("body, field", [
    ({}, "title"), ({"title": ""}, "title"), ({"title": "x" * 201}, "title"),
    ({"title": "x", "colour": "red"}, "colour"), ({"title": "x", "status": "achieved"}, "status"),
    ({"title": "x", "target_on": "soon"}, "target_on"), ({"title": "x", "criteria": ["999999:Nope"]}, "title"),
    ({"title": "x", "skills": ["underwater basketry"]}, "title"),
])
def test_invalid_goals_are_problems_naming_the_field(c, body, field):
    before = _goals_of(c.world.learner_a)
    response = c.learner_a.post("/api/v1/goals/", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert _goals_of(c.world.learner_a) == before


def test_a_patch_needs_the_current_etag(c):
    url = f"/api/v1/goals/{c.world.plans_goal_a}"
    etag = c.learner_a.get(url).headers["ETag"]
    assert c.learner_a.patch(url, json={"why": "Clients"}).status_code == 428
    assert c.learner_a.patch(url, json={"why": "Clients"}, headers={"If-Match": '"stale"'}).status_code == 412
    response = c.learner_a.patch(url, json={"why": "Clients", "status": "in_progress"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["why"] == "Clients" and response.get_json()["status"] == "in_progress"
    assert response.get_json()["title"] == "Ship my first client site"   # what was not sent stays
    assert c.learner_a.patch(url, json={"why": "Again"}, headers={"If-Match": etag}).status_code == 412
    assert db.session.get(Goal, c.world.plans_goal_a).why == "Clients"


def test_only_the_learner_changes_her_goal(c):
    url = f"/api/v1/goals/{c.world.plans_goal_a}"
    assert c.mentor_a.patch(url, json={"why": "Mine now"}, headers={"If-Match": "*"}).status_code == 403
    assert c.admin.patch(url, json={"why": "Mine now"}, headers={"If-Match": "*"}).status_code == 403
    assert c.mentor_b.patch(url, json={"why": "Mine now"}, headers={"If-Match": "*"}).status_code == 404
    assert db.session.get(Goal, c.world.plans_goal_a).why == ""


def test_an_achieved_goal_keeps_its_words_until_reopened(c):
    url = f"/api/v1/goals/{c.world.plans_goal_a}"
    done = c.learner_a.patch(url, json={"status": "achieved", "cite_as_evidence": True}, headers={"If-Match": "*"})
    assert done.status_code == 200 and done.get_json()["achieved_at"] and done.get_json()["cite_as_evidence"]
    refused = c.learner_a.patch(url, json={"title": "Other words"}, headers={"If-Match": "*"})
    assert refused.status_code == 422
    reopened = c.learner_a.patch(url, json={"title": "Other words", "status": "in_progress"},
                                 headers={"If-Match": "*"})
    assert reopened.status_code == 200 and reopened.get_json()["title"] == "Other words"
    assert reopened.get_json()["cite_as_evidence"] is False
    bad = c.learner_a.patch(url, json={"status": "not_started"}, headers={"If-Match": "*"})
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]


def test_the_list_costs_the_same_queries_for_more_goals(c):
    learner = db.session.get(User, c.world.learner_a)

    def grow(count):
        for n in range(count):
            create_goal(learner.id, GoalData(title=f"Goal {n}", skills=[]))
        db.session.commit()
    assert_constant_queries(lambda: c.mentor_a.get(f"/api/v1/goals/?user_id={learner.id}&limit=200"), grow)
