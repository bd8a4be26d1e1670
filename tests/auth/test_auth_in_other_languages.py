"""Accounts in Spanish, Portuguese and Arabic: the pages in the reader's language, the emails
in the recipient's (and the link's expiry in the recipient's time zone), whoever sent them."""
from __future__ import annotations

from lms.auth import tokens
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from tests.auth.conftest import link_path
from tests.factories.auth import make_user

SPANISH = {"Accept-Language": "es"}
ARABIC = {"Accept-Language": "ar"}
ENGLISH = {"Accept-Language": "en"}


def test_the_sign_in_page_follows_the_browsers_language(client):
    spanish = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in spanish
    assert "<h1>Iniciar sesión</h1>" in spanish and "¿Olvidaste tu contraseña?" in spanish
    assert "Correo electrónico" in spanish, "the form's labels too"

    arabic = client.get("/login", headers=ARABIC).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1>تسجيل الدخول</h1>" in arabic and "كلمة المرور" in arabic


def test_a_wrong_password_is_refused_in_the_readers_language(client, user):
    page = client.post("/login", data={"email": user.email, "password": "not it"}, headers=SPANISH)
    assert "El correo o la contraseña no son correctos." in page.get_data(as_text=True)


def test_an_invitation_is_in_the_invitees_language_and_zone_though_an_english_admin_sent_it(
        client, auth, admin, mailbox, clock):
    invitee = make_user(email="ines@example.org", name="Inés", password=False, language="es",
                        timezone="America/Mexico_City")
    auth.login_as(admin)
    response = client.post(f"/admin/users/{invitee.id}/invite", headers=ENGLISH, follow_redirects=True)
    assert "A new invitation was sent to ines@example.org" in response.get_data(as_text=True), \
        "the admin reads English"

    [message] = mailbox.to("ines@example.org")
    assert message["Subject"] == "Ada Admin te invitó a Skill Tracks"
    text = mailbox.text_of(message)
    assert text.startswith("Hola, Inés:\n\nAda Admin te invitó a Skill Tracks.")
    # 72 hours after 5 March 2026 12:00 UTC, in Mexico City (UTC-6).
    assert "El enlace funciona una sola vez, hasta el 8 de marzo de 2026 a las 6:00 (America/Mexico City)." in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="es" dir="ltr">' in html and "Elige tu contraseña para empezar" in html
    assert link_path(message, "invite").startswith("/invite/")


def test_a_password_reset_email_is_in_the_accounts_language_right_to_left(client, mailbox, clock):
    make_user(email="amal@example.org", name="Amal", language="ar", timezone="Asia/Riyadh")
    client.post("/password/forgot", data={"email": "amal@example.org"}, headers=ENGLISH).close()  # sent after it

    [message] = mailbox.to("amal@example.org")
    assert message["Subject"] == "اختر كلمة مرور جديدة لـ Skill Tracks"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مرحبًا <bdi>Amal</bdi>،" in html
    assert "(Asia/Riyadh)" in mailbox.text_of(message), "the expiry in the account's own zone"


def test_a_confirmation_email_is_in_the_language_the_form_was_filled_in(app, client, mailbox):
    app.config["SELF_REGISTRATION"] = True
    client.post("/register", headers={"Accept-Language": "pt-BR"},
                data={"email": "bia@example.org", "name": "Bia", "new_password": "a long password 1",
                      "confirm": "a long password 1"}).close()  # the email goes out once the response is finished
    [message] = mailbox.to("bia@example.org")
    assert message["Subject"] == "Confirme seu endereço de e-mail em Skill Tracks"
    assert "Olá, Bia," in mailbox.text_of(message)


def test_an_expired_link_says_when_in_the_readers_language(client, clock):
    invitee = make_user(email="late@example.org", name="Lou", password=False, timezone="Europe/Berlin")
    from lms.auth import services

    _, url = services.invite_user(invitee.email, invitee.name, invited_by=None)
    db.session.commit()
    clock.advance(hours=72)
    page = client.get(url, headers=SPANISH).get_data(as_text=True)
    assert "Este enlace caducó el 8 de marzo de 2026 a las 13:00 (Europe/Berlin)" in page


def test_describe_time_speaks_the_recipients_language(app):
    from datetime import datetime, timezone

    moment = datetime(2026, 3, 8, 12, 0, tzinfo=timezone.utc)
    with app.test_request_context(), speaking_to(language="pt_BR", timezone="America/Sao_Paulo"):
        assert tokens.describe_time(moment, "America/Sao_Paulo") == "8 de março de 2026 às 09:00 (America/Sao Paulo)"
    with app.test_request_context():
        assert tokens.describe_time(moment, "Asia/Kolkata") == "8 March 2026 at 17:30 (Asia/Kolkata)"


def test_the_navigation_and_layout_follow_the_profiles_language(client, auth, admin):
    admin.language = "es"
    db.session.commit()
    auth.login_as(admin)
    page = client.get("/admin/users/", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="es"' in page, "the profile's language wins over the browser's"
    assert ">Usuarios</a>" in page, "the navigation label, registered once for everyone"
    assert "Cerrar sesión" in page and "Saltar al contenido" in page
    assert "<h1>Usuarios</h1>" in page and "Añadir una persona" in page


def test_a_reset_email_reads_back_in_each_shipped_language(client, mailbox, clock):
    from babel.support import Translations

    from lms.i18n import TRANSLATIONS
    from lms.i18n.languages import LANGUAGES

    for n, language in enumerate(LANGUAGES):
        make_user(email=f"reader{n}@example.org", name=f"Reader {n}", language=language)
        client.post("/password/forgot", data={"email": f"reader{n}@example.org"}, headers=ENGLISH).close()
        [message] = mailbox.to(f"reader{n}@example.org")
        words = Translations.load(str(TRANSLATIONS), [language])
        subject = words.gettext("Choose a new password for %(organisation)s") % {"organisation": "Skill Tracks"}
        assert message["Subject"] == subject, language
        expected = words.gettext("If you did not ask for this, ignore this email: your password stays as it is.")
        assert expected in mailbox.text_of(message), language
        assert language == "en" or subject != "Choose a new password for Skill Tracks"
