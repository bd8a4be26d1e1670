"""Handing in work over HTTP: forms, validation, files, late work, replays."""
from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.cohorts import enrolment
from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from lms.submissions import services
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from tests.factories.submissions import enroll, make_cohort, make_track
from tests.submissions.helpers import attempt_count, form_key, post_attempt, submit_url

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def test_learner_hands_in_text_and_sees_it_waiting(client, auth, world):
    auth.login_as(world.learner)
    page = client.get(submit_url(world))
    assert page.status_code == 200 and b"Build a <strong>one-page</strong> site." in page.data
    response = post_attempt(client, world, key=form_key(page.data), text="Hello **mentor**")
    assert response.status_code == 302
    attempt = db.session.scalars(select(Attempt)).one()
    assert attempt.number == 1 and not attempt.is_late
    assert attempt.submission.status == SubmissionStatus.SUBMITTED
    detail = client.get(response.headers["Location"])
    assert b"<strong>mentor</strong>" in detail.data and b"Waiting for review" in detail.data
    assert b"aim to review within 48 hours" in detail.data


def test_a_new_submission_tells_the_learners_mentor(client, auth, world):
    auth.login_as(world.learner)
    post_attempt(client, world)
    notification = db.session.scalars(select(Notification)).one()
    assert notification.user_id == world.mentor.id and "Lea Learner" in notification.title
    assert db.session.scalars(select(OutboxEmail)).one().to == world.mentor.email


def test_markdown_is_sanitised_when_shown(client, auth, world):
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="<script>alert(1)</script> [x](javascript:alert(1))")
    detail = client.get(response.headers["Location"]).data
    assert b"<script>alert(1)" not in detail and b"javascript:alert" not in detail


def test_preview_button_renders_without_saving_and_keeps_the_text(client, auth, world):
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="# Title\n\n*draft*", extra={"preview": "Preview", "submit": ""})
    assert response.status_code == 200
    assert b"<em>draft</em>" in response.data and b"*draft*</textarea>" in response.data
    assert attempt_count() == 0


def test_live_preview_endpoint_returns_sanitised_html(client, auth, world):
    auth.login_as(world.learner)
    response = client.post("/submissions/preview", json={"text": "**b** <img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>b</strong>" in html and "<img" not in html


def test_live_preview_needs_the_csrf_header(client, auth, world):
    auth.login_as(world.learner)
    assert client.post("/submissions/preview", json={"text": "x"}, csrf=False).status_code == 400


def test_links_must_be_http_or_https(client, auth, world):
    auth.login_as(world.learner)
    for bad in ("javascript:alert(1)", "ftp://example.org/x", "example.org", "https://" + "a" * 2000 + ".org"):
        response = post_attempt(client, world, text="", url=bad)
        assert response.status_code == 400, bad
    assert attempt_count() == 0
    assert post_attempt(client, world, text="", url="https://github.com/lea/site").status_code == 302


def test_empty_hand_in_is_refused(client, auth, world):
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="   ")
    assert response.status_code == 400 and b"Hand in some text or a link or a file." in response.data


def test_forms_the_assignment_does_not_take_are_refused(client, auth, app, world):
    world.lesson.spec = {**world.lesson.spec, "submission": ["url"]}
    db.session.commit()
    auth.login_as(world.learner)
    assert post_attempt(client, world, text="some text").status_code == 400
    assert post_attempt(client, world, text="", files=[("a.png", PNG)]).status_code == 400
    assert attempt_count() == 0


def test_disguised_file_is_refused_and_the_text_kept(client, auth, world):
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="Keep me", files=[("invoice.pdf", EXE)])
    assert response.status_code == 400
    assert "“invoice.pdf” is not really a PDF".encode() in response.data
    assert b"Keep me</textarea>" in response.data
    assert attempt_count() == 0


def test_file_over_the_per_file_limit_rerenders_the_form(client, auth, app, world):
    app.config["SUBMISSION_MAX_FILE_BYTES"] = 100
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="Still here", files=[("big.png", PNG + b"\x00" * 200)])
    assert response.status_code == 400 and b"each file may be at most 100 bytes" in response.data
    assert b"Still here</textarea>" in response.data


def test_too_many_files_or_too_many_bytes_in_total_are_refused(client, auth, app, world):
    app.config.update(SUBMISSION_MAX_FILES=1, SUBMISSION_MAX_TOTAL_BYTES=10_000)
    auth.login_as(world.learner)
    response = post_attempt(client, world, files=[("a.png", PNG), ("b.png", PNG)])
    assert response.status_code == 400 and b"at most 1 file per attempt" in response.data


