"""Mentor requests through the app: ranked picks asked one after another, accept, decline,
skips, escalation to the admins, double submits, withdrawal and "ask again"."""
from __future__ import annotations

from datetime import date, timedelta

from lms.cohorts.models import EnrollmentRole, MatchExclusion, MentorshipRole, MentorshipStatus
from lms.cohorts.relationships import active_mentorships, end_mentorship, start_mentorship
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships import requests
from tests.factories.cohorts import enrol, make_cohort
from tests.mentorships.conftest import learner_in, set_capacity
from tests.mentorships.helpers import asked_pick, only_request, pick_states, titles


def _ask(client, world, *mentors, role="primary", skill="", message="Hello!"):
    picks = {f"pick_{n}": str(m.id) for n, m in enumerate(mentors, start=1)}
    return client.post(f"/cohorts/{world.cohort.id}/mentor-requests/new",
                       data={**picks, "role": role, "skill": skill, "message": message})


def test_the_first_pick_is_asked_with_a_deadline_and_sees_the_request_in_their_queue(client, auth, world):
    ana, ben, cleo = world.mentors
    auth.login_as(world.learner)
    before = utcnow()
    response = _ask(client, world, ana, ben, cleo, message="I want to ship my *first* site.")
    assert response.status_code == 302
    request = only_request(world.enrollment)
    assert pick_states(request) == [(ana.id, "asked"), (ben.id, "queued"), (cleo.id, "queued")]
    pick = asked_pick(request)
    assert before + timedelta(days=3) <= pick.respond_by <= utcnow() + timedelta(days=3)
    assert titles(ana.id) == ["Lea Learner asks you to be their primary mentor"]
    auth.login_as(ana)
    page = client.get("/mentor-requests").get_data(as_text=True)
    assert "<bdi>Lea Learner</bdi> asks you to be their primary mentor" in page
    assert "I want to ship my *first* site." in page
    assert "css" in page  # the learner's skills


def test_accepting_starts_the_relationship_and_cancels_the_other_picks(client, auth, world):
    ana, ben, cleo = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben, cleo)
    pick = asked_pick(only_request(world.enrollment))
    auth.login_as(ana)
    page = client.post(f"/mentor-requests/picks/{pick.id}/accept", follow_redirects=True).get_data(as_text=True)
    assert "You are now mentoring Lea Learner." in page
    request = only_request(world.enrollment)
    assert request.status == "accepted" and request.mentorship_id is not None
    assert pick_states(request) == [(ana.id, "accepted"), (ben.id, "cancelled"), (cleo.id, "cancelled")]
    [mentorship] = active_mentorships(world.enrollment.id)
    assert (mentorship.mentor_id, mentorship.role) == (ana.id, MentorshipRole.PRIMARY)
    db.session.refresh(world.enrollment)
    assert world.enrollment.mentor_id == ana.id
    assert "Ana Mentor accepted: they are now your primary mentor" in titles(world.learner.id)
    auth.login_as(world.learner)
    mine = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "Ana Mentor" in mine and "Primary mentor (reviews the work)" in mine


def test_a_decline_needs_a_reason_and_then_asks_the_next_pick(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben)
    pick = asked_pick(only_request(world.enrollment))
    auth.login_as(ana)
    refused = client.post(f"/mentor-requests/picks/{pick.id}/decline", data={"reason": "  "})
    assert refused.status_code == 400 and "Say briefly why." in refused.get_data(as_text=True)
    client.post(f"/mentor-requests/picks/{pick.id}/decline", data={"reason": "Fully booked until May."})
    request = only_request(world.enrollment)
    assert pick_states(request) == [(ana.id, "declined"), (ben.id, "asked")]
    assert "Ana Mentor cannot be your primary mentor; we are asking your next choice" in titles(world.learner.id)


