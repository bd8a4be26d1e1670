"""Mentors: maximums, manual reassignment with history, suggested matches accepted in part or whole."""
from __future__ import annotations

from lms.cohorts.models import Enrollment, EnrollmentRole, MentorAssignment
from lms.extensions import db
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
    assert "History (2)" in page and "Olga Other" in page and "reassigned by an admin, by Ada Admin" in page


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


def _matching_cohort(cohort):
    web = make_user(name="Wendy Web", skills=["html"], timezone="Europe/Berlin")
    data = make_user(name="Dan Data", skills=["python", "pandas"], timezone="Europe/Berlin")
    enrol(cohort, web, EnrollmentRole.MENTOR, max_mentees=5)
    enrol(cohort, data, EnrollmentRole.MENTOR, max_mentees=5)
    a = enrol(cohort, make_user(name="Ann", skills=["python"], timezone="Europe/Paris"), goals="pandas please")
    b = enrol(cohort, make_user(name="Bob", timezone="Europe/Paris"))
    return web, data, a, b


def test_suggestions_say_why(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "shares pandas, python; 1 of 5 mentees; same time zone" in page   # Ann -> Dan
    assert "shares html; 1 of 5 mentees; same time zone" in page             # Bob -> Wendy (a track skill)


def test_admin_accepts_only_the_ticked_suggestions(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/matches", data={
        f"accept-{a.id}": "1", f"mentor-{a.id}": str(data.id), f"mentor-{b.id}": str(web.id), "accept_ticked": "1"})
    db.session.refresh(a)
    db.session.refresh(b)
    assert a.mentor_id == data.id and b.mentor_id is None
    assert _history(a)[-1].reason.startswith("shares pandas, python")


def test_admin_edits_a_suggestion_before_accepting_all(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/matches", data={
        f"mentor-{a.id}": str(web.id), f"mentor-{b.id}": str(web.id), "accept_all": "1"})
    db.session.refresh(a)
    db.session.refresh(b)
    assert a.mentor_id == web.id and b.mentor_id == web.id
    assert _history(a)[-1].reason == "chosen by an admin"
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "Every active learner has a mentor" in page


def test_matches_page_without_mentors_says_what_to_do(client, auth, admin, cohort, user):
    enrol(cohort, user)
    auth.login_as(admin)
    assert "no active mentors yet" in client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)


def test_learner_sees_their_mentor_profile_with_rendered_bio(client, auth, cohort, mentor, learner_enrollment, user):
    mentor.bio = "I *love* semantic HTML. <script>alert(1)</script>"
    mentor.timezone = "Europe/Berlin"
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/cohorts/{cohort.id}/mentor").get_data(as_text=True)
    assert "Marco Mentor" in page and "<em>love</em>" in page and "<script>alert" not in page
    assert "Europe/Berlin" in page and "html" in page


def test_a_learner_without_mentor_is_told_so(client, auth, cohort, user):
    enrol(cohort, user)
    auth.login_as(user)
    assert "You do not have a mentor yet" in client.get(f"/cohorts/{cohort.id}/mentor").get_data(as_text=True)


def test_suggestions_skip_learners_who_have_a_mentor(app, cohort, mentor, learner_enrollment):
    from lms.cohorts.mentoring import suggest
    assert suggest(cohort) == []
    assert db.session.get(Enrollment, learner_enrollment.id).mentor_id == mentor.id


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
