"""Mass assignment: fields the request, agreement and survey forms do not offer (statuses,
owners, other learners, counters, ratings) change nothing."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import CheckInAnswer, Mentorship, MentorshipStatus
from lms.cohorts.relationships import start_mentorship
from lms.database import utcnow
from lms.extensions import db
from lms.profiles.models import Profile
from tests.mentorships.conftest import learner_in
from tests.mentorships.helpers import only_request, pick_states


def _smuggled(world, other_enrollment, mentor) -> dict:
    return {"status": "accepted", "enrollment_id": str(other_enrollment.id), "mentorship_id": "1",
            "settled_by_id": str(world.learner.id), "respond_by": "2000-01-01", "rank": "9",
            "mentor_id": str(mentor.id), "role_": "primary", "active_mentees": "0", "max_mentees": "99",
            "checkin_answer": "not_a_good_fit", "closing_rating": "5", "ended_at": "2000-01-01",
            "user_id": str(world.learner.id), "cohort_id": "999", "is_admin": "y", "version": "77",
            "agreement_goals": "smuggled", "started_at": "2000-01-01"}


def test_the_request_form_reads_only_its_fields(client, auth, world):
    ana, ben, _ = world.mentors
    _, other = learner_in(world.cohort)
    auth.login_as(world.learner)
    client.post(f"/cohorts/{world.cohort.id}/mentor-requests/new", data={
        **_smuggled(world, other, ben), "pick_1": str(ana.id), "role": "primary", "message": "Hi"})
    request = only_request(world.enrollment)
    assert (request.status, request.settled_by_id, request.mentorship_id) == ("open", None, None)
    assert pick_states(request) == [(ana.id, "asked")]
    assert db.session.scalar(db.select(db.func.count()).select_from(Mentorship)) == 0
    assert db.session.get(Profile, ana.id) is None or db.session.get(Profile, ana.id).max_mentees is None


def test_the_agreement_and_survey_forms_change_only_their_fields(client, auth, world):
    ana, ben, _ = world.mentors
    _, other = learner_in(world.cohort)
    mentorship = start_mentorship(world.enrollment, ana.id, now=utcnow() - timedelta(days=31))
    db.session.commit()
    auth.login_as(world.learner)
    client.post(f"/mentorships/{mentorship.id}/agreement", data={
        **_smuggled(world, other, ben), "goals": "Ship", "cadence": "Weekly", "end_on": "",
        "version": str(mentorship.version)})
    client.post(f"/mentorships/{mentorship.id}/check-in", data={
        **_smuggled(world, other, ben), "answer": "going_well", "comment": "Fine"})
    db.session.expire_all()
    saved = db.session.get(Mentorship, mentorship.id)
    assert (saved.agreement_goals, saved.meeting_cadence) == ("Ship", "Weekly")
    assert (saved.mentor_id, saved.enrollment_id, saved.status) == (ana.id, world.enrollment.id,
                                                                    MentorshipStatus.ACTIVE)
    assert (saved.checkin_answer, saved.closing_rating, saved.ended_at) == (CheckInAnswer.GOING_WELL, None, None)
    assert db.session.get(Profile, ana.id).active_mentees == 1
