"""Certificates through the API: a learner sees their own, admins issue and revoke as the
admin pages do (eligibility, override reason, one valid certificate per learner and
cohort even under races), and a code verifies exactly as the public JSON says."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.certificates import services
from lms.certificates.models import Certificate
from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from tests.factories.api import bearer, make_token
from tests.factories.auth import make_admin, make_user
from tests.factories.certificates import certified_learner, complete_track, enrol, make_cohort, make_track
from tests.querycount import count_queries

BASE = "https://lms.example.org"


@pytest.fixture
def app(app_factory):
    from lms.extensions import db as database
    app = app_factory(LMS_BASE_URL=BASE)
    with app.app_context():
        yield app
        database.session.rollback()
        from tests.conftest import _empty_all_tables
        _empty_all_tables()
        database.session.remove()
        database.engine.dispose()


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", lambda certificate: b"%PDF-1.7\n")


@pytest.fixture
def cohort(app):
    return make_cohort(make_track(), name="Spring cohort")


@pytest.fixture
def admin_api(api_as):
    return api_as(make_admin(email="boss@example.org", name="Ada Admin"))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def _learner(cohort, *, complete: bool = True, name: str = "Lea Learner"):
    learner = make_user(name=name)
    enrollment = enrol(cohort, learner)
    if complete:
        complete_track(learner, cohort)
    return learner, enrollment


# --- reading --------------------------------------------------------------------------

def test_a_learner_lists_only_their_own_certificates_and_an_admin_lists_every_one(cohort, api_as, admin_api):
    mine = certified_learner(cohort, make_user(name="Lea"))
    other = certified_learner(cohort, make_user(name="Ola"))
    learner_ids = [c["id"] for c in api_as(mine.user).get("/api/v1/certificates/").get_json()["data"]]
    admin_ids = [c["id"] for c in admin_api.get("/api/v1/certificates/").get_json()["data"]]
    assert learner_ids == [mine.id]
    assert admin_ids == [mine.id, other.id]
    only_ola = admin_api.get(f"/api/v1/certificates/?user_id={other.user_id}").get_json()["data"]
    assert [c["id"] for c in only_ola] == [other.id]


def test_the_list_filters_by_cohort_status_and_issue_time(cohort, admin_api):
    first = certified_learner(cohort, make_user())
    second = certified_learner(make_cohort(cohort.track, name="Autumn"), make_user())
    services.revoke(second, "Issued by mistake", None)
    db.session.commit()
    ids = lambda query: [c["id"] for c in admin_api.get(f"/api/v1/certificates/?{query}").get_json()["data"]]  # noqa: E731
    assert ids(f"cohort_id={cohort.id}") == [first.id]
    assert ids("status=revoked") == [second.id]
    assert ids("status=issued") == [first.id]
    later = (utcnow() + timedelta(hours=1)).isoformat()
    assert ids(f"issued_since={later.replace('+', '%2B')}") == []
    assert admin_api.get("/api/v1/certificates/?status=lost").status_code == 422
    assert admin_api.get("/api/v1/certificates/?issued_since=yesterday").status_code == 422


def test_one_certificate_carries_its_code_and_absolute_verify_pdf_and_badge_links(cohort, api_as):
    certificate = certified_learner(cohort, make_user())
    body = api_as(certificate.user).get(f"/api/v1/certificates/{certificate.id}").get_json()
    assert body["status"] == "issued" and body["code"].replace("-", "") == certificate.code
    assert body["verify_url"] == f"{BASE}/verify/{body['code']}"
    assert body["pdf_url"] == f"{BASE}/certificates/{certificate.id}/certificate.pdf"
    assert body["badge_url"] == f"{BASE}/certificates/{certificate.id}/badge.json"
    assert body["badge_jwt_url"] == f"{BASE}/certificates/{certificate.id}/badge.jwt"
    assert body["issued_at"].endswith("+00:00") and body["revoked_at"] is None


def test_another_learner_and_a_mentor_get_404_for_a_certificate(cohort, api_as):
    certificate = certified_learner(cohort, make_user())
    mentor = make_user(name="Mia Mentor")
    enrol(cohort, mentor, role=EnrollmentRole.MENTOR)
    for person in (make_user(), mentor):
        response = api_as(person).get(f"/api/v1/certificates/{certificate.id}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert api_as(mentor).get("/api/v1/certificates/").get_json()["data"] == []


def test_a_certificate_answers_if_none_match_with_304(cohort, api_as):
    certificate = certified_learner(cohort, make_user())
    client = api_as(certificate.user)
    first = client.get(f"/api/v1/certificates/{certificate.id}")
    again = client.get(f"/api/v1/certificates/{certificate.id}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_the_list_costs_the_same_queries_for_3_and_30_certificates(cohort, admin_api):
    def cost() -> int:
        admin_api.get("/api/v1/certificates/?limit=200")  # warm: a token's first use is recorded (once a minute)
        with count_queries() as queries:
            assert admin_api.get("/api/v1/certificates/?limit=200").status_code == 200
        return queries.count

    for _ in range(3):
        certified_learner(cohort, make_user())
    small = cost()
    for _ in range(27):
        certified_learner(cohort, make_user(), commit=False)
    db.session.commit()
    assert cost() == small


# --- issuing --------------------------------------------------------------------------

def test_an_admin_issues_a_certificate_to_a_learner_who_completed_the_track(cohort, admin_api):
    learner, enrollment = _learner(cohort)
    response = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id})
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/certificates/{body['id']}")
    assert body["user_id"] == learner.id and body["status"] == "issued"


def test_issuing_again_is_a_409_naming_the_existing_certificate(cohort, admin_api):
    certificate = certified_learner(cohort, make_user())
    enrollment_id = services.eligibility.learner_enrollment(certificate.user_id, cohort.id).id
    response = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment_id})
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert response.headers["Location"].endswith(f"/api/v1/certificates/{certificate.id}")
    assert _count() == 1


def test_a_learner_who_has_not_completed_needs_an_override_reason_as_on_the_admin_page(cohort, admin_api):
    learner, enrollment = _learner(cohort, complete=False)
    refused = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id})
    assert refused.status_code == 422 and "override_reason" in refused.get_json()["errors"]
    assert _count() == 0
    granted = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id,
                                                            "override_reason": "Finished the work offline"})
    assert granted.status_code == 201 and _count() == 1


@pytest.mark.parametrize("body", [{}, {"enrollment_id": "x"}, {"enrollment_id": 999999},
                                  {"enrollment_id": 1, "surprise": True}])
def test_issuing_with_a_bad_body_is_a_422(cohort, admin_api, body):
    response = admin_api.post("/api/v1/certificates/", json=body)
    assert response.status_code == 422 and response.get_json()["errors"]


def test_a_mentors_enrolment_gets_no_certificate(cohort, admin_api):
    mentor = make_user(name="Mia Mentor")
    enrollment = enrol(cohort, mentor, role=EnrollmentRole.MENTOR)
    response = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id,
                                                             "override_reason": "Why not"})
    assert response.status_code == 422 and "enrollment_id" in response.get_json()["errors"]
    assert _count() == 0


def test_only_admins_issue_certificates(cohort, api_as):
    learner, enrollment = _learner(cohort)
    response = api_as(learner).post("/api/v1/certificates/", json={"enrollment_id": enrollment.id})
    assert response.status_code == 403 and _count() == 0


def test_an_idempotency_key_replays_the_first_answer(cohort, admin_api):
    _, enrollment = _learner(cohort)
    headers = {"Idempotency-Key": "issue-lea-1"}
    first = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id}, headers=headers)
    again = admin_api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert _count() == 1


def test_two_simultaneous_issues_give_one_certificate(app, cohort):
    admin = make_admin(email="racer@example.org")
    _, enrollment = _learner(cohort)
    raw, enrollment_id = make_token(admin), enrollment.id
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def issue():
        try:
            client = app.test_client()
            barrier.wait()
            response = client.post("/api/v1/certificates/", json={"enrollment_id": enrollment_id},
                                   headers=bearer(raw))
            statuses.append(response.status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(statuses) == [201, 409]
    assert _count() == 1


# --- revoking and verifying -----------------------------------------------------------

def test_an_admin_revokes_with_a_reason_and_the_code_then_verifies_as_revoked(cohort, admin_api, api_as):
    certificate = certified_learner(cohort, make_user())
    response = admin_api.post(f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "Plagiarism"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "revoked" and body["revocation_reason"] == "Plagiarism" and body["revoked_at"]
    assert body["pdf_url"] is None and body["badge_url"] is None
    verified = admin_api.get(f"/api/v1/certificates/verify/{certificate.code}").get_json()
    assert verified["status"] == "revoked"
    again = admin_api.post(f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "Twice"})
    assert again.status_code == 409
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revocation_reason == "Plagiarism"


def test_revoking_needs_a_reason(cohort, admin_api):
    certificate = certified_learner(cohort, make_user())
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = admin_api.post(f"/api/v1/certificates/{certificate.id}/revoke", json=body)
        assert response.status_code == 422, body
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None


def test_a_learner_may_not_revoke_their_own_and_never_sees_anothers(cohort, api_as):
    certificate = certified_learner(cohort, make_user())
    own = api_as(certificate.user).post(f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "x"})
    other = api_as(make_user()).post(f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "x"})
    assert (own.status_code, other.status_code) == (403, 404)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None


def test_verify_answers_what_the_public_verification_json_says(cohort, client, api_as):
    certificate = certified_learner(cohort, make_user())
    stranger = api_as(make_user())
    for typed in (certificate.code, certificate.code.lower()):
        api = stranger.get(f"/api/v1/certificates/verify/{typed}")
        public = client.get(f"/verify/{typed}.json")
        assert api.status_code == public.status_code == 200
        assert api.get_json() == public.get_json()


def test_verify_of_an_unknown_or_pending_code_is_a_404_problem(cohort, api_as):
    services.set_requires_approval(cohort, True, None)
    learner, _ = _learner(cohort)
    pending = services.issue_if_complete(learner.id, cohort.id).certificate
    db.session.commit()
    client = api_as(make_user())
    for code in ("NOPE-NOPE", pending.code, "x" * 300):
        response = client.get(f"/api/v1/certificates/verify/{code}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_a_pending_certificate_shows_no_verify_url_to_its_learner(cohort, api_as):
    services.set_requires_approval(cohort, True, None)
    learner, _ = _learner(cohort)
    pending = services.issue_if_complete(learner.id, cohort.id).certificate
    db.session.commit()
    body = api_as(learner).get(f"/api/v1/certificates/{pending.id}").get_json()
    assert body["status"] == "pending_approval" and body["verify_url"] is None and body["pdf_url"] is None


def test_the_certificates_scope_is_needed_and_writing_needs_write(cohort, api_as):
    certificate = certified_learner(cohort, make_user())
    admin = make_admin(email="scoped@example.org")
    assert api_as(certificate.user, scopes=["tracks:read"]).get("/api/v1/certificates/").status_code == 403
    reader = api_as(admin, scopes=["certificates:read"])
    assert reader.get(f"/api/v1/certificates/{certificate.id}").status_code == 200
    assert reader.post(f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "x"}).status_code == 403


def test_two_simultaneous_revocations_revoke_once_and_keep_the_first_reason(app, cohort):
    certificate = certified_learner(cohort, make_user())
    raw, certificate_id = make_token(make_admin(email="racer@example.org")), certificate.id
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def revoke(reason: str):
        try:
            client = app.test_client()
            barrier.wait()
            response = client.post(f"/api/v1/certificates/{certificate_id}/revoke", json={"reason": reason},
                                   headers=bearer(raw))
            answers.append((response.status_code, reason))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=revoke, args=(reason,)) for reason in ("First reason", "Second reason")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(status for status, _ in answers) == [200, 409]
    winner = next(reason for status, reason in answers if status == 200)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate_id).revocation_reason == winner
