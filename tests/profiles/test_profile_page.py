"""The profile page: headline, bio, levelled skills, languages, time zone, a mentor's offer."""
from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.profiles import services
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import skills_by_user
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.profiles.helpers import form_version, profile_post, skill_rows


def _profile(user_id: int) -> Profile | None:
    db.session.expire_all()
    return db.session.get(Profile, user_id)


def test_opening_the_profile_creates_nothing_and_saving_creates_the_row(client, auth, user):
    auth.login_as(user)
    assert client.get("/profile").status_code == 200
    assert _profile(user.id) is None, "a GET writes nothing"
    response = profile_post(client, headline="Career changer, learning Python", bio="I *like* data.",
                            languages="en, pt-br", timezone="Europe/Lisbon",
                            **skill_rows(("Python", "learning"), ("SQL", "working")))
    assert response.status_code == 302 and response.location == "/profile"
    profile = _profile(user.id)
    assert profile.headline == "Career changer, learning Python"
    assert profile.bio_html == "<p>I <em>like</em> data.</p>", "rendered once, on save"
    assert profile.languages == ["en", "pt-BR"]
    assert db.session.get(User, user.id).timezone == "Europe/Lisbon"
    assert skills_by_user([user.id])[user.id] == {"python": SkillLevel.LEARNING, "sql": SkillLevel.WORKING}
    page = client.get("/profile").get_data(as_text=True)
    assert "Portuguese (Brazil)" in page and 'value="python"' in page


def test_rows_are_removed_when_ticked_or_emptied_and_levels_change(client, auth, user):
    auth.login_as(user)
    profile_post(client, **skill_rows(("python", "learning"), ("sql", "working"), ("excel", "strong")))
    response = profile_post(client, **skill_rows(("python", "strong"), ("sql", "working", "remove"), ("", "expert")))
    assert response.status_code == 302
    assert skills_by_user([user.id])[user.id] == {"python": SkillLevel.STRONG}


def test_add_another_skill_shows_one_more_row_and_saves_nothing(client, auth, user):
    auth.login_as(user)
    page = client.get("/profile").get_data(as_text=True)
    rows = page.count('name="skills-')
    response = client.post("/profile", data={"name": "Changed", "version": form_version(client), "add_skill_row": "1",
                                              "timezone": "UTC", **skill_rows(("go", "working"), ("", "working"))})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="Changed"' in page and 'value="go"' in page, "typed text kept"
    assert page.count('name="skills-') > rows - 3
    assert db.session.get(User, user.id).name == "Lea Learner"


def test_bad_input_re_renders_with_messages_and_keeps_the_text(client, auth, user):
    auth.login_as(user)
    cases = [
        {"languages": "english, xx-!!"},
        {"languages": "qq"},
        {"name": ""},
        {"headline": "h" * 161},
        {"timezone": "Mars/Olympus"},
        {"skills-0-skill": "python", "skills-0-level": "guru"},
        {"bio": "b" * 4001},
    ]
    for fields in cases:
        response = profile_post(client, **{"bio": "kept text", **fields})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, fields
        assert "field__errors" in page, fields
        if "bio" not in fields:
            assert "kept text" in page, fields
    assert _profile(user.id) is None, "nothing saved"


def test_too_many_languages_or_skills_are_refused(client, auth, user):
    auth.login_as(user)
    many = ", ".join(["en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "fi", "pl"])
    assert profile_post(client, languages=many).status_code == 400
    rows = skill_rows(*[(f"skill {n}", "working") for n in range(31)])
    assert profile_post(client, **rows).status_code == 400


def test_a_save_from_a_second_window_is_refused_with_a_clear_message_and_nothing_is_lost(client, auth, user):
    auth.login_as(user)
    first_window, second_window = form_version(client), form_version(client)
    assert profile_post(client, first_window, headline="From window one",
                        **skill_rows(("python", "strong"))).status_code == 302
    stale = profile_post(client, second_window, headline="From window two", bio="typed in window two")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "changed in another window" in page
    assert "typed in window two" in page and "From window two" in page, "what was typed is kept"
    assert "From window one" in page and "python (strong)" in page, "the saved values are shown"
    assert _profile(user.id).headline == "From window one"
    again = profile_post(client, headline="From window two")
    assert again.status_code == 302 and _profile(user.id).headline == "From window two"


def test_a_name_changed_elsewhere_also_makes_the_form_stale(client, auth, user):
    auth.login_as(user)
    version = form_version(client)
    db.session.get(User, user.id).name = "Renamed by an admin"
    db.session.commit()
    assert profile_post(client, version, headline="x").status_code == 409


def test_racing_saves_with_the_same_version_let_only_one_win(app, user):
    """Both pass the token check; the version column (UPDATE ... WHERE version=) refuses one."""
    user_id = user.id
    services.ensure_profile(user_id)
    db.session.commit()
    token = services.version_token(db.session.get(User, user_id), db.session.get(Profile, user_id))
    barrier, results = threading.Barrier(2), []

    def save(headline):
        with app.app_context():
            me = db.session.get(User, user_id)
            services.ensure_profile(user_id)
            barrier.wait()
            try:
                services.save_profile(me, services.ProfileData(name=me.name, headline=headline), based_on=token)
                db.session.commit()
                results.append("saved")
            except services.ProfileConflict:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(h,)) for h in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "saved"], results
    assert _profile(user_id).version == 2