def test_request_over_max_content_length_gets_a_friendly_page(client, auth, app, world):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    auth.login_as(world.learner)
    response = post_attempt(client, world, files=[("a.png", PNG + b"\x00" * 5000)])
    assert response.status_code == 413
    assert b"too large to upload" in response.data and b"Back to the form" in response.data


def test_files_are_stored_under_generated_names_and_downloaded_safely(client, auth, world):
    auth.login_as(world.learner)
    post_attempt(client, world, files=[("../../Ré sumé.html", b"<script>alert(1)</script>"), ("cat.png", PNG)])
    attempt = db.session.scalars(select(Attempt)).one()
    html_file, png_file = attempt.files
    assert html_file.filename == "Ré sumé.html" and "sumé" not in html_file.storage_key
    response = client.get(f"/submissions/files/{html_file.id}")
    assert response.status_code == 200 and response.data == b"<script>alert(1)</script>"
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=\"R_ sum_.html\"; filename*=UTF-8''R%C3%A9%20sum%C3%A9.html"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert client.get(f"/submissions/files/{png_file.id}").headers["Content-Type"] == "image/png"


def test_late_work_is_accepted_and_flagged(client, auth, world):
    world.cohort.starts_on = date.today() - timedelta(days=30)  # due_days 7: long past
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(submit_url(world))
    assert b"The deadline has passed" in page.data
    response = post_attempt(client, world, key=form_key(page.data))
    assert response.status_code == 302
    attempt = db.session.scalars(select(Attempt)).one()
    assert attempt.is_late and attempt.due_at is not None
    assert b"Late" in client.get(response.headers["Location"]).data


def test_work_before_the_deadline_is_not_late(world):
    attempt = services.submit_attempt(world.enrollment, world.lesson,
                                      services.AttemptData(idempotency_key="0" * 32, text="x"), world.learner)
    assert attempt.is_late is False and attempt.due_at > attempt.submitted_at


def test_replayed_post_returns_the_same_attempt(client, auth, world):
    auth.login_as(world.learner)
    key = form_key(client.get(submit_url(world)).data)
    first = post_attempt(client, world, key=key)
    second = post_attempt(client, world, key=key)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert attempt_count() == 1
    assert len(db.session.scalars(select(Notification)).all()) == 1


def test_two_concurrent_posts_with_one_key_create_one_attempt(app, auth, world, monkeypatch):
    """Both requests pass the "already there?" check, then race to insert."""
    barrier = threading.Barrier(2, timeout=5)
    original = services.find_submission

    def find_then_wait(*args):
        found = original(*args)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(services, "find_submission", find_then_wait)
    clients = [app.test_client() for _ in range(2)]
    for c in clients:
        auth.client = c
        auth.login_as(world.learner)
    key = "5f0c7a52-9d7e-4a55-b3f4-2b8f9b8c1d10"
    url = submit_url(world)
    results = []

    def post(c):
        results.append(post_attempt(c, None, key=key, to=url))

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(r.status_code for r in results) == [302, 302]
    assert results[0].headers["Location"] == results[1].headers["Location"]
    db.session.expire_all()
    assert attempt_count() == 1
    assert len(db.session.scalars(select(Submission)).all()) == 1


