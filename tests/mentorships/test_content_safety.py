"""The XSS corpus through every text field of requests and relationships — the request message,
a decline reason, the agreement, the check-in and closing comments, an admin's closing note —
on every page that shows them: no markup that can run script, and the text is shown as text."""
from __future__ import annotations

import html
from datetime import timedelta

from lms.cohorts.models import CheckInAnswer
from lms.cohorts.relationships import end_mentorship, start_mentorship
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships import relationship_notes, requests
from lms.text import single_line
from tests.mentorships.conftest import learner_in
from tests.mentorships.helpers import asked_pick, only_request
from tests.security.content_world import pack, payloads
from tests.security.test_content_safety import assert_page_safe


def test_request_texts_are_shown_as_text_on_the_queue_admin_and_learner_pages(client, auth, world, admin):
    ana, ben, _ = world.mentors
    chunks = pack(payloads(), requests.MESSAGE_LIMIT, "\n")
    learners = []
    for n, chunk in enumerate(chunks):
        user, enrollment = learner_in(world.cohort, f"Probe {n}")
        auth.login_as(user)
        response = client.post(f"/cohorts/{world.cohort.id}/mentor-requests/new",
                               data={"pick_1": str(ana.id), "role": "primary", "message": chunk})
        assert response.status_code == 302
        learners.append((user, enrollment, chunk))
    auth.login_as(ana)
    queue = assert_page_safe(client.get("/mentor-requests"))
    assert all(chunk.strip() in html.unescape(queue) for _, _, chunk in learners)
    for _user, enrollment, chunk in learners:  # ana declines each with a payload as the reason
        client.post(f"/mentor-requests/picks/{asked_pick(only_request(enrollment)).id}/decline",
                    data={"reason": chunk})
    auth.login_as(admin)
    page = assert_page_safe(client.get(f"/cohorts/{world.cohort.id}/mentor-requests"))
    assert all(chunk.strip() in html.unescape(page) for _, _, chunk in learners)
    assert_page_safe(client.get("/notifications/"))
    for _user, enrollment, chunk in learners[:3]:
        client.post(f"/mentor-requests/{only_request(enrollment).id}/close", data={"note": chunk})
    for user, _, _ in learners[:3]:
        auth.login_as(user)
        assert_page_safe(client.get("/notifications/"))
        assert_page_safe(client.get(f"/cohorts/{world.cohort.id}/mentor"))


def test_agreement_and_survey_texts_are_shown_as_text(client, auth, world):
    ana = world.mentors[0]
    chunks = pack(payloads(), relationship_notes.TEXT_LIMIT, "\n")
    cadences = pack(payloads(), 120)
    for n, chunk in enumerate(chunks):
        user, enrollment = learner_in(world.cohort, f"Mentee {n}")
        mentorship = start_mentorship(enrollment, ana.id, now=utcnow() - timedelta(days=31))
        db.session.commit()
        auth.login_as(user)
        client.post(f"/mentorships/{mentorship.id}/agreement", data={
            "goals": chunk, "cadence": cadences[n % len(cadences)], "end_on": "", "version": str(mentorship.version)})
        client.post(f"/mentorships/{mentorship.id}/check-in", data={"answer": CheckInAnswer.MIXED.value,
                                                                    "comment": chunk})
        page = assert_page_safe(client.get(f"/cohorts/{world.cohort.id}/mentor"))
        assert chunk.strip() in html.unescape(page)
        assert single_line(cadences[n % len(cadences)]) in html.unescape(page)
        assert_page_safe(client.get(f"/mentorships/{mentorship.id}/agreement"))
        db.session.expire_all()
        end_mentorship(db.session.merge(mentorship), reason="done")
        db.session.commit()
        client.post(f"/mentorships/{mentorship.id}/closing-survey", data={"rating": "3", "comment": chunk})
        assert_page_safe(client.get(f"/cohorts/{world.cohort.id}/mentor"))
    auth.login_as(ana)
    mentees = assert_page_safe(client.get("/mentees"))
    assert all(chunk.strip() in html.unescape(mentees) for chunk in chunks)
