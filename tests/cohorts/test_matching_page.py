"""The matches page: suggestions with reasons, accepting all, some or none, hard constraints
checked again on POST, excluded pairs managed by admins, and a constant number of queries."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.cohorts.matching_inputs import matching_inputs
from lms.cohorts.models import Enrollment, EnrollmentRole, MatchExclusion, MentorAssignment
from lms.cohorts.suggestions import suggest
from lms.extensions import db
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import set_skills
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.querycount import count_queries
from tests.security.content_world import pack, payloads
from tests.security.test_content_safety import page_problems


def _profile(user, **fields) -> Profile:
    profile = Profile(user_id=user.id, **fields)
    db.session.add(profile)
    db.session.commit()
    return profile


def _matching_cohort(cohort):
    web = make_user(name="Wendy Web", skills=["html"], timezone="Europe/Berlin")
    data = make_user(name="Dan Data", timezone="Europe/Berlin")
    set_skills(data.id, {"python": SkillLevel.STRONG, "pandas": SkillLevel.WORKING})
    _profile(data, languages=["es", "en"])
    enrol(cohort, web, EnrollmentRole.MENTOR, max_mentees=5)
    enrol(cohort, data, EnrollmentRole.MENTOR, max_mentees=5)
    ann = make_user(name="Ann", timezone="Europe/Paris")
    set_skills(ann.id, {"python": SkillLevel.LEARNING})
    _profile(ann, languages=["es-MX"])
    a = enrol(cohort, ann, goals="pandas please")
    b = enrol(cohort, make_user(name="Bob", timezone="Europe/Paris"))
    return web, data, a, b


def _history(enrollment) -> list[MentorAssignment]:
    return list(db.session.scalars(select(MentorAssignment).where(MentorAssignment.enrollment_id == enrollment.id)
                                   .order_by(MentorAssignment.id)))


def _mentor_ids(*enrollments) -> list[int | None]:
    for enrollment in enrollments:
        db.session.refresh(enrollment)
    return [enrollment.mentor_id for enrollment in enrollments]


def test_suggestions_say_why_in_words(client, auth, admin, cohort):
    _matching_cohort(cohort)
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert ("shares pandas, python (strong); both speak Spanish; 9 h of overlapping working hours; "
            "1 of 5 mentees") in page                                                    # Ann -> Dan
    assert "shares html; 9 h of overlapping working hours; 1 of 5 mentees" in page      # Bob -> Wendy (track skill)
    assert "1 learner has not filled in their skills or goals yet" in page              # Bob
    assert "Also a good fit: Wendy Web" in page and "Also a good fit: Dan Data" in page


def test_admin_accepts_only_the_ticked_suggestions(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/matches", data={
        f"accept-{a.id}": "1", f"mentor-{a.id}": str(data.id), f"mentor-{b.id}": str(web.id), "accept_ticked": "1"})
    assert _mentor_ids(a, b) == [data.id, None]
    assert _history(a)[-1].reason.startswith("shares pandas, python (strong)")


def test_admin_accepts_none_and_is_told_so(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/matches", data={
        f"mentor-{a.id}": str(data.id), f"mentor-{b.id}": str(web.id), "accept_ticked": "1"}, follow_redirects=True)
    assert "No learner was selected" in response.get_data(as_text=True)
    assert _mentor_ids(a, b) == [None, None]


def test_admin_edits_a_suggestion_before_accepting_all(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/matches", data={
        f"mentor-{a.id}": str(web.id), f"mentor-{b.id}": str(web.id), "accept_all": "1"})
    assert _mentor_ids(a, b) == [web.id, web.id]
    assert _history(a)[-1].reason == "chosen by an admin"
    assert "Every active learner has a mentor" in client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)


def test_a_forged_post_cannot_pair_an_excluded_pair(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    db.session.add(MatchExclusion(learner_id=a.user_id, mentor_id=data.id, reason="client"))
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "shares pandas" not in page                      # no longer suggested
    response = client.post(f"/cohorts/{cohort.id}/matches", data={
        f"mentor-{a.id}": str(data.id), f"mentor-{b.id}": str(web.id), "accept_all": "1"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Ann and Dan Data: an admin excluded this pair." in text and "No mentor was assigned" in text
    assert _mentor_ids(a, b) == [None, None]               # the valid row is not half-applied either


def test_a_forged_post_cannot_break_the_required_language(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    cohort.required_language = "es"
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "Required language: es" in page
    response = client.post(f"/cohorts/{cohort.id}/matches", data={
        f"mentor-{a.id}": str(web.id), f"mentor-{b.id}": str(data.id), "accept_all": "1"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Ann and Wendy Web: this cohort requires both to speak Spanish." in text
    assert "Bob and Dan Data: this cohort requires both to speak Spanish." in text
    assert _mentor_ids(a, b) == [None, None]


def test_away_mentors_are_not_suggested_and_the_page_says_who(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    _profile(web, away_until=date.today() + timedelta(days=3))
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "Away, so not suggested: Wendy Web." in page
    assert {s.mentor_id for s in suggest(matching_inputs(cohort))} == {data.id}


def test_a_mentor_back_before_a_future_cohort_starts_is_suggested(app, cohort, track):
    later = make_cohort(track, starts_on=date.today() + timedelta(days=30))
    mentor = make_user(name="Back Soon")
    _profile(mentor, away_until=date.today() + timedelta(days=5))
    enrol(later, mentor, EnrollmentRole.MENTOR)
    enrol(later, make_user())
    assert [s.mentor_id for s in suggest(matching_inputs(later))] == [mentor.id]


def test_the_profile_limit_across_cohorts_is_respected(app, cohort):
    mentor = make_user(name="Busy")
    _profile(mentor, max_mentees=3, active_mentees=2)
    enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=10)
    for _ in range(3):
        enrol(cohort, make_user())
    suggestions = suggest(matching_inputs(cohort))
    assert [s.mentor_id for s in suggestions].count(mentor.id) == 1
    assert "3 of 3 mentees across cohorts" in next(s.reason for s in suggestions if s.mentor_id)


def test_suggestions_skip_learners_who_have_a_mentor(app, cohort, mentor, learner_enrollment):
    assert suggest(matching_inputs(cohort)) == []
    assert db.session.get(Enrollment, learner_enrollment.id).mentor_id == mentor.id


def test_matches_page_without_mentors_says_what_to_do(client, auth, admin, cohort, user):
    enrol(cohort, user)
    auth.login_as(admin)
    assert "no available mentors yet" in client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)


# --- Excluded pairs ---

def test_admin_excludes_a_pair_and_it_is_recorded_listed_and_respected(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/exclusions", data={
        "learner_id": str(a.user_id), "mentor_id": str(data.id), "reason": "Ann is Dan's client"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Ann and Dan Data will never be matched." in page and "Ann is Dan&#39;s client" in page
    exclusion = db.session.scalar(select(MatchExclusion))
    assert (exclusion.learner_id, exclusion.mentor_id, exclusion.created_by_id) == (a.user_id, data.id, admin.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match_exclusion.added"))
    assert event.actor_id == admin.id and event.data["reason"] == "Ann is Dan's client"
    assert next(s for s in suggest(matching_inputs(cohort)) if s.learner_id == a.id).mentor_id == web.id


def test_excluding_a_pair_twice_says_so_and_keeps_what_was_typed(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    db.session.add(MatchExclusion(learner_id=a.user_id, mentor_id=data.id))
    db.session.commit()
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/exclusions", data={
        "learner_id": str(a.user_id), "mentor_id": str(data.id), "reason": "again"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "That pair is already excluded." in page and 'value="again"' in page
    assert db.session.scalar(select(db.func.count(MatchExclusion.id))) == 1


def test_only_people_of_the_cohort_can_be_excluded_from_its_page(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    stranger = make_user(name="Stranger")
    auth.login_as(admin)
    for form in ({"learner_id": str(stranger.id), "mentor_id": str(data.id)},
                 {"learner_id": str(a.user_id), "mentor_id": str(b.user_id)},       # a learner is not a mentor
                 {"learner_id": "0", "mentor_id": str(data.id)},
                 {"learner_id": "x", "mentor_id": ""}):
        assert client.post(f"/cohorts/{cohort.id}/exclusions", data=form).status_code == 400
    assert db.session.scalar(select(MatchExclusion)) is None


def test_admin_allows_a_pair_again_and_it_is_recorded(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    exclusion = MatchExclusion(learner_id=a.user_id, mentor_id=data.id, reason="old contract")
    db.session.add(exclusion)
    db.session.commit()
    exclusion_id = exclusion.id
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/exclusions/{exclusion_id}/delete", follow_redirects=True)
    assert "Ann and Dan Data may be matched again." in response.get_data(as_text=True)
    assert db.session.get(MatchExclusion, exclusion_id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match_exclusion.removed"))
    assert event.subject_id == exclusion_id and event.data["reason"] == "old contract"


def test_an_exclusion_of_other_people_cannot_be_removed_through_this_cohort(client, auth, admin, cohort):
    _matching_cohort(cohort)
    elsewhere = MatchExclusion(learner_id=make_user().id, mentor_id=make_user().id)
    db.session.add(elsewhere)
    db.session.commit()
    auth.login_as(admin)
    assert client.post(f"/cohorts/{cohort.id}/exclusions/{elsewhere.id}/delete").status_code == 404
    assert client.post(f"/cohorts/{cohort.id}/exclusions/999999/delete").status_code == 404
    assert db.session.get(MatchExclusion, elsewhere.id) is not None


def test_the_page_lists_exclusions_of_its_mentors_with_people_elsewhere(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    outsider = make_user(name="Otto Outside")
    db.session.add(MatchExclusion(learner_id=outsider.id, mentor_id=data.id, reason="his agency"))
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert "Otto Outside" in page and "his agency" in page


def test_xss_payloads_in_reasons_and_names_are_shown_as_text(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    auth.login_as(admin)
    for n, reason in enumerate(pack(payloads(), 500)[:40]):
        learner = make_user(name=reason[:120])
        enrol(cohort, learner)
        response = client.post(f"/cohorts/{cohort.id}/exclusions", data={
            "learner_id": str(learner.id), "mentor_id": str(data.id if n % 2 else web.id), "reason": reason})
        assert response.status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/matches").get_data(as_text=True)
    assert page_problems(page) == []


def test_the_matches_page_runs_the_same_queries_however_many_learners(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    db.session.add(MatchExclusion(learner_id=a.user_id, mentor_id=web.id))
    db.session.commit()
    auth.login_as(admin)

    def queries() -> int:
        with count_queries() as counted:
            assert client.get(f"/cohorts/{cohort.id}/matches").status_code == 200
        return counted.count

    few = queries()
    for n in range(12):
        learner = make_user(skills=["python"] if n % 2 else [])
        _profile(learner, languages=["en"])
        enrol(cohort, learner, goals="ship a site" if n % 3 else "")
        db.session.add(MatchExclusion(learner_id=learner.id, mentor_id=data.id))
    db.session.commit()
    assert queries() == few


def test_extra_fields_posted_with_an_exclusion_change_nothing_else(client, auth, admin, cohort):
    web, data, a, b = _matching_cohort(cohort)
    other_admin = make_user(name="Other", is_admin=True)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/exclusions", data={
        "learner_id": str(a.user_id), "mentor_id": str(data.id), "reason": "client",
        "id": "4242", "created_by_id": str(other_admin.id), "created_at": "2001-01-01T00:00:00"})
    exclusion = db.session.scalar(select(MatchExclusion))
    assert exclusion.id != 4242 and exclusion.created_by_id == admin.id and exclusion.created_at.year > 2001
