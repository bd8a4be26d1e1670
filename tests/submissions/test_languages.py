"""Learners' work in their language: pages, refusals, sizes and times in the reader's zone."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.submissions.display import when
from lms.submissions.files import FileRejected, check_file, check_total, human_size
from tests.factories.submissions import hand_in
from tests.submissions.helpers import post_attempt


def test_the_hand_in_form_and_its_refusals_speak_spanish(client, auth, world):
    auth.login_as(world.learner)
    page = client.get(f"/submissions/cohort/{world.cohort.id}/lesson/{world.lesson.id}",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Tu respuesta" in page and "Vista previa" in page and "Entregar" in page
    assert 'data-empty-text="Todavía no hay nada que previsualizar."' in page
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = post_attempt(client, world, text="", url="ftp://example.org")
    assert response.status_code == 400
    assert "Escribe una dirección web completa que empiece por http:// o https://." in response.get_data(as_text=True)


def test_the_submission_page_in_arabic_reads_right_to_left(client, auth, world):
    hand_in(world.enrollment, world.lesson)
    world.learner.language = "ar"
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get("/submissions/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and "عملك" in page and "بانتظار المراجعة" in page


def test_times_are_shown_in_the_reader_zone(client, auth, world):
    attempt = hand_in(world.enrollment, world.lesson)
    attempt.submitted_at = datetime(2026, 3, 12, 14, 5, tzinfo=timezone.utc)
    world.learner.timezone = "America/Sao_Paulo"
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{attempt.submission_id}").get_data(as_text=True)
    assert "12 Mar 2026, 11:05 (America/Sao Paulo)" in page        # 14:05 UTC, three hours behind


def test_when_keeps_its_english_look_and_follows_the_language(app):
    moment = datetime(2026, 3, 12, 14, 5, tzinfo=timezone.utc)
    with app.test_request_context():
        assert when(moment) == "12 Mar 2026, 14:05 UTC"
        assert when(moment, "Europe/Lisbon") == "12 Mar 2026, 14:05 (Europe/Lisbon)"
        with speaking_to(language="es", timezone="Europe/Madrid"):
            assert when(moment) == "12 mar 2026, 15:05 (Europe/Madrid)"


@pytest.mark.parametrize(("language", "small", "medium", "large"), [
    ("en", "100 bytes", "12 kB", "2.5 MB"),
    ("es", "100 bytes", "12 kB", "2,5 MB"),
    ("ar", "100 بايت", "12 كيلوبايت", "2.5 م.ب"),
])
def test_file_sizes_in_the_reader_language(app, language, small, medium, large):
    with app.test_request_context(), speaking_to(language=language):
        assert (human_size(100), human_size(12 * 1024), human_size(int(2.5 * 1024 * 1024))) == (small, medium, large)


def test_refusals_are_written_in_the_reader_language(app):
    with app.test_request_context(), speaking_to(language="pt_BR"):
        with pytest.raises(FileRejected, match="não é realmente um PDF"):
            check_file("notes.pdf", b"hello", allowed_extensions=["pdf"], max_bytes=1000)
        with pytest.raises(FileRejected, match="no máximo 2 arquivos por tentativa"):
            check_total([1, 1, 1], max_total_bytes=1000, max_files=2)
        with pytest.raises(FileRejected, match="no máximo 1 arquivo por mensagem"):
            check_total([1, 1], max_total_bytes=1000, max_files=1, per="message")
