"""Accounts through the API: admins list, add (by invitation) and change people through the
account services; a person reads only their own account."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from lms.outbox import OutboxEmail
from tests.factories.auth import make_admin, make_user
from tests.querycount import count_queries


@pytest.fixture
def boss(app):
    return make_admin(email="boss@example.org", name="Bo Boss")


@pytest.fixture
def admin_api(boss, api_as):
    return api_as(boss)


def test_an_admin_adds_a_person_who_is_invited_by_email(admin_api):
    response = admin_api.post("/api/v1/users/", json={"email": "Hal@Example.org", "name": "Hal Hired"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "hal@example.org" and body["status"] == "invited" and body["is_admin"] is False
    assert response.headers["Location"].endswith(f"/api/v1/users/{body['id']}")
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.to == "hal@example.org")) is not None


@pytest.mark.parametrize("body, status, field", [
    ({"email": "nope", "name": "X"}, 422, "email"),
    ({"email": "x@example.org", "name": ""}, 422, "name"),
    ({"email": "x@example.org"}, 422, "name"),
    ({"email": "x@example.org", "name": "X", "password": "p"}, 422, "password"),
    ({"email": "boss@example.org", "name": "Again"}, 409, "email"),
])
def test_a_refused_person_is_a_problem_naming_the_field(admin_api, body, status, field):
    before = db.session.scalar(select(func.count(User.id)))
    response = admin_api.post("/api/v1/users/", json=body)
    assert response.status_code == status and field in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(User.id))) == before


def test_a_retried_add_with_the_same_key_adds_one_person(admin_api):
    headers = {"Idempotency-Key": "hire-hal"}
    body = {"email": "hal@example.org", "name": "Hal Hired"}
    assert admin_api.post("/api/v1/users/", json=body, headers=headers).status_code == 201
    again = admin_api.post("/api/v1/users/", json=body, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "hal@example.org")) == 1


def test_the_list_filters_like_the_users_page(admin_api, boss):
    old = make_user(email="old@example.org", name="Olga Old")
    old.created_at = utcnow() - timedelta(days=30)
    gone = make_user(email="gone@example.org", name="Gus Gone", is_active=False)
    db.session.commit()

    def ids(query):
        return [u["id"] for u in admin_api.get("/api/v1/users/", query_string=query).get_json()["data"]]
    assert ids("q=OLGA") == [old.id]
    assert ids("role=admin") == [boss.id]
    assert ids("status=deactivated") == [gone.id]
    since = (utcnow() - timedelta(days=1)).isoformat()
    assert ids({"created_since": since}) == [boss.id, gone.id]
    assert ids("") == sorted([boss.id, old.id, gone.id])
    assert admin_api.get("/api/v1/users/?created_since=2020-01-01T00:00:00").status_code == 422  # no zone


def test_a_person_reads_their_own_account_and_nobody_elses(app, api_as, boss):
    person, other = make_user(), make_user()
    caller = api_as(person)
    assert caller.get(f"/api/v1/users/{person.id}").get_json()["email"] == person.email
    assert caller.get(f"/api/v1/users/{other.id}").status_code == 404
    assert caller.get("/api/v1/users/").status_code == 403
    assert caller.patch(f"/api/v1/users/{person.id}", json={"is_admin": True},
                        headers={"If-Match": "*"}).status_code == 403


def test_deactivating_ends_sessions_and_stops_the_persons_tokens(admin_api, api_as):
    person = make_user()
    theirs = api_as(person)
    session_token = person.session_token
    url = f"/api/v1/users/{person.id}"
    assert admin_api.patch(url, json={"is_active": False}).status_code == 428
    response = admin_api.patch(url, json={"is_active": False, "name": "Pat Gone"},
                               headers={"If-Match": admin_api.get(url).headers["ETag"]})
    assert response.status_code == 200 and response.get_json()["status"] == "deactivated"
    assert response.get_json()["name"] == "Pat Gone"
    db.session.expire_all()
    assert db.session.get(User, person.id).session_token != session_token
    assert theirs.get(url).status_code == 401


def test_a_stale_change_is_412_and_the_last_admin_stays(admin_api, boss):
    url = f"/api/v1/users/{boss.id}"
    etag = admin_api.get(url).headers["ETag"]
    refused = admin_api.patch(url, json={"is_admin": False}, headers={"If-Match": etag})
    assert refused.status_code == 409 and "last active admin" in refused.get_json()["detail"]
    renamed = admin_api.patch(url, json={"name": "Bo B."}, headers={"If-Match": etag})
    assert renamed.status_code == 200
    assert admin_api.patch(url, json={"name": "Bo C."}, headers={"If-Match": etag}).status_code == 412
    assert admin_api.patch(url, json={"name": ""}, headers={"If-Match": "*"}).status_code == 422


def test_listing_people_costs_the_same_queries_for_5_and_55(admin_api):
    def cost() -> int:
        admin_api.get("/api/v1/users/?limit=200")  # warm: a token's first use is recorded (once a minute)
        with count_queries() as queries:
            assert admin_api.get("/api/v1/users/?limit=200").status_code == 200
        return queries.count

    for _ in range(4):
        make_user()
    small = cost()
    for _ in range(50):
        make_user()
    assert cost() == small
