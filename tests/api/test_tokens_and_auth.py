"""Tokens authenticate the API: shown once, stored hashed, scoped, expiring, revocable,
and only as strong as their person's current rights."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.api.models import ApiToken, TokenKind
from lms.api.tokens import TokenError, create_token, digest
from lms.database import utcnow
from lms.extensions import db
from tests.factories.api import make_token
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort, make_track


def test_a_request_without_a_token_is_a_401_problem_with_a_bearer_challenge(api_anonymous):
    response = api_anonymous.get("/api/v1/tracks/")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 401 and body["title"] and body["detail"] and body["type"].endswith("unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_does_not_authenticate_the_api(client, auth, admin):
    auth.login_as(admin)
    assert client.get("/api/v1/tracks/").status_code == 401


def test_the_database_keeps_only_the_hash_of_a_token(app, user):
    raw = make_token(user)
    row = db.session.scalar(select(ApiToken))
    assert raw.startswith("lms_") and len(raw) > 40
    assert row.token_hash == digest(raw) and raw not in (row.token_hash, row.prefix) and row.prefix == raw[:12]


def test_a_mistyped_expired_or_revoked_token_is_refused(app, api_as, user, client):
    good = api_as(user)
    assert good.get("/api/v1/tracks/").status_code == 200
    wrong = {"Authorization": "Bearer " + good.raw[:-1] + ("x" if good.raw[-1] != "x" else "y")}
    assert client.get("/api/v1/tracks/", headers=wrong).status_code == 401
    token = db.session.scalar(select(ApiToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = good.get("/api/v1/tracks/")
    assert response.status_code == 401 and 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    token.expires_at, token.revoked_at = utcnow() + timedelta(days=1), utcnow()
    db.session.commit()
    assert good.get("/api/v1/tracks/").status_code == 401


def test_a_token_stops_the_moment_its_person_is_deactivated(app, api_as, user):
    caller = api_as(user)
    assert caller.get("/api/v1/tracks/").status_code == 200
    user.is_active = False
    db.session.commit()
    assert caller.get("/api/v1/tracks/").status_code == 401


def test_a_service_token_stops_when_its_admin_stops_being_one(app, api_as):
    admin = make_admin()
    caller = api_as(admin, kind=TokenKind.SERVICE)
    assert caller.get("/api/v1/tracks/").status_code == 200
    admin.is_admin = False
    db.session.commit()
    assert caller.get("/api/v1/tracks/").status_code == 401


def test_only_an_admin_can_hold_a_service_token(app, user):
    with pytest.raises(TokenError):
        create_token(user, TokenKind.SERVICE, "hr", ["users:read"], utcnow() + timedelta(days=1), actor=user)


@pytest.mark.parametrize("name, scopes, days, message", [
    ("", ["tracks:read"], 1, "name"),
    ("x", [], 1, "scope"),
    ("x", ["tracks:fly"], 1, "Unknown"),
    ("x", ["tracks:read"], -1, "future"),
    ("x", ["tracks:read"], 400, "year"),
])
def test_a_token_with_a_bad_name_scope_or_expiry_is_refused(app, user, name, scopes, days, message):
    with pytest.raises(TokenError, match=message):
        create_token(user, TokenKind.PERSONAL, name, scopes, utcnow() + timedelta(days=days), actor=user)


def test_a_token_without_the_scope_gets_a_403_naming_the_scope(app, api_as, user):
    caller = api_as(user, scopes=["asks:read"])
    response = caller.get("/api/v1/tracks/")
    assert response.status_code == 403
    assert response.get_json()["type"].endswith("insufficient_scope")
    assert 'scope="tracks:read"' in response.headers["WWW-Authenticate"]


def test_write_scope_includes_read(app, api_as, user):
    assert api_as(user, scopes=["tracks:write"]).get("/api/v1/tracks/").status_code == 200


def test_a_learners_token_lists_only_the_tracks_of_their_cohorts(app, api_as):
    mine, other = make_track(title="Mine"), make_track(title="Other")
    learner = make_user()
    enrol(make_cohort(mine), learner)
    make_cohort(other)
    slugs = [t["slug"] for t in api_as(learner).get("/api/v1/tracks/").get_json()["data"]]
    assert slugs == [mine.slug]
    assert api_as(learner).get(f"/api/v1/tracks/{other.slug}").status_code == 404
    assert api_as(make_admin()).get(f"/api/v1/tracks/{other.slug}").status_code == 200


def test_last_use_is_recorded(app, api_as, user):
    api_as(user).get("/api/v1/tracks/")
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_every_answer_carries_the_rate_limit_and_beyond_it_is_a_429(app_factory, client):
    from lms.extensions import db as database
    from tests.conftest import Client
    limited = app_factory(API_RATE_LIMIT=2)
    limited.test_client_class = Client
    with limited.app_context():
        person = make_user()
        raw = make_token(person)
        http = limited.test_client()
        first = http.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"})
        assert first.status_code == 200 and first.headers["RateLimit-Limit"] == "2"
        assert first.headers["RateLimit-Remaining"] == "1" and "RateLimit-Policy" in first.headers
        http.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"})
        third = http.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"})
        assert third.status_code == 429 and int(third.headers["Retry-After"]) > 0
        assert third.mimetype == "application/problem+json"
        database.session.remove()


def test_an_api_answer_never_sets_a_cookie(app, api_as, user):
    response = api_as(user).get("/api/v1/tracks/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Authorization" in response.headers.get("Vary", "") and "private" in response.headers["Cache-Control"]


def test_a_person_makes_a_token_on_their_page_and_sees_it_only_once(client, auth, user):
    auth.login_as(user)
    page = client.post("/account/api-tokens", data={"name": "weekly report", "scopes": ["tracks:read"],
                                                    "lifetime": "30"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    raw = html.split('id="new-token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert raw.startswith("lms_")
    assert client.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert raw not in client.get("/account/api-tokens").get_data(as_text=True)


def test_the_token_form_keeps_what_was_typed_and_says_what_is_wrong(client, auth, user):
    auth.login_as(user)
    page = client.post("/account/api-tokens", data={"name": "my script", "lifetime": "30"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Choose at least one scope." in html and 'value="my script"' in html
    assert db.session.scalar(select(ApiToken)) is None


def test_a_learner_cannot_revoke_someone_elses_token_but_an_admin_can(client, auth, user):
    other = make_user()
    token_id = create_token(other, TokenKind.PERSONAL, "theirs", ["tracks:read"], utcnow() + timedelta(days=1),
                            actor=other)[1].id
    db.session.commit()
    auth.login_as(user)
    assert client.post(f"/api-tokens/{token_id}/revoke").status_code == 404
    auth.login_as(make_admin())
    assert client.post(f"/api-tokens/{token_id}/revoke").status_code == 302
    assert db.session.get(ApiToken, token_id).revoked_at is not None


def test_a_nul_character_anywhere_in_a_json_body_is_a_422_naming_the_field(app, api_as, user):
    response = api_as(user).post("/api/v1/tracks/", json={"outer": [{"name": "a\0b"}]})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "outer.0.name" in response.get_json()["errors"]
