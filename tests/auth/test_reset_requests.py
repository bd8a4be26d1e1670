"""Reset requests are rows: recorded for every address before the response, answered once
by their job or, when the job was lost, by the periodic catch-up, and deleted a day later."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from lms import outbox
from lms.auth import resets
from lms.auth.models import AccountToken, PasswordResetRequest
from lms.extensions import db
from lms.jobs import run_due
from lms.outbox import OutboxEmail
from tests.auth.conftest import link_path
from tests.factories.auth import make_user
from tests.waiting import wait_until


def _request_reset(client, email, address="10.0.0.1"):
    response = client.post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})
    response.close()  # the job answering the request runs once the response is finished
    assert response.status_code == 302


def _requests() -> list[PasswordResetRequest]:
    db.session.expire_all()
    return db.session.scalars(select(PasswordResetRequest).order_by(PasswordResetRequest.id)).all()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _lose_the_jobs(monkeypatch):
    """The process died, or Redis lost its queue, before the job answering a request ran."""
    monkeypatch.setattr(resets, "enqueue", lambda *args, **kwargs: None)


def test_every_address_is_recorded_and_answered_once(client, mailbox, user, clock):
    _request_reset(client, " Learner@Example.org ", address="10.0.0.1")
    _request_reset(client, "nobody@example.org", address="10.0.0.2")
    known, unknown = _requests()
    assert (known.email, unknown.email) == (user.email, "nobody@example.org"), "stored normalised"
    assert known.requested_at == unknown.requested_at == clock.now
    assert known.processed_at == unknown.processed_at == clock.now, "both answered by their job"
    assert [m["To"] for m in mailbox.messages] == [user.email]


def test_an_unknown_address_is_answered_without_a_link_or_an_email(client, mailbox, user, monkeypatch):
    _lose_the_jobs(monkeypatch)
    _request_reset(client, "nobody@example.org")
    [reset_request] = _requests()
    assert reset_request.processed_at is None

    assert resets.process_reset_request(reset_request.id) is True
    db.session.commit()
    assert _requests()[0].processed_at is not None
    assert _count(AccountToken) == _count(OutboxEmail) == 0
    assert mailbox.messages == []


def test_answering_a_request_twice_sends_one_email(client, mailbox, user, monkeypatch):
    _lose_the_jobs(monkeypatch)
    _request_reset(client, user.email)
    [reset_request] = _requests()

    assert resets.process_reset_request(reset_request.id) is True
    db.session.commit()
    assert resets.process_reset_request(reset_request.id) is False, "already answered"
    db.session.commit()
    assert outbox.deliver_due() == 0, "the one email went out when the first answer committed"
    assert _count(AccountToken) == 1
    [message] = mailbox.to(user.email)
    assert client.get(link_path(message, "password/reset")).status_code == 200


def test_two_workers_racing_on_one_request_send_one_email(app, client, mailbox, user, monkeypatch):
    _lose_the_jobs(monkeypatch)
    _request_reset(client, user.email)
    [reset_request] = _requests()
    assert resets.process_reset_request(reset_request.id) is True  # claimed, not committed yet

    results = []

    def second_worker():
        with app.app_context():
            results.append(resets.process_reset_request(reset_request.id))
            db.session.commit()

    worker = threading.Thread(target=second_worker)
    worker.start()
    worker.join(0.5)
    assert worker.is_alive(), "the second claim waits for the first transaction"
    db.session.commit()
    worker.join(15)
    assert results == [False], "the database let only the first claim match"
    wait_until(lambda: mailbox.to(user.email), timeout=10, what="the reset email")
    assert _count(OutboxEmail) == _count(AccountToken) == 1
    assert len(mailbox.messages) == 1


def test_the_periodic_catch_up_answers_a_request_whose_job_was_lost(client, mailbox, user, clock, monkeypatch):
    _lose_the_jobs(monkeypatch)
    _request_reset(client, user.email)
    _request_reset(client, "nobody@example.org", address="10.0.0.2")
    assert mailbox.messages == [] and all(r.processed_at is None for r in _requests())

    assert resets.process_due_requests() == 0, "within the grace period its job may still come"
    clock.advance(seconds=resets.GRACE.total_seconds())
    assert "auth.process_due_reset_requests" in run_due()
    assert all(r.processed_at == clock.now for r in _requests())
    [message] = mailbox.messages
    assert message["To"] == user.email
    assert client.get(link_path(message, "password/reset")).status_code == 200

    clock.advance(minutes=5)
    assert resets.process_due_requests() == 0
    assert len(mailbox.messages) == 1, "answered once"


def test_a_request_that_fails_does_not_hold_up_the_others(app, client, mailbox, clock, monkeypatch):
    make_user(email="first@example.org")
    make_user(email="second@example.org")
    _lose_the_jobs(monkeypatch)
    _request_reset(client, "first@example.org")
    _request_reset(client, "second@example.org", address="10.0.0.2")
    real_send = resets.send_reset_link

    def send_failing_for_the_first(email):
        if email == "first@example.org":
            raise RuntimeError("template missing")
        real_send(email)

    monkeypatch.setattr(resets, "send_reset_link", send_failing_for_the_first)
    clock.advance(seconds=resets.GRACE.total_seconds())
    assert resets.process_due_requests() == 1
    first, second = _requests()
    assert first.processed_at is None, "rolled back: tried again at the next run"
    assert second.processed_at is not None
    assert [m["To"] for m in mailbox.messages] == ["second@example.org"]

    monkeypatch.setattr(resets, "send_reset_link", real_send)
    assert resets.process_due_requests() == 1
    assert sorted(m["To"] for m in mailbox.messages) == ["first@example.org", "second@example.org"]


def test_requests_are_deleted_a_day_after_they_were_made(client, mailbox, user, clock, monkeypatch):
    _request_reset(client, user.email)                            # answered by its job
    _lose_the_jobs(monkeypatch)
    _request_reset(client, "nobody@example.org", address="10.0.0.2")  # never answered
    clock.advance(hours=12)
    _request_reset(client, "later@example.org", address="10.0.0.3")

    clock.advance(hours=12)
    assert resets.process_due_requests() == 1, "only the later one: a day-old request is not answered"
    assert resets.prune_reset_requests() == 2
    db.session.commit()
    assert [r.email for r in _requests()] == ["later@example.org"]
    assert resets.prune_reset_requests(clock.now + timedelta(hours=11)) == 0
    clock.advance(hours=12)
    assert "auth.prune_reset_requests" in run_due()
    assert _requests() == []
