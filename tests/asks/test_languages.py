"""The asks pages in the reader's language and time zone; thread event lines in the organisation's."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.asks import claims
from lms.asks.models import ReplyKind
from lms.extensions import db
from tests.asks.conftest import open_ask


def test_the_thread_reads_in_spanish_for_a_spanish_browser(client, auth, world):
    ask = open_ask(world)
    auth.login_as(world.learner)
    page = client.get(f"/asks/{ask.id}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="es"' in page and "Conversación" in page and "Esperando a un mentor" in page
    assert "Conversation" not in page and "Waiting for a mentor" not in page
    assert "<bdi>Lea Learner</bdi> preguntó el" in page


def test_the_asks_list_reads_right_to_left_in_arabic(client, auth, world):
    open_ask(world)
    world.learner.language = "ar"
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get("/asks").get_data(as_text=True)
    assert 'dir="rtl"' in page and "أسئلتك" in page and "بانتظار مرشد" in page


def test_a_refusal_is_flashed_in_the_readers_language(client, auth, world):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    world.skilled_mentor.language = "pt_BR"
    db.session.commit()
    auth.login_as(world.skilled_mentor)
    client.post(f"/asks/{ask.id}/claim")
    page = client.get(f"/asks/{ask.id}").get_data(as_text=True)
    assert "Ana Mentor está com esta pergunta." in page


def test_times_show_in_the_readers_time_zone(client, auth, world):
    ask = open_ask(world)
    ask.created_at = datetime(2026, 3, 12, 5, 5, tzinfo=timezone.utc)
    world.learner.timezone = "Asia/Tokyo"
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get("/asks").get_data(as_text=True)
    assert "12 Mar 2026, 14:05" in page and "12 Mar 2026, 05:05" not in page


def test_thread_event_lines_are_written_in_the_organisations_language_whoever_acts(app, client, auth, world):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    db.session.commit()
    world.own_mentor.language = "ar"
    db.session.commit()
    auth.login_as(world.own_mentor)
    client.post(f"/asks/{ask.id}/release", headers={"Accept-Language": "ar"})
    events = [r.body for r in db.session.get(type(ask), ask.id).replies if r.kind == ReplyKind.EVENT]
    assert events == ["Ana Mentor gave the ask back to the queue."]
    app.config["DEFAULT_LANGUAGE"] = "es"
    claims.claim(ask, world.own_mentor)
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        claims.release(ask, world.own_mentor)
    db.session.commit()
    events = [r.body for r in ask.replies if r.kind == ReplyKind.EVENT]
    assert events[-1] == "Ana Mentor devolvió la consulta a la bandeja."
