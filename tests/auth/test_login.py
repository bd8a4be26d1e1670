"""Signing in and out: who is signed in afterwards, where the browser goes, what it is told."""
from __future__ import annotations

from lms.auth.models import User
from lms.extensions import db
from tests.auth.helpers import flashes, past_welcome, session_user_id, signed_in_name
from tests.factories.auth import PASSWORD, make_user

WRONG = "Email or password is not correct."


def test_login_page_shows_the_sign_in_form_to_a_visitor(client):
    response = client.get("/login")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>Sign in</h1>" in page
    assert 'name="email"' in page and 'name="password"' in page
    assert "site-user__name" not in page, "nobody is named in the header"


def test_signing_in_signs_in_that_user_and_goes_home(client, auth, user):
    assert signed_in_name(client) is None
    response = auth.login(user.email)
    assert past_welcome(response.location) == "/"
    assert session_user_id(client) == user.get_id()
    assert signed_in_name(client) == "Lea Learner"
    assert client.get("/").location == "/profile", "home for someone in no cohort yet"


def test_a_visitor_is_sent_to_sign_in_and_then_back_to_the_page_they_wanted(client, auth, user):
    refused = client.get("/profile")
    assert refused.location == "/login?next=%2Fprofile"
    assert flashes(client.get(refused.location).get_data(as_text=True)) == ["Please sign in to see this page."]
    response = client.post(refused.location, data={"email": user.email, "password": PASSWORD})
    assert past_welcome(response.location) == "/profile"
    assert signed_in_name(client) == "Lea Learner"


def test_email_is_case_insensitive(client, auth, user):
    assert past_welcome(auth.login("LEARNER@Example.org").location) == "/"
    assert signed_in_name(client) == "Lea Learner"


def test_wrong_password_message_does_not_reveal_account(client, auth, user):
    wrong = auth.login(user.email, "not the password")
    unknown = auth.login("nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert WRONG in wrong.get_data(as_text=True) and WRONG in unknown.get_data(as_text=True)
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True), "keeps what was typed"
    assert session_user_id(client) is None and signed_in_name(client) is None


def test_inactive_user_cannot_log_in(client, auth, app):
    make_user(email="gone@example.org", is_active=False)
    assert WRONG in auth.login("gone@example.org").get_data(as_text=True)
    assert signed_in_name(client) is None


def test_post_without_csrf_token_is_refused(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert session_user_id(client) is None and signed_in_name(client) is None


def test_signing_out_ends_the_session_and_says_so(client, auth, user):
    auth.login(user.email)
    response = auth.logout()
    assert response.location == "/login"
    assert flashes(client.get(response.location).get_data(as_text=True)) == ["You are signed out."]
    assert session_user_id(client) is None and signed_in_name(client) is None


def test_password_change_ends_other_sessions(app, client, auth, user):
    other = app.test_client()
    type(auth)(other).login(user.email)
    assert signed_in_name(other) == "Lea Learner"
    auth.login(user.email)
    response = client.post("/profile/password", data={
        "current_password": PASSWORD, "new_password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.location == "/profile"
    assert flashes(client.get(response.location).get_data(as_text=True)) == [
        "Your password is changed. You were signed out everywhere else."]
    assert signed_in_name(client) == "Lea Learner", "the session that changed it continues"
    assert signed_in_name(other) is None, "the old cookie no longer works"


def test_profile_update_saves_the_time_zone(client, auth, user):
    auth.login_as(user)
    response = client.post("/profile", data={"name": "Lea", "bio": "Hi", "timezone": "Europe/Berlin"})
    assert response.location == "/profile"
    assert flashes(client.get(response.location).get_data(as_text=True)) == ["Your profile is saved."]
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.bio, saved.timezone) == ("Lea", "Hi", "Europe/Berlin")


def test_security_headers_present(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_profile_saved_in_another_window_is_not_silently_overwritten(client, auth, user):
    auth.login_as(user)
    page = client.get("/profile").get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    first = client.post("/profile", data={"name": "From tab one", "bio": "", "skills": "", "timezone": "UTC",
                                          "version": version})
    assert first.status_code == 302
    second = client.post("/profile", data={"name": "From tab two", "bio": "typed", "skills": "", "timezone": "UTC",
                                           "version": version})
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "changed in another window" in html and "From tab one" in html and "From tab two" in html
    assert db.session.get(User, user.id).name == "From tab one"
    fresh = html.split('name="version" type="hidden" value="')[1].split('"')[0]
    third = client.post("/profile", data={"name": "From tab two", "bio": "typed", "skills": "", "timezone": "UTC",
                                          "version": fresh})
    assert third.status_code == 302 and db.session.get(User, user.id).name == "From tab two"