def test_when_every_pick_declines_the_request_goes_to_the_admins_who_assign_someone(client, auth, world, admin):
    ana, ben, cleo = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben, role="skill", skill="css")
    for mentor in (ana, ben):
        pick = asked_pick(only_request(world.enrollment))
        auth.login_as(mentor)
        client.post(f"/mentor-requests/picks/{pick.id}/decline", data={"reason": "No time."})
    request = only_request(world.enrollment)
    assert request.status == "with_admins"
    assert any("Lea Learner needs a skill mentor for css" in t for t in titles(admin.id))
    auth.login_as(admin)
    page = client.get(f"/cohorts/{world.cohort.id}/mentor-requests").get_data(as_text=True)
    assert "<bdi>Lea Learner</bdi>: skill mentor for <bdi>css</bdi>" in page and "No time." in page
    client.post(f"/mentor-requests/{request.id}/assign", data={"mentor_id": str(cleo.id), "note": ""})
    request = only_request(world.enrollment)
    assert request.status == "closed" and request.settled_by_id == admin.id
    [mentorship] = active_mentorships(world.enrollment.id)
    assert (mentorship.mentor_id, mentorship.role, mentorship.skill) == (cleo.id, MentorshipRole.SKILL, "css")


def test_an_admin_can_close_a_request_with_a_note_the_learner_reads(client, auth, world, admin):
    ana = world.mentors[0]
    auth.login_as(world.learner)
    _ask(client, world, ana)
    auth.login_as(ana)
    client.post(f"/mentor-requests/picks/{asked_pick(only_request(world.enrollment)).id}/decline",
                data={"reason": "No."})
    request = only_request(world.enrollment)
    auth.login_as(admin)
    empty = client.post(f"/mentor-requests/{request.id}/close", data={"note": ""})
    assert empty.status_code == 400 and "Write a short note." in empty.get_data(as_text=True)
    client.post(f"/mentor-requests/{request.id}/close", data={"note": "We pair you next week in the call."})
    assert only_request(world.enrollment).status == "closed"
    assert "The program team closed your request for a primary mentor" in titles(world.learner.id)


def test_full_away_and_excluded_picks_are_skipped_when_their_turn_comes(client, auth, world):
    ana, ben, cleo = world.mentors
    set_capacity(ana, 0)
    set_capacity(ben, None, away_until=date.today() + timedelta(days=7))
    auth.login_as(world.learner)
    _ask(client, world, ana, ben, cleo)
    assert pick_states(only_request(world.enrollment)) == [(ana.id, "skipped"), (ben.id, "skipped"), (cleo.id, "asked")]


def test_an_excluded_mentor_added_after_the_request_is_skipped(client, auth, world, admin):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben)
    db.session.add(MatchExclusion(learner_id=world.learner.id, mentor_id=ben.id, reason="their client"))
    db.session.commit()
    auth.login_as(ana)
    client.post(f"/mentor-requests/picks/{asked_pick(only_request(world.enrollment)).id}/decline",
                data={"reason": "No."})
    request = only_request(world.enrollment)
    assert pick_states(request) == [(ana.id, "declined"), (ben.id, "skipped")] and request.status == "with_admins"


def test_excluded_mentors_are_not_offered_and_cannot_be_posted(client, auth, world):
    ana, ben, _ = world.mentors
    db.session.add(MatchExclusion(learner_id=world.learner.id, mentor_id=ana.id))
    db.session.commit()
    auth.login_as(world.learner)
    form = client.get(f"/cohorts/{world.cohort.id}/mentor-requests/new").get_data(as_text=True)
    assert "Ben Mentor" in form and "Ana Mentor" not in form
    response = _ask(client, world, ana)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(requests.MentorRequest)) == 0


def test_accepting_when_full_is_refused_and_the_request_moves_on(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben)
    set_capacity(ana, 0)  # filled up after being asked
    auth.login_as(ana)
    page = client.post(f"/mentor-requests/picks/{asked_pick(only_request(world.enrollment)).id}/accept",
                       follow_redirects=True).get_data(as_text=True)
    assert "Ana Mentor has no free place. The request moved on to the learner&#39;s next pick." in page
    assert pick_states(only_request(world.enrollment)) == [(ana.id, "skipped"), (ben.id, "asked")]
    assert active_mentorships(world.enrollment.id) == []


