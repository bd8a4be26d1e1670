"""Mentors: maximums, manual reassignment with history (suggested matches: test_matching_page.py)."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole, MentorAssignment
from lms.extensions import db
from lms.profiles.models import SkillLevel
from lms.profiles.services import ProfileData, save_profile
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol


def _history(enrollment) -> list[MentorAssignment]:
    return list(db.session.scalars(db.select(MentorAssignment).where(MentorAssignment.enrollment_id == enrollment.id)
                                   .order_by(MentorAssignment.id)))


def test_admin_reassigns_a_mentor_and_the_history_is_kept_and_shown(client, auth, admin, cohort, mentor,
                                                                     learner_enrollment):
    other = make_user(name="Olga Other")
    enrol(cohort, other, EnrollmentRole.MENTOR)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/enrollments/{learner_enrollment.id}/mentor", data={"mentor_id": str(other.id)})
    db.session.refresh(learner_enrollment)
    assert learner_enrollment.mentor_id == other.id
    history = _history(learner_enrollment)
    assert [h.mentor_id for h in history] == [mentor.id, other.id]
    assert history[-1].assigned_by_id == admin.id and history[-1].reason == "reassigned by an admin"
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert "History (2)" in page and "Olga Other" in page and "reassigned by an admin, by <bdi>Ada Admin</bdi>" in page


def test_a_mentor_at_their_maximum_cannot_be_given_more(client, auth, admin, cohort, mentor, mentor_enrollment, user):
    mentor_enrollment.max_mentees = 0
    db.session.commit()
    learner = enrol(cohort, user)
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{learner.id}/mentor",
                           data={"mentor_id": str(mentor.id)}, follow_redirects=True)
    assert "already has 0 of 0 mentees" in response.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.mentor_id is None


def test_only_mentors_of_this_cohort_can_be_assigned(client, auth, admin, cohort, user):
    learner = enrol(cohort, user)
    stranger = make_user()
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{learner.id}/mentor",
                           data={"mentor_id": str(stranger.id)}, follow_redirects=True)
    assert "not a mentor of this cohort" in response.get_data(as_text=True)


def test_admin_sets_a_mentors_maximum(client, auth, admin, cohort, mentor_enrollment):
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/enrollments/{mentor_enrollment.id}/max-mentees", data={"max_mentees": "5"})
    db.session.refresh(mentor_enrollment)
    assert mentor_enrollment.max_mentees == 5
    client.post(f"/cohorts/{cohort.id}/enrollments/{mentor_enrollment.id}/max-mentees", data={"max_mentees": ""})
    db.session.refresh(mentor_enrollment)
    assert mentor_enrollment.max_mentees is None


def test_learner_sees_their_mentor_profile_with_rendered_bio(client, auth, cohort, mentor, learner_enrollment, user):
    # Saved as the profile page saves it: the bio is rendered and sanitised once, then stored.
    save_profile(mentor, ProfileData(name=mentor.name, bio="I *love* semantic HTML. <script>alert(1)</script>",
                                     timezone="Europe/Berlin", skills={"html": SkillLevel.EXPERT}))
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/cohorts/{cohort.id}/mentor").get_data(as_text=True)
    assert "Marco Mentor" in page and "<em>love</em>" in page and "<script>alert" not in page
    assert "Europe/Berlin" in page and "html" in page


def test_a_learner_without_mentor_is_told_so(client, auth, cohort, user):
    enrol(cohort, user)
    auth.login_as(user)
    assert "You do not have a mentor yet" in client.get(f"/cohorts/{cohort.id}/mentor").get_data(as_text=True)


def test_an_invalid_mentor_form_says_so_and_claims_nothing_saved(client, auth, admin, cohort, mentor,
                                                                  learner_enrollment):
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{learner_enrollment.id}/mentor",
                           data={"mentor_id": "not-a-number"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "saved" not in page
    assert "Choose a mentor from the list" in page
    db.session.refresh(learner_enrollment)
    assert learner_enrollment.mentor_id == mentor.id


def test_an_invalid_maximum_says_so_and_claims_nothing_saved(client, auth, admin, cohort, mentor_enrollment):
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{mentor_enrollment.id}/max-mentees",
                           data={"max_mentees": "-3"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "saved" not in page and "whole number from 0 to 1000" in page
    db.session.refresh(mentor_enrollment)
    assert mentor_enrollment.max_mentees is None
