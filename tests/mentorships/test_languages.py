"""Mentor pages in the reader's language and time zone: the directory's cards and reasons, the
request queue with its deadline in the mentor's zone."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.cohorts.models import MentorshipRole
from lms.extensions import db
from lms.mentorships import requests as service
from tests.mentorships.test_directory import _world


def test_the_directory_and_its_reasons_read_in_spanish(client, auth):
    cohort, learner, _, _ = _world()
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/mentors", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="es"' in page and "Mentores de <bdi>" in page and "Mostrar mentores" in page
    assert "Nivel experto en python, donde tu nivel es aprendiendo." in page
    assert "Ambos conocen sql." in page and "2 plazas libres" in page
    assert "Expert in python" not in page and "Show mentors" not in page


def test_the_directory_reads_right_to_left_in_arabic(client, auth):
    cohort, learner, _, _ = _world()
    learner.language = "ar"
    db.session.commit()
    auth.login_as(learner)
    page = client.get(f"/cohorts/{cohort.id}/mentors").get_data(as_text=True)
    assert 'dir="rtl"' in page and "عرض المرشدين" in page and "كلاكما يعرف sql." in page


def test_the_mentor_sees_the_answer_deadline_in_their_zone_and_language(client, auth):
    cohort, learner, enrollment, (ana, _, _) = _world(learners_request_mentors=True)
    service.open_request(enrollment, service.NewRequest((ana.id,), MentorshipRole.PRIMARY),
                         now=datetime(2026, 3, 9, 21, 30, tzinfo=timezone.utc))
    ana.language = "pt_BR"
    db.session.commit()
    auth.login_as(ana)
    page = client.get("/mentor-requests").get_data(as_text=True)
    days = cohort.request_response_days
    # Sao Paulo is 3 hours behind UTC in March.
    assert f"responda até {9 + days} de mar. de 2026 18:30" in page
    assert "<bdi>Lea Learner</bdi> pede que você seja mentor principal" in page
