"""A learner keeps goals in their own words: create, edit, move along the statuses, drop or
delete; links only to what their tracks and profile offer; stale edits lose nothing."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from lms.extensions import db
from lms.plans import services
from lms.plans.models import Goal, GoalCriterion, GoalStatus
from tests.factories.auth import make_user
from tests.factories.plans import make_goal
from tests.factories.submissions import make_track


def _goal(goal_id: int) -> Goal | None:
    db.session.expire_all()
    return db.session.get(Goal, goal_id)


def _form(**overrides) -> dict:
    data = {"title": "Land my first client", "why": "Leave retail.\nEarn from the web.",
            "measure": "One paid project", "target_on": "2030-06-30"}
    data.update(overrides)
    return data


def test_learner_adds_a_goal_in_their_own_words_and_sees_it_on_their_plan(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/plan/goals/new", data=_form(skills=["html", "figma"],
                                                          criteria=[f"{world.lesson.id}:Structure"]))
    assert response.status_code == 302 and response.location.endswith("/plan")
    goal = db.session.scalar(select(Goal).where(Goal.user_id == world.learner.id))
    assert (goal.title, goal.why, goal.measure, goal.target_on) == (
        "Land my first client", "Leave retail.\nEarn from the web.", "One paid project", date(2030, 6, 30))
    assert goal.status == GoalStatus.NOT_STARTED and goal.achieved_at is None
    assert [link.skill for link in goal.skills] == ["figma", "html"]
    assert [(c.lesson_id, c.criterion) for c in goal.criteria] == [(world.lesson.id, "Structure")]
    page = client.get("/plan").get_data(as_text=True)
    assert "Land my first client" in page and "One paid project" in page and "not started" in page


def test_a_goal_needs_a_title_and_the_form_keeps_what_was_typed(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/plan/goals/new", data=_form(title="   ", why="My reasons"))
    assert response.status_code == 200
    assert "My reasons" in response.get_data(as_text=True)
    assert db.session.scalar(select(Goal)) is None


def test_an_invalid_date_re_renders_the_form_instead_of_failing(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/plan/goals/new", data=_form(target_on="31/02/2030"))
    assert response.status_code == 200 and "field--error" in response.get_data(as_text=True)


def test_skills_outside_the_learners_tracks_and_profile_are_refused(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/plan/goals/new", data=_form(skills=["rocket science"]))
    assert response.status_code == 200
    assert "is not a skill of your tracks or your profile" in response.get_data(as_text=True)
    assert db.session.scalar(select(Goal)) is None


def test_only_criteria_of_tracks_the_learner_is_enrolled_in_may_be_linked(client, auth, world):
    _, foreign_lesson = make_track()  # a track the learner is not enrolled in
    auth.login_as(world.learner)
    for bad in (f"{foreign_lesson.id}:Structure", f"{world.lesson.id}:No such criterion", "nonsense", ":"):
        response = client.post("/plan/goals/new", data=_form(criteria=[bad]))
        assert response.status_code == 200, bad
        assert "Link only rubric criteria" in response.get_data(as_text=True)
    assert db.session.scalar(select(GoalCriterion)) is None


def test_a_withdrawn_learner_can_no_longer_link_that_tracks_criteria(client, auth, world):
    from lms.cohorts.models import Enrollment, EnrollmentStatus
    db.session.execute(update(Enrollment).where(Enrollment.id == world.enrollment.id)
                       .values(status=EnrollmentStatus.WITHDRAWN))
    db.session.commit()
    auth.login_as(world.learner)
    response = client.post("/plan/goals/new", data=_form(criteria=[f"{world.lesson.id}:Structure"]))
    assert "Link only rubric criteria" in response.get_data(as_text=True)


def test_learner_edits_a_goal_and_its_links(client, auth, world):
    goal = make_goal(world.learner, skills=["html"])
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(
        title="Land two clients", version=str(goal.version), skills=["css"],
        criteria=[f"{world.lesson.id}:Accessibility"]))
    assert response.status_code == 302
    goal = _goal(goal.id)
    assert goal.title == "Land two clients" and [s.skill for s in goal.skills] == ["css"]
    assert [c.criterion for c in goal.criteria] == ["Accessibility"]


def test_a_stale_edit_is_refused_with_a_message_and_keeps_the_users_text(client, auth, world):
    goal = make_goal(world.learner)
    seen_version = goal.version
    goal.title = "Changed in another tab"
    db.session.commit()
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(title="My careful rewrite",
                                                                     why="Words I do not want to lose",
                                                                     version=str(seen_version)))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed somewhere else" in page and "Your changes were not saved" in page
    assert "My careful rewrite" in page and "Words I do not want to lose" in page  # nothing lost
    assert "Changed in another tab" in page                                    # and what is saved now
    assert _goal(goal.id).title == "Changed in another tab"
    # The form now carries the current version: saving again applies the user's text.
    current = _goal(goal.id).version
    assert f'value="{current}"' in page
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(title="My careful rewrite", version=str(current)))
    assert response.status_code == 302 and _goal(goal.id).title == "My careful rewrite"


def test_editing_a_goal_deleted_meanwhile_keeps_the_text_for_a_new_goal(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    form_page = client.get(f"/plan/goals/{goal.id}/edit")
    assert form_page.status_code == 200
    db.session.delete(_goal(goal.id))
    db.session.commit()
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(title="Still matters", version="1"))
    assert response.status_code == 404  # it is gone; nothing to edit


def test_status_moves_along_the_machine_and_achieving_stamps_the_time(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    for target in ("in_progress", "achieved"):
        response = client.post(f"/plan/goals/{goal.id}/status", data={"to": target, "version": _goal(goal.id).version})
        assert response.status_code == 302
    goal = _goal(goal.id)
    assert goal.status == GoalStatus.ACHIEVED and goal.achieved_at is not None
    # Reopening forgets the achievement.
    client.post(f"/plan/goals/{goal.id}/status", data={"to": "in_progress", "version": goal.version})
    goal = _goal(goal.id)
    assert goal.status == GoalStatus.IN_PROGRESS and goal.achieved_at is None


def test_a_move_the_machine_does_not_allow_is_refused_with_a_message(client, auth, world):
    goal = make_goal(world.learner, status=GoalStatus.ACHIEVED)
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/status", data={"to": "dropped", "version": goal.version},
                           follow_redirects=True)
    assert "is achieved and cannot become dropped" in response.get_data(as_text=True)
    assert _goal(goal.id).status == GoalStatus.ACHIEVED
    response = client.post(f"/plan/goals/{goal.id}/status", data={"to": "finished", "version": goal.version},
                           follow_redirects=True)
    assert response.status_code == 200 and _goal(goal.id).status == GoalStatus.ACHIEVED


def test_a_status_change_on_a_stale_page_is_refused(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/status", data={"to": "in_progress", "version": goal.version + 5},
                           follow_redirects=True)
    assert "changed somewhere else" in response.get_data(as_text=True)
    assert _goal(goal.id).status == GoalStatus.NOT_STARTED


def test_an_achieved_goal_keeps_its_words_but_may_be_cited(client, auth, world):
    goal = make_goal(world.learner, "Ship a site", status=GoalStatus.ACHIEVED)
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/edit", data={"title": "Something else", "version": goal.version})
    assert "words stay as they were" in response.get_data(as_text=True)
    response = client.post(f"/plan/goals/{goal.id}/edit", data={"title": "Ship a site", "version": goal.version,
                                                                "cite_as_evidence": "y"})
    assert response.status_code == 302
    assert _goal(goal.id).cite_as_evidence is True and _goal(goal.id).title == "Ship a site"


def test_only_achieved_goals_can_be_cited_and_reopening_withdraws_the_citation(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    client.post(f"/plan/goals/{goal.id}/edit", data=_form(version=goal.version, cite_as_evidence="y"))
    assert _goal(goal.id).cite_as_evidence is False
    achieved = make_goal(world.learner, "Done", status=GoalStatus.ACHIEVED)
    client.post(f"/plan/goals/{achieved.id}/edit", data={"title": "Done", "version": achieved.version,
                                                         "cite_as_evidence": "y"})
    assert _goal(achieved.id).cite_as_evidence is True
    client.post(f"/plan/goals/{achieved.id}/status", data={"to": "in_progress", "version": _goal(achieved.id).version})
    assert _goal(achieved.id).cite_as_evidence is False


def test_learner_deletes_a_goal_without_notes_but_must_drop_one_with_notes(client, auth, world):
    from lms.plans.models import NoteVisibility
    from lms.plans.services import add_checkin

    plain = make_goal(world.learner, "Plain")
    noted = make_goal(world.learner, "Noted")
    add_checkin(noted, "Keep going", NoteVisibility.SHARED, world.mentor)
    db.session.commit()
    plain_id = plain.id
    auth.login_as(world.learner)
    assert client.post(f"/plan/goals/{plain_id}/delete", data={"version": plain.version}).status_code == 302
    assert _goal(plain_id) is None
    response = client.post(f"/plan/goals/{noted.id}/delete", data={"version": noted.version}, follow_redirects=True)
    assert "mark it dropped instead" in response.get_data(as_text=True)
    assert _goal(noted.id) is not None


def test_mass_assignment_on_the_goal_form_changes_only_the_goals_own_fields(client, auth, world):
    other = make_user()
    theirs = make_goal(world.other_learner, "Not yours")
    auth.login_as(world.learner)
    smuggled = {"user_id": str(other.id), "achieved_at": "2000-01-01T00:00", "status": "achieved",
                "created_at": "2000-01-01", "id": str(theirs.id), "goal_id": str(theirs.id),
                "cite_as_evidence": "y", "version": "1"}
    response = client.post("/plan/goals/new", data={**_form(), **smuggled})
    assert response.status_code == 302
    mine = db.session.scalar(select(Goal).where(Goal.title == "Land my first client"))
    assert mine.user_id == world.learner.id and mine.status == GoalStatus.NOT_STARTED
    assert mine.achieved_at is None and mine.cite_as_evidence is False and mine.created_at.year > 2000
    # An edit cannot move the goal to someone else, achieve it, or set its version.
    response = client.post(f"/plan/goals/{mine.id}/edit", data={**_form(title="Edited"), **smuggled,
                                                                "version": str(mine.version)})
    assert response.status_code == 302
    mine = _goal(mine.id)
    assert (mine.user_id, mine.status, mine.achieved_at, mine.version) == (world.learner.id, GoalStatus.NOT_STARTED,
                                                                           None, 2)
    assert _goal(theirs.id).title == "Not yours" and _goal(theirs.id).user_id == world.other_learner.id


def test_a_version_far_ahead_is_a_stale_edit_not_a_way_to_skip_versions(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.learner)
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(version="999999"))
    assert response.status_code == 409 and _goal(goal.id).version == 1
    response = client.post(f"/plan/goals/{goal.id}/edit", data=_form(version="not a number"))
    assert response.status_code == 200 and _goal(goal.id).version == 1


def test_two_saves_racing_on_the_same_version_give_one_winner_and_a_stale_message(app, world):
    """Both read version 1; the other save lands between our read and our write: the
    version column makes our UPDATE match no row, and the service says so."""
    goal = make_goal(world.learner, "Original")
    assert goal.version == 1
    # The other request's write, on its own connection, after we read the goal.
    with db.engine.begin() as connection:
        connection.execute(update(Goal).where(Goal.id == goal.id).values(title="Theirs", version=2))
    with pytest.raises(services.StaleGoal):
        services.update_goal(goal, services.GoalData(title="Mine"), based_on_version=1)
    db.session.rollback()
    assert _goal(goal.id).title == "Theirs"
