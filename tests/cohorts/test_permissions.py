"""Who may see and do what with cohorts: every rule, and the HTTP status each role gets."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from lms import permissions as p
from lms.cohorts.models import CohortStatus, EnrollmentRole, EnrollmentStatus, ReviewPolicy
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort

ANONYMOUS = AnonymousUserMixin()


@pytest.fixture
def people(app, cohort, mentor, admin):
    """Everyone around one cohort, and a second cohort none of them is in."""
    mentor_enrollment = enrol(cohort, mentor, EnrollmentRole.MENTOR)
    other_mentor = make_user(name="Other Mentor")
    enrol(cohort, other_mentor, EnrollmentRole.MENTOR)
    learner = make_user(name="Lea")
    learner_enrollment = enrol(cohort, learner, mentor=mentor)
    withdrawn = make_user(name="Gone")
    enrol(cohort, withdrawn, status=EnrollmentStatus.WITHDRAWN)
    retired = make_user(name="Retired Mentor")
    enrol(cohort, retired, EnrollmentRole.MENTOR, status=EnrollmentStatus.WITHDRAWN)
    elsewhere = make_cohort(cohort.track, name="Elsewhere")
    stranger = make_user(name="Stranger")
    enrol(elsewhere, stranger)
    return {"admin": admin, "mentor": mentor, "other_mentor": other_mentor, "learner": learner,
            "withdrawn": withdrawn, "retired": retired, "stranger": stranger, "elsewhere": elsewhere,
            "learner_enrollment": learner_enrollment, "mentor_enrollment": mentor_enrollment}


def test_view_cohort(people, cohort):
    allowed = {k for k in ("admin", "mentor", "other_mentor", "learner", "withdrawn", "retired", "stranger")
               if p.can_view_cohort(people[k], cohort)}
    assert allowed == {"admin", "mentor", "other_mentor", "learner", "withdrawn"}
    assert not p.can_view_cohort(ANONYMOUS, cohort)


def test_manage_and_export_are_for_admins(people, cohort):
    for who in ("mentor", "learner", "stranger"):
        assert not p.can_manage_cohort(people[who], cohort) and not p.can_export_cohort(people[who], cohort)
    assert p.can_manage_cohort(people["admin"], cohort) and p.can_export_cohort(people["admin"], cohort)
    assert not p.can_manage_cohort(ANONYMOUS)


def test_admin_page_is_for_admins_and_the_cohorts_active_mentors(people, cohort):
    assert p.can_view_cohort_admin_page(people["admin"], cohort)
    assert p.can_view_cohort_admin_page(people["mentor"], cohort)
    for who in ("learner", "retired", "stranger"):
        assert not p.can_view_cohort_admin_page(people[who], cohort)


@pytest.mark.parametrize("status, accepts", [
    (CohortStatus.DRAFT, False), (CohortStatus.OPEN, True), (CohortStatus.RUNNING, True),
    (CohortStatus.FINISHED, False), (CohortStatus.ARCHIVED, False)])
def test_cohort_accepts_work_while_open_or_running(app, track, status, accepts):
    assert p.cohort_accepts_work(make_cohort(track, status=status)) is accepts


def test_review_follows_the_cohort_policy(people, cohort):
    enrollment = people["learner_enrollment"]
    assert p.can_review_learner(people["admin"], cohort, enrollment)
    assert p.can_review_learner(people["mentor"], cohort, enrollment)
    assert p.can_review_learner(people["other_mentor"], cohort, enrollment)      # any mentor
    assert not p.can_review_learner(people["retired"], cohort, enrollment)
    assert not p.can_review_learner(people["learner"], cohort, enrollment)
    cohort.review_policy = ReviewPolicy.ASSIGNED_MENTOR
    db.session.commit()
    assert p.can_review_learner(people["mentor"], cohort, enrollment)
    assert not p.can_review_learner(people["other_mentor"], cohort, enrollment)
    assert not p.can_review_learner(people["mentor"], people["elsewhere"], enrollment)   # wrong cohort


def test_learner_progress_is_for_the_learner_mentors_and_admins(people, cohort):
    enrollment = people["learner_enrollment"]
    for who in ("learner", "mentor", "other_mentor", "admin"):
        assert p.can_view_learner_progress(people[who], cohort, enrollment), who
    for who in ("withdrawn", "stranger", "retired"):
        assert not p.can_view_learner_progress(people[who], cohort, enrollment), who


# The HTTP status each role gets on each cohort page (302 = sent elsewhere).
PAGES = {
    "detail": ("GET", "/cohorts/{id}"),
    "schedule": ("GET", "/cohorts/{id}/schedule"),
    "mentor_page": ("GET", "/cohorts/{id}/mentor"),
    "chart": ("GET", "/cohorts/{id}/progress.svg"),
    "people": ("GET", "/cohorts/{id}/people"),
    "matches": ("GET", "/cohorts/{id}/matches"),
    "edit": ("GET", "/cohorts/{id}/edit"),
    "status": ("POST", "/cohorts/{id}/status"),
    "gradebook": ("GET", "/cohorts/{id}/gradebook.csv"),
    "roster": ("GET", "/cohorts/{id}/roster.csv"),
    "admin_list": ("GET", "/admin/cohorts"),
}
EXPECTED = {
    "admin":    dict(detail=200, schedule=200, mentor_page=404, chart=200, people=200, matches=200, edit=200,
                     status=302, gradebook=200, roster=200, admin_list=200),
    "mentor":   dict(detail=200, schedule=200, mentor_page=404, chart=200, people=403, matches=403, edit=403,
                     status=403, gradebook=403, roster=403, admin_list=403),
    "learner":  dict(detail=302, schedule=200, mentor_page=200, chart=403, people=403, matches=403, edit=403,
                     status=403, gradebook=403, roster=403, admin_list=403),
    "withdrawn": dict(detail=302, schedule=200, mentor_page=200, chart=403, people=403, matches=403, edit=403,
                      status=403, gradebook=403, roster=403, admin_list=403),
    "retired":  dict(detail=404, schedule=404, mentor_page=404, chart=404, people=404, matches=404, edit=404,
                     status=404, gradebook=404, roster=404, admin_list=403),
    "stranger": dict(detail=404, schedule=404, mentor_page=404, chart=404, people=404, matches=404, edit=404,
                     status=404, gradebook=404, roster=404, admin_list=403),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_http_status_per_role(client, auth, people, cohort, who):
    auth.login_as(people[who])
    got = {}
    for page, (method, url) in PAGES.items():
        response = client.open(url.format(id=cohort.id), method=method, data={"to": "open"})
        got[page] = response.status_code
    assert got == EXPECTED[who]


def test_anonymous_visitors_are_sent_to_sign_in(client, cohort):
    for page, (method, url) in PAGES.items():
        response = client.open(url.format(id=cohort.id), method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], page


def test_unknown_cohorts_and_calendar_tokens_are_not_found(client, auth, admin):
    auth.login_as(admin)
    assert client.get("/cohorts/999").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_post_without_csrf_token_is_refused(client, auth, admin, cohort):
    auth.login_as(admin)
    assert client.post(f"/cohorts/{cohort.id}/status", data={"to": "open"}, csrf=False).status_code == 400
