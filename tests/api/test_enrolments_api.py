"""Enrolments through the API: the roster for a cohort's admins and mentors, a learner's own
enrolment, adding one person or a list (with a dry run that changes nothing) through the
same enrolment service as the people page and its CSV upload, and withdrawing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.outbox import OutboxEmail
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import bulk_learners, enrol, make_cohort
from tests.querycount import count_queries


@pytest.fixture
def admin_api(app, api_as):
    return api_as(make_admin())


def _counts():
    return (db.session.scalar(select(func.count(Enrollment.id))), db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(OutboxEmail.id))))


def test_an_admin_enrols_an_existing_person_and_invites_a_new_one(admin_api):
    cohort = make_cohort()
    known = make_user(email="known@example.org")
    existing = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json={"email": "Known@Example.org"})
    assert existing.status_code == 201
    body = existing.get_json()
    assert body["user_id"] == known.id and body["role"] == "learner" and body["status"] == "active"
    assert existing.headers["Location"].endswith(f"/api/v1/enrolments/{body['id']}")
    invited = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments",
                             json={"email": "new@example.org", "name": "Nia New", "role": "mentor"})
    assert invited.status_code == 201 and invited.get_json()["role"] == "mentor"
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.to == "new@example.org")) is not None


@pytest.mark.parametrize("body, field", [
    ({"email": "not-an-email"}, "email"),
    ({"email": "stranger@example.org"}, "name"),              # a new account needs a name
    ({"email": "known@example.org", "mentor_email": "nobody@example.org"}, "mentor_email"),
    ({"email": "known@example.org", "role": "teacher"}, "role"),
    ({"email": "known@example.org", "extra": True}, "extra"),
    ({}, "email"),
])
def test_a_refused_enrolment_is_a_422_naming_the_field_and_changes_nothing(admin_api, body, field):
    cohort = make_cohort()
    make_user(email="known@example.org")
    before = _counts()
    response = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"], response.get_json()
    assert _counts() == before


def test_enrolling_someone_already_enrolled_or_into_a_full_cohort_is_refused(admin_api):
    cohort = make_cohort(capacity=1)
    enrol(cohort, make_user(email="in@example.org"))
    make_user(email="late@example.org")
    twice = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json={"email": "in@example.org"})
    full = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json={"email": "late@example.org"})
    assert twice.status_code == full.status_code == 422
    assert "already enrolled" in twice.get_json()["errors"]["email"][0]
    assert "capacity" in full.get_json()["errors"]["email"][0]


def test_a_finished_cohort_takes_no_new_learner(admin_api):
    cohort = make_cohort(status=CohortStatus.FINISHED)
    make_user(email="late@example.org")
    response = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json={"email": "late@example.org"})
    assert response.status_code == 409


def test_a_retried_enrolment_with_the_same_key_enrols_once(admin_api):
    cohort = make_cohort()
    headers = {"Idempotency-Key": "k-1"}
    body = {"email": "new@example.org", "name": "Nia New"}
    first = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json=body, headers=headers)
    again = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json=body, headers=headers)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count(OutboxEmail.id))) == 1
    other = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments", json={**body, "name": "X"}, headers=headers)
    assert other.status_code == 422


ROWS = [{"email": "known@example.org"}, {"email": "new@example.org", "name": "Nia New"},
        {"email": "bad-address"}, {"email": "known@example.org"}]


def test_a_dry_run_says_what_would_happen_per_row_and_changes_nothing(admin_api):
    cohort = make_cohort()
    make_user(email="known@example.org")
    before = _counts()
    response = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments/bulk", json={"rows": ROWS, "dry_run": True})
    assert response.status_code == 200
    body = response.get_json()
    assert body["dry_run"] is True and body["enrolled"] == 0 and body["errors"] == 2
    assert [row["action"] for row in body["rows"]] == ["enrol", "invite", "error", "error"]
    assert "duplicate" in body["rows"][3]["reason"] and body["rows"][3]["line"] == 4
    assert _counts() == before


def test_a_list_with_a_bad_row_enrols_nobody_and_names_the_rows(admin_api):
    cohort = make_cohort()
    make_user(email="known@example.org")
    before = _counts()
    response = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments/bulk", json={"rows": ROWS, "dry_run": False})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"rows.2", "rows.3"}
    assert _counts() == before


def test_a_good_list_is_enrolled_whole_with_each_rows_enrolment(admin_api):
    cohort = make_cohort()
    make_user(email="known@example.org")
    response = admin_api.post(f"/api/v1/cohorts/{cohort.id}/enrolments/bulk",
                              json={"rows": ROWS[:2], "dry_run": False})
    assert response.status_code == 201
    body = response.get_json()
    assert body["enrolled"] == 2 and all(row["enrolment_id"] for row in body["rows"])
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).seats_taken == 2


def test_dry_run_is_required_and_rows_are_bounded(admin_api):
    cohort = make_cohort()
    url = f"/api/v1/cohorts/{cohort.id}/enrolments/bulk"
    assert "dry_run" in admin_api.post(url, json={"rows": ROWS}).get_json()["errors"]
    assert admin_api.post(url, json={"rows": [], "dry_run": True}).status_code == 422
    assert admin_api.post(url, json={"rows": [{"email": "a@example.org"}] * 1001, "dry_run": True}).status_code == 422


def test_mentors_see_the_roster_learners_only_themselves_strangers_nothing(app, api_as):
    cohort = make_cohort()
    mentor, learner, other, stranger = make_user(), make_user(), make_user(), make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    mine = enrol(cohort, learner)
    theirs = enrol(cohort, other)
    url = f"/api/v1/cohorts/{cohort.id}/enrolments"
    roster = api_as(mentor).get(url).get_json()["data"]
    assert len(roster) == 3 and all(row["email"] is None for row in roster if row["user_id"] != mentor.id)
    assert [row["id"] for row in api_as(learner).get(url).get_json()["data"]] == [mine.id]
    assert api_as(learner).get(f"/api/v1/enrolments/{theirs.id}").status_code == 404
    assert api_as(learner).get(f"/api/v1/enrolments/{mine.id}").get_json()["email"] == learner.email
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(mentor).post(url, json={"email": stranger.email}).status_code == 403


def test_the_roster_filters_by_role_and_status(admin_api):
    cohort = make_cohort()
    enrol(cohort, make_user(), EnrollmentRole.MENTOR)
    gone = enrol(cohort, make_user(), status=EnrollmentStatus.WITHDRAWN)
    enrol(cohort, make_user())
    url = f"/api/v1/cohorts/{cohort.id}/enrolments"
    assert len(admin_api.get(url + "?role=mentor").get_json()["data"]) == 1
    assert [e["id"] for e in admin_api.get(url + "?status=withdrawn").get_json()["data"]] == [gone.id]


def test_an_admin_withdraws_a_learner_and_the_seat_is_freed(admin_api, api_as):
    cohort = make_cohort(capacity=3)
    learner = make_user()
    enrollment = enrol(cohort, learner)
    assert api_as(learner).post(f"/api/v1/enrolments/{enrollment.id}/withdraw").status_code == 403
    response = admin_api.post(f"/api/v1/enrolments/{enrollment.id}/withdraw")
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).seats_taken == 0
    assert admin_api.post(f"/api/v1/enrolments/{enrollment.id}/withdraw").status_code == 409


def test_listing_a_roster_costs_the_same_queries_for_5_and_50(app, api_as):
    cohort = make_cohort()
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    callers = [api_as(make_admin()), api_as(mentor)]

    def costs() -> list[int]:
        result = []
        for caller in callers:
            caller.get(f"/api/v1/cohorts/{cohort.id}/enrolments?limit=200")  # warm: the token's first use
            with count_queries() as queries:
                response = caller.get(f"/api/v1/cohorts/{cohort.id}/enrolments?limit=200")
            assert response.status_code == 200
            result.append(queries.count)
        return result

    bulk_learners(cohort, 5)
    small = costs()
    bulk_learners(cohort, 45, start=5)
    assert costs() == small
