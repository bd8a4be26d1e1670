"""Self-registration: off by default (404, no link); when on, people create their own account."""
from __future__ import annotations

import pytest

from tests.auth.helpers import flashes, signed_in_name
from tests.factories.auth import make_user

FORM = {"email": "self@example.org", "name": "Sam Self", "new_password": "long enough pass",
        "confirm": "long enough pass"}


@pytest.fixture
def open_registration(app):
    app.config["SELF_REGISTRATION"] = True


def test_registration_is_off_by_default(client):
    assert client.get("/register").status_code == 404
    assert client.post("/register", data=FORM).status_code == 404
    assert b"/register" not in client.get("/login").data


def test_login_page_links_to_registration_when_on(client, open_registration):
    assert b'href="/register"' in client.get("/login").data


def test_registering_creates_the_account_and_signs_in(client, auth, open_registration):
    response = client.post("/register", data=FORM)
    assert response.status_code == 302 and response.location == "/profile"
    assert flashes(client.get("/profile").get_data(as_text=True)) == [
        "Welcome! Your account is ready. Tell us a little about yourself."]
    assert signed_in_name(client) == "Sam Self"
    auth.logout()
    assert signed_in_name(client) is None
    assert auth.login("self@example.org", "long enough pass").location == "/"
    assert signed_in_name(client) == "Sam Self"


def test_registering_a_taken_email_keeps_the_form(client, open_registration):
    make_user(email="self@example.org")
    response = client.post("/register", data={**FORM, "email": "SELF@example.org"})
    assert response.status_code == 400
    assert b"An account with this email already exists." in response.data
    assert signed_in_name(client) is None
    assert b'value="Sam Self"' in response.data


def test_registration_checks_the_password(client, open_registration):
    short = client.post("/register", data={**FORM, "new_password": "short", "confirm": "short"})
    assert short.status_code == 400 and b"Use at least 10 characters." in short.data
    mismatch = client.post("/register", data={**FORM, "confirm": "something different"})
    assert mismatch.status_code == 400 and b"The passwords do not match." in mismatch.data
