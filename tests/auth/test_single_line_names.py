"""Names go into email subjects and lines of text: they are stored on one line."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.auth.services import ProfileData, create_user, update_profile
from lms.extensions import db

BROKEN = ["Sam\r\n\r\nSelf", "Sam\nSelf", "Sam\u2028Self", "Sam\u2029Self", "Sam\x85Self", "Sam\v\fSelf",
          "  Sam \t Self\x00 "]


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


# A NUL never reaches a form: every request carrying one is refused first (lms.security).
@pytest.mark.parametrize("name", [name for name in BROKEN if "\x00" not in name])
def test_registration_stores_the_name_on_one_line(client, app, name):
    app.config["SELF_REGISTRATION"] = True
    response = client.post("/register", data={"email": "self@example.org", "name": name,
                                              "new_password": "long enough pass", "confirm": "long enough pass"})
    assert response.status_code == 302
    assert _user("self@example.org").name == "Sam Self"


def test_a_profile_name_is_saved_on_one_line(client, auth, user):
    auth.login_as(user)
    response = client.post("/profile", data={"name": "Lea\r\nBcc: x@example.org\u2028Learner",
                                             "bio": "Line one\nLine two", "skills": "", "timezone": "UTC"})
    assert response.status_code == 302
    saved = db.session.get(User, user.id)
    assert saved.name == "Lea Bcc: x@example.org Learner"
    assert saved.bio == "Line one\nLine two"  # Markdown keeps its lines


def test_an_admin_adds_a_person_whose_name_is_stored_on_one_line(client, auth, admin):
    auth.login_as(admin)
    client.post("/admin/users/", data={"email": "nia@example.org", "name": "Nia\n\nNew"})
    assert _user("nia@example.org").name == "Nia New"


@pytest.mark.parametrize("name", BROKEN)
def test_the_services_and_the_model_never_store_a_line_break(app, name):
    user = create_user("svc@example.org", name)
    assert user.name == "Sam Self"
    update_profile(user, ProfileData(name=name.replace("Sam", "Al")))
    assert user.name == "Al Self"
    user.name = name  # a command, a script, a migration: the model normalises too
    assert user.name == "Sam Self"
    assert create_user("blank@example.org", "\u2028\r\n").name == "blank@example.org"
