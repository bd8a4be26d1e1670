"""The queue and the review page in the mentor's language; the rubric script's words come from the page."""
from __future__ import annotations

import html

from lms.extensions import db
from tests.reviews.helpers import review_form_values, review_post, waiting_submission


def test_queue_in_spanish(client, auth, world):
    waiting_submission(world)
    auth.login_as(world.mentor)
    page = client.get("/reviews/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
    assert "<h1>Bandeja</h1>" in page and "1 pendientes (1 revisión, 0 consultas)" in page
    assert ">Tomar</button>" in page and "Revisiones y consultas" in page


def test_review_page_in_arabic_gives_the_rubric_script_its_words(client, auth, world):
    submission = waiting_submission(world)
    world.mentor.language = "ar"
    db.session.commit()
    auth.login_as(world.mentor)
    page = html.unescape(client.get(f"/reviews/{submission.id}").get_data(as_text=True))
    assert '<html lang="ar" dir="rtl">' in page and "أرسل المراجعة" in page
    assert 'data-text-total="المجموع حتى الآن: {points} من {max} نقطة"' in page
    assert 'data-text-passes="— ناجح (يلزم {pass})"' in page


def test_refusals_of_a_review_speak_the_mentor_language(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    hidden = review_form_values(client.get(f"/reviews/{submission.id}").data)
    response = client.post(f"/reviews/{submission.id}", data=review_post(hidden, levels=(None, None)))
    assert response.status_code == 400
    assert "Escolha um nível para “Structure”: para aprovar ou encerrar o trabalho" in response.get_data(as_text=True)