def _race_two_hand_ins(app, auth, world, monkeypatch, keys: list[str]) -> list:
    """Two tabs hand in at once: both load the submission as it was, then race to write."""
    barrier = threading.Barrier(2, timeout=5)
    original = services.find_submission

    def find_then_wait(*args):
        found = original(*args)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(services, "find_submission", find_then_wait)
    clients = [app.test_client() for _ in range(2)]
    for c in clients:
        auth.client = c
        auth.login_as(world.learner)
    url = submit_url(world)
    results = []

    def post(c, key):
        results.append(post_attempt(c, None, key=key, to=url))

    threads = [threading.Thread(target=post, args=(c, key)) for c, key in zip(clients, keys, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    return results


def test_two_concurrent_first_hand_ins_with_different_keys_create_one_submission(app, auth, world, monkeypatch):
    """The unique (cohort, learner, lesson) decides; the loser is told the work is handed in."""
    results = _race_two_hand_ins(app, auth, world, monkeypatch, ["5f0c7a52-9d7e-4a55-b3f4-2b8f9b8c1d11",
                                                                 "5f0c7a52-9d7e-4a55-b3f4-2b8f9b8c1d12"])
    assert sorted(r.status_code for r in results) == [302, 409]
    refused = next(r for r in results if r.status_code == 409)
    assert b"already handed in" in refused.data
    db.session.expire_all()
    assert attempt_count() == 1
    assert len(db.session.scalars(select(Submission)).all()) == 1


def test_two_concurrent_next_attempts_with_different_keys_create_one_attempt(app, auth, world, monkeypatch):
    """After changes were requested: the submission's version decides; the loser gets the message."""
    first = services.submit_attempt(world.enrollment, world.lesson,
                                    services.AttemptData(idempotency_key="2" * 32, text="x"), world.learner)
    review_attempt(first.submission, ReviewData(first.id, first.submission.version, Decision.REQUEST_CHANGES,
                                                [1, 0], ["", ""], "Again."), world.mentor)
    db.session.commit()
    results = _race_two_hand_ins(app, auth, world, monkeypatch, ["5f0c7a52-9d7e-4a55-b3f4-2b8f9b8c1d13",
                                                                 "5f0c7a52-9d7e-4a55-b3f4-2b8f9b8c1d14"])
    assert sorted(r.status_code for r in results) == [302, 409]
    assert b"already handed in" in next(r for r in results if r.status_code == 409).data
    db.session.expire_all()
    assert attempt_count() == 2


def test_handing_in_again_while_waiting_is_refused(client, auth, world):
    auth.login_as(world.learner)
    post_attempt(client, world)
    assert client.get(submit_url(world)).status_code == 302  # to the submission page
    response = post_attempt(client, world)
    assert response.status_code == 409 and b"already handed in" in response.data
    assert attempt_count() == 1


def test_learner_outside_the_cohort_cannot_open_the_form(client, auth, world):
    auth.login_as(world.mentor)
    assert client.get(submit_url(world)).status_code == 404


def test_finished_cohort_does_not_accept_work(client, auth, world):
    world.cohort.status = "finished"
    db.session.commit()
    auth.login_as(world.learner)
    assert client.get(submit_url(world)).status_code == 403
    assert post_attempt(client, world).status_code == 403


def test_lesson_of_another_track_is_not_found(client, auth, world):
    _, foreign_lesson = make_track()
    auth.login_as(world.learner)
    assert client.get(f"/submissions/cohort/{world.cohort.id}/lesson/{foreign_lesson.id}").status_code == 404


def test_learner_cannot_see_another_learners_work_or_files(client, auth, world):
    auth.login_as(world.other_learner)
    post_attempt(client, world, files=[("cat.png", PNG)])
    submission = db.session.scalars(select(Submission)).one()
    file_id = submission.attempts[0].files[0].id
    auth.login_as(world.learner)
    assert client.get(f"/submissions/{submission.id}").status_code == 404
    assert client.get(f"/submissions/files/{file_id}").status_code == 404


def test_mentor_of_another_cohort_cannot_see_the_work(client, auth, world):
    from lms.cohorts.models import EnrollmentRole
    from tests.factories.auth import make_user

    auth.login_as(world.learner)
    post_attempt(client, world, files=[("cat.png", PNG)])
    submission = db.session.scalars(select(Submission)).one()
    stranger = make_user(name="Bob Mentor")
    enroll(make_cohort(world.track), stranger, EnrollmentRole.MENTOR)
    auth.login_as(stranger)
    assert client.get(f"/submissions/{submission.id}").status_code == 404
    assert client.get(f"/submissions/files/{submission.attempts[0].files[0].id}").status_code == 404
    auth.login_as(world.mentor)
    assert client.get(f"/submissions/{submission.id}").status_code == 200


def test_assignment_panel_shows_status_and_link(client, auth, app, world):
    from flask import render_template_string
    from flask_login import login_user

    with app.test_request_context():
        login_user(world.learner)
        html = render_template_string('{% include "submissions/_assignment_panel.html" %}', lesson=world.lesson)
        assert "Not handed in yet" in html and "Hand in your work" in html
        services.submit_attempt(world.enrollment, world.lesson,
                                services.AttemptData(idempotency_key="1" * 32, text="x"), world.learner)
        html = render_template_string('{% include "submissions/_assignment_panel.html" %}', lesson=world.lesson)
        assert "Waiting for review" in html and "Attempt 1" in html


def test_a_withdrawn_learner_cannot_hand_in(client, auth, world):
    enrolment.withdraw(world.enrollment, world.admin)
    db.session.commit()
    auth.login_as(world.learner)
    assert client.get(submit_url(world)).status_code == 403
    assert post_attempt(client, world).status_code == 403
    with pytest.raises(services.SubmissionError, match="withdrawn"):
        services.submit_attempt(world.enrollment, world.lesson, services.AttemptData(
            idempotency_key=str(uuid.uuid4()), text="Late"), world.learner)
    assert attempt_count() == 0