def test_profile_rows_are_created_once_under_concurrency(app, user):
    user_id = user.id
    barrier, errors = threading.Barrier(4), []

    def create():
        with app.app_context():
            try:
                barrier.wait()
                services.ensure_profile(user_id)
                db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(db.session.scalars(select(Profile).where(Profile.user_id == user_id)).all()) == 1


def test_only_mentors_see_and_save_the_mentor_offer(client, auth, user):
    auth.login_as(user)
    assert "What you can help with" not in client.get("/profile").get_data(as_text=True)
    profile_post(client, help_with="smuggled", max_mentees="40")
    assert (_profile(user.id).help_with, _profile(user.id).max_mentees) == ("", None), "not a mentor: ignored"

    enrol(make_cohort(), user, EnrollmentRole.MENTOR)
    assert "What you can help with" in client.get("/profile").get_data(as_text=True)
    response = profile_post(client, help_with="Career changes\nSQL reviews", max_mentees="3", hours_per_week="4",
                            away_until="2030-01-31")
    assert response.status_code == 302
    profile = _profile(user.id)
    assert (profile.help_with, profile.max_mentees, profile.hours_per_week, profile.away_until) == (
        "Career changes\nSQL reviews", 3, 4, date(2030, 1, 31))
    for bad in ({"max_mentees": "-1"}, {"max_mentees": "many"}, {"hours_per_week": "81"}, {"away_until": "soon"}):
        assert profile_post(client, **bad).status_code == 400, bad


def test_the_form_cannot_set_load_onboarding_version_or_another_users_profile(client, auth, user):
    other = make_user(name="Other Person")
    services.ensure_profile(other.id).headline = "untouched"
    db.session.commit()
    enrol(make_cohort(), user, EnrollmentRole.MENTOR)
    auth.login_as(user)
    response = profile_post(client, headline="mine", active_mentees="99", onboarded_at="2000-01-01",
                            user_id=str(other.id), id=str(other.id), bio_html="<script>x</script>",
                            is_admin="y", email="taken@example.org", updated_at="2000-01-01")
    assert response.status_code == 302
    mine, theirs = _profile(user.id), _profile(other.id)
    assert mine.headline == "mine" and mine.active_mentees == 0 and mine.bio_html == ""
    assert mine.version == 2
    assert theirs.headline == "untouched"
    me = db.session.get(User, user.id)
    assert not me.is_admin and me.email == "learner@example.org"


def test_saving_the_profile_keeps_the_mentorship_counter(client, auth, user):
    enrol(make_cohort(), user, EnrollmentRole.MENTOR)
    profile = services.ensure_profile(user.id)
    db.session.execute(Profile.__table__.update().where(Profile.user_id == user.id).values(active_mentees=2))
    db.session.commit()
    auth.login_as(user)
    profile_post(client, max_mentees="1")
    profile = _profile(user.id)
    assert (profile.active_mentees, profile.max_mentees) == (2, 1), "lowering the maximum never touches the count"


def test_password_change_stays_on_its_own_route(client, auth, user):
    auth.login_as(user)
    page = client.get("/profile").get_data(as_text=True)
    assert 'action="/profile/password"' in page
    wrong = client.post("/profile/password", data={"current_password": "nope", "new_password": "x" * 12,
                                                   "confirm": "x" * 12})
    assert wrong.status_code == 400 and "Change password" in wrong.get_data(as_text=True)


def test_a_mentor_sees_their_load_and_free_places_as_the_directory_computes_them(client, auth, user):
    enrol(make_cohort(), user, EnrollmentRole.MENTOR)
    services.ensure_profile(user.id)
    db.session.execute(Profile.__table__.update().where(Profile.user_id == user.id)
                       .values(active_mentees=1, max_mentees=3))
    db.session.commit()
    auth.login_as(user)
    page = " ".join(client.get("/profile").get_data(as_text=True).split())
    assert "1 active mentee of at most 3 (2 places free)" in page
