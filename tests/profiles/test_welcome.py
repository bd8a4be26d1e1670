"""First sign-in: people who never gave their skills are asked for them, once saved never again."""
from __future__ import annotations

from lms.auth.models import User
from lms.extensions import db
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import skills_by_user
from tests.factories.auth import PASSWORD
from tests.profiles.helpers import form_version, skill_rows


def _welcome_post(client, **fields):
    data = {"timezone": "UTC", "languages": "", "version": form_version(client, "/welcome"), "next": "/"}
    data.update(fields)
    return client.post("/welcome", data=data)


def test_signing_in_without_skills_leads_to_the_welcome_step_then_where_they_were_going(client, user):
    response = client.post("/login?next=/submissions/", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/welcome?next=/submissions/"
    page = client.get(response.location).get_data(as_text=True)
    assert "Skip for now" in page and 'href="/submissions/"' in page
    saved = _welcome_post(client, next="/submissions/", languages="es, en", timezone="America/Bogota",
                          **skill_rows(("Excel", "strong"), ("python", "learning")))
    # Plans asks for first goals next (its own step), then on to where they were going.
    assert saved.status_code == 302 and saved.location == "/welcome/goals?next=/submissions/"
    db.session.expire_all()
    profile = db.session.get(Profile, user.id)
    assert profile.onboarded_at is not None and profile.languages == ["es", "en"]
    assert db.session.get(User, user.id).timezone == "America/Bogota"
    assert skills_by_user([user.id])[user.id] == {"excel": SkillLevel.STRONG, "python": SkillLevel.LEARNING}

    client.post("/logout")
    again = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert again.location == "/", "asked once: after saving, signing in goes straight on"


def test_without_the_plans_step_the_welcome_step_leads_where_they_were_going(app, client, auth, user):
    del app.extensions["onboarding_next"]
    auth.login_as(user)
    assert _welcome_post(client, next="/submissions/").location == "/submissions/"


def test_skipping_saves_nothing_and_asks_again_next_time(client, user):
    first = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert first.location == "/welcome?next=/"
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).location == "/welcome?next=/"
    assert db.session.get(Profile, user.id) is None


def test_the_welcome_step_never_leads_off_the_site(client, auth, user):
    auth.login_as(user)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        page = client.get(f"/welcome?next={target}").get_data(as_text=True)
        assert "evil.example" not in page.split("Skip for now")[0].rsplit("<a", 1)[-1]
        assert _welcome_post(client, next=target).location == "/welcome/goals?next=/"  # then home


def test_a_later_onboarding_step_registered_by_another_feature_comes_next(app, client, auth, user):
    app.extensions["onboarding_next"] = lambda person, target: f"/plans/welcome?next={target}"
    try:
        auth.login_as(user)
        assert _welcome_post(client, next="/submissions/").location == "/plans/welcome?next=/submissions/"
    finally:
        del app.extensions["onboarding_next"]


def test_bad_input_on_the_welcome_step_keeps_what_was_typed(client, auth, user):
    auth.login_as(user)
    response = _welcome_post(client, languages="klingon", **skill_rows(("python", "expert")))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "klingon" in page and 'value="python"' in page
    assert db.session.get(Profile, user.id) is None


def test_the_welcome_form_cannot_set_anything_else(client, auth, user):
    auth.login_as(user)
    response = _welcome_post(client, active_mentees="9", headline="smuggled", max_mentees="1", name="Renamed",
                             user_id="999", help_with="smuggled")
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(Profile, user.id)
    assert (profile.active_mentees, profile.headline, profile.max_mentees, profile.help_with) == (0, "", None, "")
    assert db.session.get(User, user.id).name == "Lea Learner"


def test_an_invitee_setting_their_password_is_welcomed_first(client, admin):
    from lms.auth import tokens
    from lms.auth.models import TokenPurpose
    from tests.factories.auth import make_user

    invitee = make_user(email="new@example.org", name="Nia New", password=False)
    token, _ = tokens.issue_token(invitee, TokenPurpose.INVITE)
    db.session.commit()
    path = f"/invite/{token}"
    client.get(path)
    response = client.post(path, data={"new_password": "a long new passphrase", "confirm": "a long new passphrase"})
    assert response.location == "/welcome?next=/"