def test_a_double_submit_creates_one_request_with_a_clear_message(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    assert _ask(client, world, ana).status_code == 302
    again = _ask(client, world, ben)
    assert again.status_code == 200
    assert "You already have an open request for this kind of mentor" in again.get_data(as_text=True)
    only_request(world.enrollment)


def test_the_form_preselects_the_mentor_from_the_directory_link(client, auth, world):
    ben = world.mentors[1]
    auth.login_as(world.learner)
    page = client.get(f"/cohorts/{world.cohort.id}/mentor-requests/new?mentor={ben.id}").get_data(as_text=True)
    assert f'<option selected value="{ben.id}">Ben Mentor</option>' in page


def test_a_cohort_where_admins_assign_refuses_requests(client, auth, world):
    world.cohort.learners_request_mentors = False
    db.session.commit()
    auth.login_as(world.learner)
    assert client.get(f"/cohorts/{world.cohort.id}/mentor-requests/new").status_code == 403
    assert _ask(client, world, world.mentors[0]).status_code == 403


def test_a_skill_request_needs_a_skill_and_a_second_primary_is_refused(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    assert "Name the skill" in _ask(client, world, ana, role="skill").get_data(as_text=True)
    start_mentorship(world.enrollment, ben.id)
    db.session.commit()
    assert "You already have a primary mentor" in _ask(client, world, ana).get_data(as_text=True)


def test_the_learner_withdraws_an_open_request(client, auth, world):
    ana = world.mentors[0]
    auth.login_as(world.learner)
    _ask(client, world, ana)
    request = only_request(world.enrollment)
    client.post(f"/mentor-requests/{request.id}/withdraw")
    request = only_request(world.enrollment)
    assert request.status == "withdrawn" and pick_states(request) == [(ana.id, "cancelled")]
    auth.login_as(ana)
    assert "Nobody is waiting for your answer" in client.get("/mentor-requests").get_data(as_text=True)


def test_only_the_asked_mentor_answers_and_only_once(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    _ask(client, world, ana, ben)
    pick = asked_pick(only_request(world.enrollment))
    auth.login_as(ben)
    assert client.post(f"/mentor-requests/picks/{pick.id}/accept").status_code == 404
    auth.login_as(ana)
    client.post(f"/mentor-requests/picks/{pick.id}/accept")
    again = client.post(f"/mentor-requests/picks/{pick.id}/decline", data={"reason": "oops"}, follow_redirects=True)
    assert "already answered" in again.get_data(as_text=True)
    assert only_request(world.enrollment).status == "accepted"


def test_ask_my_previous_mentor_again_is_one_click(client, auth, world):
    ana = world.mentors[0]
    earlier = make_cohort(name="Autumn cohort")
    enrol(earlier, ana, EnrollmentRole.MENTOR)
    old = enrol(earlier, world.learner)
    ended = start_mentorship(old, ana.id)
    end_mentorship(ended, reason="cohort finished")
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "Ask <bdi>Ana Mentor</bdi> again" in page
    client.post(f"/cohorts/{world.cohort.id}/mentor-requests/again", data={"mentor_id": str(ana.id)})
    request = only_request(world.enrollment)
    assert request.role == MentorshipRole.PRIMARY and pick_states(request) == [(ana.id, "asked")]


def test_ask_again_refuses_someone_who_was_not_an_earlier_mentor(client, auth, world):
    auth.login_as(world.learner)
    response = client.post(f"/cohorts/{world.cohort.id}/mentor-requests/again",
                           data={"mentor_id": str(world.mentors[1].id)}, follow_redirects=True)
    assert "You can only ask again a mentor you had in an earlier cohort." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(requests.MentorRequest)) == 0


def test_an_accepted_relationship_ends_with_status_ended(world):
    user, enrollment = learner_in(world.cohort)
    mentorship = start_mentorship(enrollment, world.mentors[0].id)
    end_mentorship(mentorship, reason="done")
    assert mentorship.status == MentorshipStatus.ENDED
