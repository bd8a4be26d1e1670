"""Notifications: in-app, by email through the outbox, exactly once, retried after failures."""
from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import select

from lms import outbox
from lms.database import utcnow
from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import Notification, NotificationPreference, SubmissionAlerts
from lms.outbox import OutboxEmail, OutboxStatus
from lms.reviews.services import Decision, ReviewData, review_attempt
from tests.factories.submissions import hand_in
from tests.smtp import free_port
from tests.submissions.helpers import post_attempt


def _outbox():
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_mentor_is_emailed_once_when_a_mentee_hands_in(client, auth, world, smtp_server):
    auth.login_as(world.learner)
    response = post_attempt(client, world, key="7d0b1c4e-6f55-4c4e-8c1e-0d3b9f1e2a77")
    response.close()  # in-process jobs run once the response is closed
    post_attempt(client, world, key="7d0b1c4e-6f55-4c4e-8c1e-0d3b9f1e2a77").close()  # a replay
    assert response.status_code == 302
    messages = smtp_server.to(world.mentor.email)
    assert len(messages) == 1
    assert messages[0]["Subject"] == "New work to review: Build your first site"
    assert "Lea Learner handed in" in smtp_server.text_of(messages[0])
    assert "http://localhost/reviews/" in smtp_server.text_of(messages[0])
    [email] = _outbox()
    assert email.status == OutboxStatus.SENT and email.attempts == 1
    outbox.deliver_due(now=utcnow() + timedelta(days=1))  # nothing left to send
    assert len(smtp_server.messages) == 1


def test_learner_is_told_when_their_work_is_reviewed(client, auth, world, smtp_server):
    attempt = hand_in(world.enrollment, world.lesson)
    submission = attempt.submission
    review = review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.REQUEST_CHANGES,
                                                   [2, 2], ["", ""], "Add alt text"), world.mentor)
    db.session.commit()
    [message] = smtp_server.to(world.learner.email)
    assert "changes requested" in smtp_server.text_of(message)
    assert "Points: 1 of 8" in smtp_server.text_of(message)
    notification = db.session.scalars(select(Notification).where(Notification.user_id == world.learner.id)).one()
    assert notification.dedupe_key == f"reviewed:{review.id}:{world.learner.id}"


def test_smtp_failure_never_fails_the_request_and_is_retried(client, auth, app, world, smtp_server):
    good_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens here
    auth.login_as(world.learner)
    response = post_attempt(client, world)
    response.close()
    assert response.status_code == 302
    db.session.expire_all()
    [email] = _outbox()
    assert email.status == OutboxStatus.PENDING and email.attempts == 1
    assert "MailError" in email.last_error and email.next_attempt_at > utcnow()
    assert outbox.deliver_due() == 0  # not due yet: backoff
    app.config["MAIL_PORT"] = good_port
    assert outbox.deliver_due(now=utcnow() + timedelta(minutes=2)) == 1
    db.session.refresh(email)
    assert email.status == OutboxStatus.SENT and email.attempts == 2 and email.last_error is None
    assert len(smtp_server.to(world.mentor.email)) == 1


def test_delivery_gives_up_after_the_last_attempt(app, world, smtp_server):
    app.config.update(MAIL_PORT=free_port(), OUTBOX_MAX_ATTEMPTS=2)
    email_id = outbox.queue_email("x@example.org", "Hi", "Body", dedupe_key="test:1")
    db.session.commit()
    outbox.deliver_due(now=utcnow() + timedelta(hours=1))
    email = db.session.get(OutboxEmail, email_id)
    assert email.status == OutboxStatus.FAILED and email.attempts == 2


def test_two_workers_never_send_the_same_email(app, world, smtp_server):
    app.config["MAIL_PORT"] = free_port()  # the job after commit fails; the row stays pending
    email_id = outbox.queue_email("x@example.org", "Once", "Body", dedupe_key="test:once")
    db.session.commit()
    app.config["MAIL_PORT"] = smtp_server.port
    later = utcnow() + timedelta(hours=1)
    results = []

    def worker():
        with app.app_context():
            results.append(outbox.deliver(email_id, now=later))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(results) == [False, False, False, True]
    assert len(smtp_server.to("x@example.org")) == 1


def test_the_same_dedupe_key_is_written_once(app, world):
    assert outbox.queue_email("a@example.org", "S", "T", dedupe_key="k:1") is not None
    assert outbox.queue_email("a@example.org", "S", "T", dedupe_key="k:1") is None
    assert services.notify(world.learner.id, "x", "Title", dedupe_key="k:1") is not None
    assert services.notify(world.learner.id, "x", "Title", dedupe_key="k:1") is None
    db.session.commit()
    assert len(_outbox()) == 1


