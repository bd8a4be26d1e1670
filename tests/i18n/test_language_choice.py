"""Which language a page is in: the profile's, else the footer's choice, else the browser's
Accept-Language, else the organisation's default; Arabic pages are right to left."""
from __future__ import annotations

import re

import pytest
from flask import render_template_string

from lms.extensions import db
from lms.i18n.languages import supported
from lms.i18n.recipients import speaking_to
from tests.factories.auth import make_user


def _lang_dir(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="(\w+)">', response.get_data(as_text=True))
    return match.groups()


@pytest.mark.parametrize(("header", "expected"), [
    ("es-MX,es;q=0.9,en;q=0.5", ("es", "ltr")),
    ("pt-BR", ("pt-BR", "ltr")),
    ("pt-PT,pt;q=0.9", ("pt-BR", "ltr")),
    ("ar-EG,ar;q=0.9", ("ar", "rtl")),
    ("de-DE,de;q=0.9", ("en", "ltr")),
    ("", ("en", "ltr")),
])
def test_a_visitor_gets_their_browsers_language(client, header, expected):
    response = client.get("/login", headers={"Accept-Language": header} if header else {})
    assert _lang_dir(response) == expected


def test_the_organisations_default_serves_browsers_asking_for_nothing_we_have(app_factory):
    app = app_factory(DEFAULT_LANGUAGE="es")
    with app.app_context():
        response = app.test_client().get("/login", headers={"Accept-Language": "de"})
    assert _lang_dir(response) == ("es", "ltr")


def test_the_footer_switch_keeps_a_visitors_choice_over_their_browser(client):
    response = client.post("/language", data={"language": "ar", "next": "/login"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    page = client.get("/login", headers={"Accept-Language": "es"})
    assert _lang_dir(page) == ("ar", "rtl")
    assert "تغيير اللغة" in page.get_data(as_text=True)


def test_a_signed_in_persons_choice_is_saved_in_their_profile(client, auth, user):
    auth.login_as(user)
    client.post("/language", data={"language": "pt_BR", "next": "/profile"})
    db.session.refresh(user)
    assert user.language == "pt_BR"
    assert _lang_dir(client.get("/profile", headers={"Accept-Language": "ar"}))[0] == "pt-BR"


def test_the_profile_language_wins_over_the_browser(client, auth):
    person = make_user(language="es")
    auth.login_as(person)
    assert _lang_dir(client.get("/profile", headers={"Accept-Language": "ar"})) == ("es", "ltr")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil", "javascript:alert(1)"])
def test_the_switch_only_returns_to_pages_of_this_site(client, target):
    response = client.post("/language", data={"language": "es", "next": target})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_an_unknown_language_changes_nothing(client, auth, user):
    auth.login_as(user)
    response = client.post("/language", data={"language": "xx", "next": "/profile"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.language is None


def test_the_switch_needs_the_csrf_token(client):
    assert client.post("/language", data={"language": "es"}, csrf=False).status_code == 400


@pytest.mark.parametrize(("given", "expected"), [
    ("es", "es"), ("es-AR", "es"), ("pt-br", "pt_BR"), ("pt", "pt_BR"), ("AR", "ar"),
    ("de", None), ("", None), (None, None),
])
def test_language_tags_map_to_the_languages_we_ship(given, expected):
    assert supported(given) == expected


def test_speaking_to_someone_uses_their_language_and_zone_then_comes_back(app):
    reader_template = '{{ _("Home") }} {{ html_lang() }}'
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert render_template_string(reader_template) == "Inicio es"
        with speaking_to(make_user(language="ar", timezone="Asia/Dubai")):
            assert render_template_string(reader_template) == "الرئيسية ar"
            with speaking_to(language="pt_BR"):
                assert render_template_string(reader_template) == "Início pt-BR"
            assert render_template_string("{{ text_direction() }}") == "rtl"
        assert render_template_string(reader_template) == "Inicio es"


def test_a_person_without_a_language_is_written_to_in_the_organisations_default(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}), speaking_to(make_user()):
        assert render_template_string('{{ _("Home") }}') == "Home"


def test_a_lazily_translated_message_can_be_flashed(app, client):
    from flask import flash, get_flashed_messages
    from flask_babel import lazy_gettext

    @app.get("/test-flash-lazy")
    def flash_lazy():
        flash(lazy_gettext("Home"))
        return "ok"

    @app.get("/test-flashed")
    def flashed():
        return " ".join(get_flashed_messages())

    client.get("/test-flash-lazy", headers={"Accept-Language": "es"})
    assert client.get("/test-flashed").get_data(as_text=True) == "Inicio"
