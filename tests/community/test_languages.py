"""The community in the reader's language and time zone: Spanish and Arabic pages, the default
code of conduct translated (a program's own text shown as written), refusals in the reader's
language, and post times in the reader's zone."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.community import conduct
from lms.extensions import db
from tests.factories.community import cohort_space, new_topic

SPANISH = {"Accept-Language": "es"}


def test_a_space_reads_in_spanish_with_the_default_code_of_conduct_in_spanish(client, auth, world):
    space = cohort_space(world.cohort)
    new_topic(space, world.learner, title="Primeros pasos")
    auth.login_as(world.learner)
    html = client.get(f"/spaces/{space.id}/", headers=SPANISH).get_data(as_text=True)
    assert 'lang="es"' in html and 'dir="ltr"' in html
    assert "Nuevo tema" in html and "Código de conducta" in html and "1 mensaje" in html
    assert "Sé amable y presupón buena intención" in html
    assert "Be kind and assume good intent" not in html


def test_a_programs_own_code_of_conduct_is_shown_as_written_in_any_language(client, auth, world):
    space = cohort_space(world.cohort)
    conduct.set_text(space, "Be **excellent** to each other.")
    db.session.commit()
    auth.login_as(world.learner)
    html = client.get(f"/spaces/{space.id}/", headers=SPANISH).get_data(as_text=True)
    assert "<strong>excellent</strong>" in html and "Sé amable" not in html


def test_an_arabic_reader_gets_a_right_to_left_topic_page_with_names_isolated(client, auth, world):
    space = cohort_space(world.cohort)
    topic = new_topic(space, world.learner, title="How do I start?")
    world.mentor.language = "ar"
    db.session.commit()
    auth.login_as(world.mentor)
    html = client.get(f"/spaces/topics/{topic.id}/").get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "متابعة هذا الموضوع" in html and "مشاركة واحدة" in html
    search = client.get(f"/spaces/{space.id}/search?q=begin").get_data(as_text=True)
    assert "مشاركة واحدة تطابق «<bdi>begin</bdi>»." in search


def test_the_new_topic_form_and_its_refusals_speak_spanish(client, auth, world):
    space = cohort_space(world.cohort)
    auth.login_as(world.peer)   # has not agreed to the code of conduct yet
    form = client.get(f"/spaces/{space.id}/topics/new", headers=SPANISH).get_data(as_text=True)
    assert "Publicar el tema" in form and "He leído el código de conducta y lo acepto" in form
    assert "Un debate" in form and "Opcional. Hasta" in form
    response = client.post(f"/spaces/{space.id}/topics/new", headers=SPANISH, data={
        "title": "", "body": "", "kind": "discussion", "client_key": "0" * 32})
    assert response.status_code == 400
    assert "Ponle a tu tema un título corto." in response.get_data(as_text=True)


def test_the_program_space_title_and_moderation_words_follow_the_reader(client, auth, world):
    space = cohort_space(world.cohort)
    topic = new_topic(space, world.learner)
    auth.login_as(world.mentor)
    html = client.get(f"/spaces/topics/{topic.id}/", headers={"Accept-Language": "pt-BR"}).get_data(as_text=True)
    assert "Fixar" in html and "Trancar" in html and "Ocultar o tópico" in html
    response = client.post(f"/spaces/topics/{topic.id}/pin", headers={"Accept-Language": "pt-BR"},
                           data={"version": topic.version})
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers={"Accept-Language": "pt-BR"}).get_data(as_text=True)
    assert "Fixado no topo." in page


def test_post_times_show_in_the_readers_time_zone(client, auth, world):
    space = cohort_space(world.cohort)
    topic = new_topic(space, world.learner)
    post = topic_post(topic)
    post.created_at = datetime(2026, 3, 12, 23, 30, tzinfo=timezone.utc)
    world.mentor.timezone = "Asia/Tokyo"
    db.session.commit()
    auth.login_as(world.mentor)
    html = client.get(f"/spaces/topics/{topic.id}/").get_data(as_text=True)
    assert "13 Mar 2026, 08:30" in html   # 23:30 UTC is the next morning in Tokyo


def topic_post(topic):
    from sqlalchemy import select

    from lms.community.models import Post

    return db.session.scalar(select(Post).where(Post.topic_id == topic.id))
