"""Sessions end when they must: password change (remember-me cookie too), deactivation."""
from __future__ import annotations

from lms.auth import services
from lms.extensions import db
from tests.auth.helpers import past_welcome, session_user_id, signed_in_name
from tests.factories.auth import PASSWORD

NEW_PASSWORD = "another good password"


def _remembered_client(app, client, user):
    """A second browser holding only the remember-me cookie of a fresh sign-in."""
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None, "remember-me cookie set"
    other = app.test_client()
    other.set_cookie("remember_token", cookie.value)
    return other


def test_remember_me_cookie_signs_in_a_new_browser(app, client, user):
    other = _remembered_client(app, client, user)
    assert session_user_id(other) is None, "no session yet: only the remember-me cookie"
    assert signed_in_name(other) == "Lea Learner"


def test_password_change_invalidates_the_remember_me_cookie(app, client, user):
    other = _remembered_client(app, client, user)
    response = client.post("/profile/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.location == "/profile"
    assert signed_in_name(client) == "Lea Learner"
    assert signed_in_name(other) is None


def test_old_session_cookie_stops_working_after_a_password_change(app, client, auth, user):
    auth.login(user.email)
    stolen = client.get_cookie("session").value
    client.post("/profile/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert signed_in_name(replay) is None
    assert signed_in_name(client) == "Lea Learner", "the browser that changed it stays signed in"


def test_deactivation_ends_sessions_and_remember_me(app, client, user):
    other = _remembered_client(app, client, user)
    services.set_active(user, False)
    db.session.commit()
    assert signed_in_name(client) is None
    assert signed_in_name(other) is None


def test_reactivated_user_signs_in_again_with_their_password(client, auth, user):
    services.set_active(user, False)
    services.set_active(user, True)
    db.session.commit()
    assert past_welcome(auth.login(user.email).location) == "/"
    assert signed_in_name(client) == "Lea Learner"


def test_next_parameter_only_redirects_within_the_site(client, auth, user):
    for target, expected in [("/profile", "/profile"), ("https://evil.example/", "/"),
                             ("//evil.example/", "/"), ("/\\evil.example/", "/")]:
        response = client.post(f"/login?next={target}", data={"email": user.email, "password": PASSWORD})
        assert past_welcome(response.location) == expected, target
        auth.logout()


def test_signing_out_ends_the_session_cookie_and_the_remember_me_cookie(app, client, user):
    other = _remembered_client(app, client, user)
    captured = client.get_cookie("session").value
    assert client.post("/logout").location == "/login"
    replay = app.test_client()
    replay.set_cookie("session", captured)
    assert signed_in_name(replay) is None, "a session cookie captured before sign-out is dead"
    assert signed_in_name(other) is None, "so is the remember-me cookie"
    assert signed_in_name(client) is None


def test_signing_in_starts_a_new_session_and_csrf_secret(app, client, user):
    client.get("/login")
    planted = client.csrf_token()  # minted before sign-in, e.g. by someone who fixed the session
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert signed_in_name(client) == "Lea Learner"
    refused = client.post("/logout", headers={"X-CSRFToken": planted}, csrf=False)
    assert refused.status_code == 400, "the token from before sign-in no longer counts"
    assert signed_in_name(client) == "Lea Learner"
    assert client.post("/logout").location == "/login", "the new session's own token works"
