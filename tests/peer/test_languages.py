"""Peer review in the reader's language: the learner's pages in Spanish and Arabic, refusals in
the reader's language, and the flexible-grading reason written in the learner's language and
time zone whoever's job or request lifts the duty."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lms.extensions import db
from lms.peer import duties
from tests.clock import Clock
from tests.factories.peer import duty, hand_in_all, peer_cohort

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_the_peer_review_list_reads_in_spanish(client, auth, app):
    world = peer_cohort(3)
    hand_in_all(world)
    auth.login_as(world.learners[0])
    html = client.get("/peer/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="es"' in html
    assert "Revisiones entre pares" in html and "2 de 2 pendientes" in html and "Revisar la siguiente" in html


def test_an_arabic_reader_gets_the_review_page_right_to_left(client, auth, app):
    world = peer_cohort(3)
    hand_in_all(world)
    world.learners[0].language = "ar"
    db.session.commit()
    auth.login_as(world.learners[0])
    owed = duty(world.enrollments[0], world.lesson)
    response = client.post(f"/peer/duties/{owed.id}/next")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "مراجعتك" in html and "إرسال المراجعة" in html and "عمل أحد الأقران" in html


def test_a_refusal_is_in_the_readers_language(client, auth, app):
    world = peer_cohort(1)
    hand_in_all(world)
    auth.login_as(world.learners[0])
    owed = duty(world.enrollments[0], world.lesson)
    client.post(f"/peer/duties/{owed.id}/next", headers={"Accept-Language": "pt-BR"})
    html = client.get("/peer/", headers={"Accept-Language": "pt-BR"}).get_data(as_text=True)
    assert "Ainda não há nenhuma entrega para você revisar. Volte mais tarde." in html


def test_the_flexible_grading_reason_is_written_in_the_learners_language_and_zone(app, monkeypatch):
    clock = Clock(T0).freeze(monkeypatch, duties)
    worlds = [peer_cohort(1, reviews=2), peer_cohort(1, reviews=2)]   # nobody else to review: stuck
    for world in worlds:
        hand_in_all(world)
        duty(world.enrollments[0], world.lesson).created_at = T0
    spanish, english = worlds[0].learners[0], worlds[1].learners[0]
    spanish.language, spanish.timezone = "es", "Pacific/Kiritimati"   # UTC+14: already the next day
    db.session.commit()
    clock.advance(hours=app.config["PEER_FLEXIBLE_HOURS"] + 1)   # 5 March 2026, 10:00 UTC
    with app.test_request_context(headers={"Accept-Language": "en"}):   # an English reader's request
        assert duties.waive_stuck_duties() == 2
    db.session.commit()
    assert duty(worlds[0].enrollments[0], worlds[0].lesson).waived_reason == (
        "Tu cohorte tiene muy pocas entregas de esta tarea para revisar; el requisito se retiró el 6 de marzo de 2026.")
    assert duty(worlds[1].enrollments[0], worlds[1].lesson).waived_reason == (
        "Your cohort has too few hand-ins of this assignment to review; the requirement was lifted on 5 March 2026.")
    assert english.language is None and clock.now - T0 > timedelta(hours=72)
