"""A learner's plan is seen by the learner, their mentors (while the mentorship is active)
and admins; only the learner edits it; private notes never reach the learner."""
from __future__ import annotations

from lms.extensions import db
from lms.permissions import can_add_checkin, can_edit_plan, can_see_private_notes, can_view_plan
from lms.plans.models import NoteVisibility
from lms.plans.services import add_checkin
from tests.factories.auth import make_user
from tests.factories.plans import end_mentorship, make_goal


def _noted_goal(world):
    goal = make_goal(world.learner, "Learn grid layout")
    add_checkin(goal, "Shared: try the grid garden", NoteVisibility.SHARED, world.mentor)
    add_checkin(goal, "Private: struggles with estimates", NoteVisibility.MENTORS, world.mentor)
    db.session.commit()
    return goal


def test_learner_sees_their_plan_with_shared_notes_but_never_private_ones(client, auth, world):
    _noted_goal(world)
    auth.login_as(world.learner)
    page = client.get("/plan").get_data(as_text=True)
    assert "Shared: try the grid garden" in page
    assert "Private: struggles" not in page and "private to mentors" not in page
    # The learner's own view through the people URL hides them too.
    page = client.get(f"/people/{world.learner.id}/plan").get_data(as_text=True)
    assert "Learn grid layout" in page and "Private: struggles" not in page


def test_learner_a_cannot_read_learner_bs_plan(client, auth, world):
    make_goal(world.other_learner, "Ben's secret goal")
    auth.login_as(world.learner)
    response = client.get(f"/people/{world.other_learner.id}/plan")
    assert response.status_code == 404 and b"secret goal" not in response.data


def test_mentor_sees_their_mentees_plan_and_private_notes_but_not_other_learners(client, auth, world):
    _noted_goal(world)
    make_goal(world.other_learner, "Ben's secret goal")
    auth.login_as(world.mentor)
    page = client.get(f"/people/{world.learner.id}/plan").get_data(as_text=True)
    assert "Learn grid layout" in page and "Private: struggles with estimates" in page
    assert client.get(f"/people/{world.other_learner.id}/plan").status_code == 404
    # Their own plan page lists the people they mentor.
    mine = client.get("/plan").get_data(as_text=True)
    assert f"/people/{world.learner.id}/plan" in mine and f"/people/{world.other_learner.id}/plan" not in mine


def test_a_mentor_of_the_same_cohort_without_a_mentorship_sees_nothing(client, auth, world):
    _noted_goal(world)
    auth.login_as(world.other_mentor)  # mentors in the cohort, but not this learner
    assert client.get(f"/people/{world.learner.id}/plan").status_code == 404


def test_access_ends_the_moment_the_mentorship_ends(client, auth, world):
    goal = _noted_goal(world)
    auth.login_as(world.mentor)
    assert client.get(f"/people/{world.learner.id}/plan").status_code == 200
    end_mentorship(world.mentorship)
    assert client.get(f"/people/{world.learner.id}/plan").status_code == 404
    response = client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "Still here?", "visibility": "shared"})
    assert response.status_code == 404
    assert not can_see_private_notes(world.mentor, world.learner.id)


def test_admin_sees_any_plan_and_its_private_notes(client, auth, world):
    _noted_goal(world)
    auth.login_as(world.admin)
    page = client.get(f"/people/{world.learner.id}/plan").get_data(as_text=True)
    assert "Private: struggles with estimates" in page


def test_unknown_people_and_anonymous_visitors_get_nothing(client, auth, world):
    assert client.get(f"/people/{world.learner.id}/plan").status_code == 302  # to sign in
    auth.login_as(world.admin)
    assert client.get("/people/999999/plan").status_code == 404


def test_only_the_learner_edits_their_goals(client, auth, world):
    goal = make_goal(world.learner)
    for someone, expected in ((world.mentor, 403), (world.admin, 403), (world.other_learner, 404)):
        auth.login_as(someone)
        assert client.get(f"/plan/goals/{goal.id}/edit").status_code == expected
        assert client.post(f"/plan/goals/{goal.id}/status", data={"to": "dropped", "version": "1"}).status_code \
            == expected
        assert client.post(f"/plan/goals/{goal.id}/delete", data={"version": "1"}).status_code == expected


def test_the_rules_themselves():
    class Anonymous:
        is_authenticated = False

    assert not can_view_plan(Anonymous(), 1) and not can_edit_plan(Anonymous(), 1)
    assert not can_add_checkin(Anonymous(), 1) and not can_see_private_notes(Anonymous(), 1)


def test_learners_cannot_leave_notes_on_their_own_goals(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    assert client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "Me", "visibility": "shared"}).status_code \
        == 403
    assert not can_add_checkin(world.learner, world.learner.id)
    # An admin reading their own plan is its owner: no private notes there either.
    admin_goal_owner = make_user(is_admin=True)
    assert not can_see_private_notes(admin_goal_owner, admin_goal_owner.id)


def test_the_cohort_people_page_links_each_learner_to_their_plan(client, auth, world):
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/people").get_data(as_text=True)
    assert f"/people/{world.learner.id}/plan" in page and f"/people/{world.other_learner.id}/plan" in page
