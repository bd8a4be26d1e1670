"""The agreement (either person, optimistic locking), the 30-day check-in ("not a good fit"
goes to the admins) and the closing survey, shown once."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import CheckInAnswer, Mentorship, MentorshipRole
from lms.cohorts.relationships import end_mentorship, start_mentorship
from lms.database import utcnow
from lms.extensions import db
from tests.mentorships.helpers import only_request, titles


def _started(world, days_ago: int = 0, role=MentorshipRole.PRIMARY) -> Mentorship:
    mentorship = start_mentorship(world.enrollment, world.mentors[0].id, role, skill="css",
                                  now=utcnow() - timedelta(days=days_ago))
    db.session.commit()
    return mentorship


def _reload(mentorship) -> Mentorship:
    db.session.expire_all()
    return db.session.get(Mentorship, mentorship.id)


def test_the_mentor_and_the_learner_record_the_agreement(client, auth, world):
    mentorship = _started(world)
    auth.login_as(world.mentors[0])
    response = client.post(f"/mentorships/{mentorship.id}/agreement", data={
        "goals": "Ship the portfolio.\nPractise a client call.", "cadence": "Weekly, 30 minutes",
        "end_on": "2030-06-30", "version": str(mentorship.version)})
    assert response.status_code == 302
    saved = _reload(mentorship)
    assert (saved.agreement_goals, saved.meeting_cadence, str(saved.agreed_end_on)) == (
        "Ship the portfolio.\nPractise a client call.", "Weekly, 30 minutes", "2030-06-30")
    auth.login_as(world.learner)
    page = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "Practise a client call." in page and "Weekly, 30 minutes" in page
    client.post(f"/mentorships/{mentorship.id}/agreement", data={
        "goals": "Ship the portfolio.", "cadence": "Every other week", "end_on": "", "version": str(saved.version)})
    assert _reload(mentorship).meeting_cadence == "Every other week"


def test_a_stale_agreement_edit_is_refused_and_shows_the_current_one(client, auth, world):
    mentorship = _started(world)
    stale_version = mentorship.version
    auth.login_as(world.learner)
    client.post(f"/mentorships/{mentorship.id}/agreement",
                data={"goals": "Mine", "cadence": "", "end_on": "", "version": str(stale_version)})
    auth.login_as(world.mentors[0])
    response = client.post(f"/mentorships/{mentorship.id}/agreement",
                           data={"goals": "Theirs", "cadence": "", "end_on": "", "version": str(stale_version)})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed by someone else" in page and "Mine</textarea>" in page
    assert _reload(mentorship).agreement_goals == "Mine"


def test_others_cannot_see_or_change_an_agreement(client, auth, world):
    mentorship = _started(world)
    auth.login_as(world.mentors[1])
    assert client.get(f"/mentorships/{mentorship.id}/agreement").status_code == 404
    assert client.post(f"/mentorships/{mentorship.id}/agreement",
                       data={"goals": "x", "version": str(mentorship.version)}).status_code == 404


def test_the_checkin_prompt_appears_after_30_days_and_is_answered_once(client, auth, world):
    fresh = _started(world, days_ago=29)
    auth.login_as(world.learner)
    assert "How is it going with" not in client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "no check-in to answer" in client.post(f"/mentorships/{fresh.id}/check-in",
                                                  data={"answer": "going_well"}).get_data(as_text=True)
    fresh.checkin_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "How is it going with <bdi>Ana Mentor</bdi>?" in page
    client.post(f"/mentorships/{fresh.id}/check-in", data={"answer": "mixed", "comment": "Slow replies."})
    saved = _reload(fresh)
    assert (saved.checkin_answer, saved.checkin_comment) == (CheckInAnswer.MIXED, "Slow replies.")
    assert "How is it going with" not in client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    again = client.post(f"/mentorships/{fresh.id}/check-in", data={"answer": "going_well"})
    assert "no check-in to answer" in again.get_data(as_text=True)
    assert _reload(fresh).checkin_answer == CheckInAnswer.MIXED


def test_not_a_good_fit_sends_a_repair_request_to_the_admins(client, auth, world, admin):
    mentorship = _started(world, days_ago=31)
    auth.login_as(world.learner)
    response = client.post(f"/mentorships/{mentorship.id}/check-in",
                           data={"answer": "not_a_good_fit", "comment": "We never find a time."},
                           follow_redirects=True)
    assert "The program team will find you another mentor." in response.get_data(as_text=True)
    request = only_request(world.enrollment)
    assert (request.status, request.role) == ("with_admins", MentorshipRole.PRIMARY)
    assert "not a good fit with Ana Mentor" in request.message and "We never find a time." in request.message
    assert any("not a good fit" in t for t in titles(admin.id))
    auth.login_as(admin)
    client.post(f"/mentor-requests/{request.id}/assign", data={"mentor_id": str(world.mentors[1].id)})
    db.session.expire_all()
    assert world.enrollment.mentor_id == world.mentors[1].id
    assert _reload(mentorship).status == "ended"


def test_the_closing_survey_is_shown_once_when_a_relationship_ends(client, auth, world):
    mentorship = _started(world)
    end_mentorship(mentorship, reason="cohort finished")
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "Your mentoring with <bdi>Ana Mentor</bdi> has ended" in page
    bad = client.post(f"/mentorships/{mentorship.id}/closing-survey", data={"rating": "9"})
    assert bad.status_code == 200 and _reload(mentorship).closing_rating is None
    client.post(f"/mentorships/{mentorship.id}/closing-survey", data={"rating": "4", "comment": "Helpful."})
    saved = _reload(mentorship)
    assert (saved.closing_rating, saved.closing_comment) == (4, "Helpful.")
    page = client.get(f"/cohorts/{world.cohort.id}/mentor").get_data(as_text=True)
    assert "has ended" not in page and "Past mentors" in page


def test_only_the_learner_answers_the_surveys(client, auth, world):
    mentorship = _started(world, days_ago=31)
    auth.login_as(world.mentors[0])
    assert client.post(f"/mentorships/{mentorship.id}/check-in", data={"answer": "going_well"}).status_code == 404
    assert _reload(mentorship).checkin_answer is None


def test_the_mentor_sees_every_mentee_with_all_relationships(client, auth, world):
    mentorship = _started(world, days_ago=31)
    mentorship.checkin_answer, mentorship.checkin_comment = CheckInAnswer.GOING_WELL, "Great calls."
    mentorship.agreement_goals = "Portfolio"
    db.session.commit()
    end_mentorship(mentorship, reason="switched to skill mentoring")
    start_mentorship(world.enrollment, world.mentors[0].id, MentorshipRole.SKILL, skill="css")
    db.session.commit()
    auth.login_as(world.mentors[0])
    page = client.get("/mentees").get_data(as_text=True)
    assert page.count("<bdi>Spring cohort</bdi> ·") == 2
    assert "Skill mentor for <bdi>css</bdi>" in page and "Primary mentor (reviews the work)" in page
    assert "going well" in page and "Great calls." in page and "Portfolio" in page