def test_rolled_back_emails_are_never_sent(app, world, smtp_server):
    outbox.queue_email("a@example.org", "S", "T", dedupe_key="k:rolled-back")
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == [] and _outbox() == []


def test_reminder_two_days_before_the_deadline_once(app, world, smtp_server):
    world.cohort.starts_on = date.today() - timedelta(days=6)  # due_days 7: due tomorrow 23:59 UTC
    db.session.commit()
    hand_in(world.other_enrollment, world.lesson)  # Otto has handed in: no reminder for him
    assert services.send_deadline_reminders() == 1
    db.session.commit()
    assert services.send_deadline_reminders() == 0
    db.session.commit()
    [message] = smtp_server.to(world.learner.email)
    assert message["Subject"] == "Reminder: Build your first site is due soon"
    assert smtp_server.to(world.other_learner.email) == []
    keys = db.session.scalars(select(Notification.dedupe_key).where(Notification.kind == "reminder")).all()
    assert keys == [f"reminder:{world.cohort.id}:{world.lesson.id}:{world.learner.id}"]


def test_no_reminder_far_from_the_deadline_or_after_it(app, world):
    world.cohort.starts_on = date.today()  # due in 7 days
    db.session.commit()
    assert services.send_deadline_reminders() == 0
    world.cohort.starts_on = date.today() - timedelta(days=10)  # passed
    db.session.commit()
    assert services.send_deadline_reminders() == 0


def test_learner_can_turn_off_reminder_emails_but_still_sees_them(client, auth, world, smtp_server):
    auth.login_as(world.learner)
    client.post("/notifications/settings", data={"submission_alerts": "immediate", "email_reviews": "y"})
    world.cohort.starts_on = date.today() - timedelta(days=6)
    db.session.commit()
    services.send_deadline_reminders()
    db.session.commit()
    assert smtp_server.to(world.learner.email) == []
    assert b"is due" in client.get("/notifications/").data


def test_daily_digest_replaces_immediate_emails(client, auth, world, smtp_server):
    auth.login_as(world.mentor)
    response = client.post("/notifications/settings", data={"submission_alerts": "daily", "email_reviews": "y",
                                                            "email_reminders": "y"})
    assert response.status_code == 302
    preference = db.session.scalars(select(NotificationPreference)).one()
    assert preference.submission_alerts == SubmissionAlerts.DAILY
    hand_in(world.enrollment, world.lesson)
    hand_in(world.other_enrollment, world.lesson)
    assert smtp_server.messages == []
    # The digest goes out at the start of the mentor's next digest day (08:00 their time).
    next_digest_day = utcnow() + timedelta(days=1)
    assert services.send_daily_digests(now=next_digest_day) == 1
    db.session.commit()
    outbox.deliver_due(now=next_digest_day)
    [digest] = smtp_server.to(world.mentor.email)
    assert digest["Subject"] == "2 new submissions to review"
    assert "Lea Learner" in smtp_server.text_of(digest) and "Otto Other" in smtp_server.text_of(digest)
    assert services.send_daily_digests(now=next_digest_day) == 0


def test_notification_list_unread_count_and_mark_read(client, auth, world):
    hand_in(world.enrollment, world.lesson)
    auth.login_as(world.mentor)
    page = client.get("/notifications/")
    assert b"Lea Learner handed in" in page.data
    assert b'<span class="nav-count" aria-label="1 unread">1</span>' in page.data
    notification = db.session.scalars(select(Notification)).one()
    opened = client.post(f"/notifications/{notification.id}/open")
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/reviews/")
    assert b"nav-count" not in client.get("/notifications/").data


def test_notifications_of_others_are_not_found(client, auth, world):
    hand_in(world.enrollment, world.lesson)
    notification = db.session.scalars(select(Notification)).one()
    auth.login_as(world.learner)
    assert client.post(f"/notifications/{notification.id}/open").status_code == 404
    assert b"Lea Learner handed in" not in client.get("/notifications/").data


def test_empty_notification_list_says_what_comes(client, auth, world):
    auth.login_as(world.learner)
    assert b"No notifications yet" in client.get("/notifications/").data


def test_a_released_savepoint_does_not_send_uncommitted_email(app, world, smtp_server):
    services.notify(world.learner.id, "x", "A write first, so the transaction is real")
    outbox.queue_email("a@example.org", "After commit only", "T", dedupe_key="k:savepoint")
    with db.session.begin_nested():
        db.session.execute(select(1))
    assert smtp_server.messages == []
    db.session.commit()
    assert [m["Subject"] for m in smtp_server.messages] == ["After commit only"]
