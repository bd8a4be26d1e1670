"""The profile's Interface language (User.language), apart from the languages people speak; the
profile and welcome pages in Spanish and Arabic; the time-zone picker's words for the script."""
from __future__ import annotations

import re

from lms.auth.models import User
from lms.extensions import db
from tests.profiles.helpers import form_version, profile_post

SPANISH = {"Accept-Language": "es"}


def _user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_the_select_names_each_language_in_itself_after_same_as_my_browser(client, auth, user):
    auth.login_as(user)
    page = client.get("/profile").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="interface_language".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options == [("", "Same as my browser"), ("en", "English"), ("es", "Español"),
                       ("pt_BR", "Português (Brasil)"), ("ar", "العربية")]
    assert 'lang="ar"' in select and 'lang="pt-BR"' in select, "each tagged with its own language"
    assert "Languages you speak" in page, "the mentoring languages stay a field of their own"


def test_choosing_spanish_saves_it_and_the_next_page_is_in_spanish(client, auth, user):
    auth.login_as(user)
    response = profile_post(client, interface_language="es", languages="en, pt-BR")
    assert response.status_code == 302
    saved = _user(user.id)
    assert saved.language == "es"
    page = client.get("/profile").get_data(as_text=True)
    assert '<html lang="es"' in page
    assert "Tu perfil está guardado." in page, "the confirmation already speaks the new language"
    assert "<h1>Tu perfil</h1>" in page and "Idioma de la interfaz" in page
    assert "Guardado: inglés, portugués (Brasil)" in page, "languages spoken, named in the reader's language"

    profile_post(client, interface_language="")
    assert _user(user.id).language is None, "back to the browser's language"
    assert '<html lang="en"' in client.get("/profile").get_data(as_text=True)


def test_a_stale_form_does_not_change_the_language(client, auth, user):
    auth.login_as(user)
    stale = form_version(client)
    profile_post(client, interface_language="ar")
    response = profile_post(client, version=stale, interface_language="es")
    assert response.status_code == 409
    assert _user(user.id).language == "ar"
    page = response.get_data(as_text=True)
    assert 'dir="rtl"' in page and "تغيّر ملفك الشخصي في نافذة أخرى" in page


def test_an_unknown_language_is_refused(client, auth, user):
    auth.login_as(user)
    assert profile_post(client, interface_language="xx").status_code == 400
    assert _user(user.id).language is None


def test_the_profile_page_in_arabic_reads_right_to_left(client, auth, user):
    user.language = "ar"
    db.session.commit()
    auth.login_as(user)
    page = client.get("/profile").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>ملفك الشخصي</h1>" in page and "حفظ الملف الشخصي" in page
    assert 'label="أوروبا"' in page, "the zone picker's regions are translated"
    assert '<option value="Europe/London">لندن (UTC' in page, "and its places (CLDR exemplar cities)"


def test_the_welcome_step_preselects_the_devices_zone_and_gives_the_script_its_words(client, auth, user):
    auth.login_as(user)
    page = client.get("/welcome", headers=SPANISH).get_data(as_text=True)
    select = re.search(r'<select[^>]*id="timezone"[^>]*>', page).group(0)
    assert 'data-browser-zone="preselect"' in select
    assert 'data-browser-zone-text="Usar la zona horaria de este dispositivo: %(zone)s"' in select
    assert "Te damos la bienvenida, <bdi>Lea Learner</bdi>" in page

    profile = client.get("/profile", headers=SPANISH).get_data(as_text=True)
    select = re.search(r'<select[^>]*id="timezone"[^>]*>', profile).group(0)
    assert 'data-browser-zone=""' in select, "later the script only offers the device's zone"


def test_a_skill_list_too_long_is_refused_in_the_readers_language(client, auth, user):
    auth.login_as(user)
    rows = {f"skills-{i}-skill": f"skill {i}" for i in range(31)}
    rows.update({f"skills-{i}-level": "working" for i in range(31)})
    page = client.post("/profile", headers=SPANISH, data={"name": "Lea", "timezone": "UTC", "languages": "",
                                                          "version": form_version(client), **rows})
    assert "Indica como máximo 30 habilidades." in page.get_data(as_text=True)
