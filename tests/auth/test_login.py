from lms.auth.models import User
from lms.extensions import db
from tests.factories.auth import PASSWORD, make_user


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_user_can_log_in_and_reach_profile(client, auth, user):
    response = auth.login(user.email)
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200


def test_email_is_case_insensitive(client, auth, user):
    assert auth.login("LEARNER@Example.org").status_code == 302


def test_wrong_password_message_does_not_reveal_account(client, auth, user):
    wrong = auth.login(user.email, "not the password")
    unknown = auth.login("nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert b"Email or password is not correct." in wrong.data
    assert b"Email or password is not correct." in unknown.data


def test_inactive_user_cannot_log_in(client, auth, app):
    make_user(email="gone@example.org", is_active=False)
    assert b"Email or password is not correct." in auth.login("gone@example.org").data


def test_post_without_csrf_token_is_refused(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400


def test_password_change_ends_other_sessions(app, client, auth, user):
    other = app.test_client()
    Auth2 = type(auth)
    Auth2(other).login(user.email)
    assert other.get("/profile").status_code == 200
    auth.login(user.email)
    response = client.post("/profile/password", data={
        "current_password": PASSWORD, "new_password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200, "the session that changed it continues"
    assert other.get("/profile").status_code == 302, "the old cookie no longer works"


def test_profile_update_normalises_skills(client, auth, user):
    auth.login_as(user)
    response = client.post("/profile", data={
        "name": "Lea", "bio": "Hi", "skills": "Python, pandas, python ,  Client  Calls", "timezone": "Europe/Berlin"})
    assert response.status_code == 302
    saved = db.session.get(User, user.id)
    assert saved.skills == ["python", "pandas", "client calls"]
    assert saved.timezone == "Europe/Berlin"


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
