"""The learner's track pages in the reader's language, the track's own language on its content,
and deadlines in the reader's zone with the cohort's beside them."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from lms.cohorts.models import CohortDeadline
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind


def _page(world):
    return f"/tracks/{world.track.slug}/lessons/{world.lesson.slug}"


def _reading_lesson(world) -> Lesson:
    lesson = Lesson(track=world.track, slug="welcome", title="Welcome", kind=LessonKind.LESSON, position=2,
                    body_html="<p>Hola a todos.</p>", spec={})
    db.session.add(lesson)
    db.session.commit()
    return lesson


def _content_tag(page: str, css_class: str) -> str:
    match = re.search(r'<div class="%s"[^>]*>' % re.escape(css_class), page)
    assert match, css_class
    return match.group(0)


def test_lesson_page_speaks_the_browser_language(client, auth, world):
    lesson = _reading_lesson(world)
    auth.login_as(world.learner)
    page = client.get(f"/tracks/{world.track.slug}/lessons/{lesson.slug}",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
    assert "Marcar como completada y terminar" in page and "¿Has terminado de leer?" in page
    assert "Mark complete and finish" not in page


def test_overview_and_assignment_in_arabic_read_right_to_left(client, auth, world):
    world.learner.language = "ar"
    db.session.commit()
    auth.login_as(world.learner)
    overview = client.get(f"/tracks/{world.track.slug}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in overview
    assert "المنهج" in overview and "تقدّمك" in overview and "Syllabus" not in overview
    assignment = client.get(_page(world)).get_data(as_text=True)
    assert "كيف يُقيَّم" in assignment and "عملك" in assignment and "How it is assessed" not in assignment


@pytest.mark.parametrize(("language", "attributes"), [
    ("es", ' lang="es" dir="ltr"'),
    ("pt-BR", ' lang="pt-BR" dir="ltr"'),
    ("ar", ' lang="ar" dir="rtl"'),
    ("fr", ' lang="fr" dir="ltr"'),        # not an interface language: its direction from the CLDR
])
def test_the_track_language_marks_its_authored_content(client, auth, world, language, attributes):
    world.track.language = language
    lesson = _reading_lesson(world)
    auth.login_as(world.learner)
    page = client.get(f"/tracks/{world.track.slug}/lessons/{lesson.slug}").get_data(as_text=True)
    assert _content_tag(page, "content reading") == f'<div class="content reading"{attributes}>'
    assert '<html lang="en" dir="ltr">' in page               # the interface stays the reader's
    brief = client.get(_page(world)).get_data(as_text=True)
    assert _content_tag(brief, "content reading") == f'<div class="content reading"{attributes}>'


def test_without_a_track_language_the_content_takes_the_page_language(client, auth, world):
    lesson = _reading_lesson(world)
    auth.login_as(world.learner)
    page = client.get(f"/tracks/{world.track.slug}/lessons/{lesson.slug}").get_data(as_text=True)
    assert _content_tag(page, "content reading") == '<div class="content reading">'


def test_quiz_questions_carry_the_track_language(client, auth, world):
    world.track.language = "ar"
    quiz = Lesson(track=world.track, slug="quiz", title="Quiz", kind=LessonKind.QUIZ, position=3,
                  spec={"pass_percent": 50, "max_attempts": 2,
                        "questions": [{"prompt": "¿Qué es HTML?", "choices": ["Un lenguaje", "Un café"],
                                       "answer": [0]}]})
    db.session.add(quiz)
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/tracks/{world.track.slug}/lessons/quiz", headers={"Accept-Language": "es"}
                      ).get_data(as_text=True)
    assert '<div class="quiz-question__prompt" lang="ar" dir="rtl">' in page
    assert "1 pregunta" in page and "Enviar respuestas" in page


def test_the_deadline_shows_in_the_reader_zone_with_the_cohort_zone_beside(client, auth, world):
    world.cohort.timezone = "Europe/London"
    world.learner.timezone = "America/New_York"
    db.session.add(CohortDeadline(cohort_id=world.cohort.id, lesson_id=world.lesson.id,
                                  due_at=datetime(2026, 3, 12, 23, 59, tzinfo=timezone.utc)))
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(_page(world)).get_data(as_text=True)
    # 23:59 in London is 19:59 in New York; the cohort's wall clock and zone follow.
    assert "Thu 12 Mar 2026, 19:59 (Thu 12 Mar 2026, 23:59 in Europe/London, the cohort&#39;s time zone)" in page


def test_the_deadline_in_the_cohort_zone_names_only_that_zone(client, auth, world):
    world.cohort.timezone = "Europe/London"
    world.learner.timezone = "Europe/London"
    db.session.add(CohortDeadline(cohort_id=world.cohort.id, lesson_id=world.lesson.id,
                                  due_at=datetime(2026, 3, 12, 23, 59, tzinfo=timezone.utc)))
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(_page(world), headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "cohort" not in page.split("assignment-facts")[1].split("</dl>")[0]
    assert "(Europe/London)" in page
