"""Notifications and emails are written in their recipient's language and time zone, whoever's
action (and whatever request language) sends them: a Spanish or Arabic reader gets Spanish or
Arabic, with the times in their own zone and the zone named."""
from __future__ import annotations

from datetime import datetime, timezone

import icalendar
import pytest
from flask import g
from flask_babel import get_locale
from flask_login import login_user

from lms import signals
from lms.extensions import db
from lms.meetings.models import BookingEvent, BookingEventKind
from lms.notifications import services
from lms.notifications.models import Notification
from tests.factories.ask_rows import make_ask
from tests.factories.meetings import make_booking
from tests.notifications.ask_helpers import emails_to, prefer, titles_for

START = datetime(2026, 3, 30, 13, 0, tzinfo=timezone.utc)


def _as_english_learner(app, world):
    """The learner (English profile, English browser) acts in a request of their own."""
    world.learner.language = "en"
    db.session.commit()
    context = app.test_request_context("/", headers={"Accept-Language": "en"})
    context.push()
    login_user(world.learner)
    g.pop("lms_i18n_speaking_to", None)
    assert str(get_locale()) == "en"
    return context


def _book(app, world, mentor_language: str, mentor_zone: str):
    world.mentor.language, world.mentor.timezone = mentor_language, mentor_zone
    world.learner.timezone = "Europe/Berlin"
    booking = make_booking(world.enrollment, world.mentor, START, agenda="My portfolio")
    context = _as_english_learner(app, world)
    try:
        event = BookingEvent(booking_id=booking.id, kind=BookingEventKind.BOOKED, actor_id=world.learner.id)
        db.session.add(event)
        db.session.flush()
        signals.booking_changed.send(booking, change=BookingEventKind.BOOKED, actor=world.learner, event=event)
        db.session.commit()
        assert str(get_locale()) == "en"  # the actor's request is English again afterwards
    finally:
        context.pop()
    return booking


def _summary(email) -> str:
    [event] = icalendar.Calendar.from_ical(email.calendar).walk("VEVENT")
    return str(event["SUMMARY"]), str(event["DESCRIPTION"])


def test_a_booking_by_an_english_learner_reaches_a_spanish_mentor_in_spanish(app, world):
    _book(app, world, "es", "America/Mexico_City")
    assert titles_for(world.mentor) == ["Lea Learner reservó una sesión contigo"]
    [email] = emails_to(world.mentor)
    assert email.subject == "Lea Learner reservó una sesión contigo"
    assert "Hola, Ana Mentor:" in email.text and "Cuándo: lun, 30 mar 2026, 7:00 (America/Mexico City)" in email.text
    assert "La invitación adjunta añade el evento a tu calendario" in email.text
    assert "Duración: 30 minutos" in email.text
    summary, description = _summary(email)
    assert summary == "Sesión de mentoría: Lea Learner con Ana Mentor"
    assert "Sesión de 30 minutos en" in description and "(America/Mexico City)" in description
    # The English learner still reads English, in their own zone.
    assert titles_for(world.learner) == ["Your session with Ana Mentor is booked"]
    [to_learner] = emails_to(world.learner)
    assert "Mon 30 Mar 2026, 15:00 (Europe/Berlin)" in to_learner.text
    assert _summary(to_learner)[0] == "Mentoring session: Lea Learner with Ana Mentor"


def test_a_booking_by_an_english_learner_reaches_an_arabic_mentor_in_arabic(app, world):
    _book(app, world, "ar", "Asia/Riyadh")
    [title] = titles_for(world.mentor)
    assert title == "حجز Lea Learner جلسة معك"
    [email] = emails_to(world.mentor)
    assert email.subject == title and "مرحبًا Ana Mentor،" in email.text
    # 13:00 UTC is 16:00 in Riyadh, the day named in Arabic; the learner's 15:00 in Berlin beside it.
    assert ("الموعد: الاثنين، 30 مارس 2026، 16:00 (Asia/Riyadh)؛ 15:00 بالنسبة إلى Lea Learner (Europe/Berlin)"
            in email.text)
    assert _summary(email)[0] == "جلسة إرشاد: Lea Learner مع Ana Mentor"


@pytest.mark.parametrize(("language", "expected"), [
    ("es", "Ana Mentor está respondiendo tu consulta “Is my pricing table clear?”"),
    ("ar", "يجيب Ana Mentor عن سؤالك «Is my pricing table clear?»"),
    ("pt_BR", "Ana Mentor está respondendo sua pergunta “Is my pricing table clear?”"),
])
def test_an_ask_notification_is_in_the_learners_language(app, world, language, expected):
    world.learner.language = language
    world.mentor.language = "en"
    db.session.commit()
    ask = make_ask(world.enrollment, mentor=world.mentor, claimed_at=None)
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        login_user(world.mentor)
        signals.ask_claimed.send(ask, actor=world.mentor)
        db.session.commit()
    assert titles_for(world.learner) == [expected]
    [email] = emails_to(world.learner)
    assert email.subject == expected


def test_the_daily_digest_is_in_the_recipients_language(app, world):
    world.learner.language = "es"
    prefer(world.learner, thread_emails=services.ThreadEmails.DAILY, timezone="Europe/Madrid", digest_hour=8)
    for title in ("Uno", "Dos"):
        db.session.add(Notification(user_id=world.learner.id, kind="ask", title=title, url="/asks/1",
                                    in_digest=True, created_at=datetime(2027, 1, 9, 12, 0, tzinfo=timezone.utc)))
    db.session.commit()
    assert services.send_daily_digests(datetime(2027, 1, 10, 8, 30, tzinfo=timezone.utc)) == 1
    [digest] = emails_to(world.learner)
    assert digest.subject == "Tu resumen diario: 2 novedades"
    assert "Hola, Lea Learner:" in digest.text
    assert "Tus conversaciones (consultas) desde tu último resumen:" in digest.text
