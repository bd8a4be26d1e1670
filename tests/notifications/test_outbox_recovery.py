"""Outbox recovery: an email a worker claimed ("sending") and then died with is retried once
the stale interval has passed, never lost, and not sent twice while the claim is fresh."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from lms import outbox
from lms.database import utcnow
from lms.extensions import db
from lms.jobs import run_due
from lms.outbox import OutboxEmail, OutboxStatus
from tests.smtp import free_port

STALE = outbox.STALE_SENDING
SECOND = timedelta(seconds=1)


class WorkerKilled(BaseException):
    """What a job sees of its process being killed mid-send: nothing after it runs."""


def _claimed_by_a_worker_that_died(monkeypatch, at) -> int:
    """An email whose delivery claimed it at ``at`` and died before sending it."""
    email = OutboxEmail(to="lea@example.org", subject="Your work was reviewed", text="Approved.",
                        dedupe_key="reviewed:1:1", status=OutboxStatus.PENDING, attempts=0,
                        next_attempt_at=at, created_at=at)
    db.session.add(email)
    db.session.commit()

    def die(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "send_email", die)
        with pytest.raises(WorkerKilled):
            outbox.deliver(email.id, now=at)
    db.session.rollback()
    return email.id


def _email(email_id: int) -> OutboxEmail:
    return db.session.get(OutboxEmail, email_id, populate_existing=True)


def test_a_dead_worker_leaves_its_claim_committed_and_nothing_sent(app, monkeypatch, smtp_server):
    claimed_at = utcnow()
    email = _email(_claimed_by_a_worker_that_died(monkeypatch, claimed_at))
    assert (email.status, email.attempts, email.claimed_at) == (OutboxStatus.SENDING, 1, claimed_at)
    assert smtp_server.messages == []


def test_an_email_left_sending_is_sent_once_after_the_stale_interval(app, monkeypatch, smtp_server):
    claimed_at = utcnow()
    email_id = _claimed_by_a_worker_that_died(monkeypatch, claimed_at)
    assert outbox.deliver_due(now=claimed_at + STALE + SECOND) == 1
    [message] = smtp_server.to("lea@example.org")
    assert message["Subject"] == "Your work was reviewed"
    email = _email(email_id)
    assert email.status == OutboxStatus.SENT and email.attempts == 2 and email.sent_at is not None
    assert outbox.deliver_due(now=claimed_at + 10 * STALE) == 0
    assert len(smtp_server.messages) == 1, "sent, so never again"


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1), STALE - SECOND, STALE])
def test_an_email_being_sent_is_left_alone_within_the_stale_interval(app, monkeypatch, smtp_server, after):
    claimed_at = utcnow()
    email_id = _claimed_by_a_worker_that_died(monkeypatch, claimed_at)
    assert outbox.deliver_due(now=claimed_at + after) == 0
    assert outbox.deliver(email_id, now=claimed_at + after) is False, "a direct delivery finds it claimed"
    email = _email(email_id)
    assert (email.status, email.attempts, email.claimed_at) == (OutboxStatus.SENDING, 1, claimed_at)
    assert smtp_server.messages == []


def test_a_recovered_email_whose_retry_fails_is_kept_and_sent_later(app, monkeypatch, smtp_server):
    claimed_at = utcnow()
    email_id = _claimed_by_a_worker_that_died(monkeypatch, claimed_at)
    app.config["MAIL_PORT"] = free_port()  # the mail server is down when the retry comes
    retried_at = claimed_at + STALE + SECOND
    assert outbox.deliver_due(now=retried_at) == 0
    email = _email(email_id)
    assert email.status == OutboxStatus.PENDING and email.attempts == 2
    assert "MailError" in email.last_error and email.next_attempt_at > retried_at
    app.config["MAIL_PORT"] = smtp_server.port
    assert outbox.deliver_due(now=email.next_attempt_at) == 1
    assert len(smtp_server.to("lea@example.org")) == 1
    assert _email(email_id).status == OutboxStatus.SENT


def test_workers_recovering_the_same_stale_email_at_once_send_it_once(app, monkeypatch, smtp_server):
    claimed_at = utcnow()
    _claimed_by_a_worker_that_died(monkeypatch, claimed_at)
    sent = []

    def worker():
        with app.app_context():
            sent.append(outbox.deliver_due(now=claimed_at + STALE + SECOND))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(sent) == [0, 0, 0, 1]
    assert len(smtp_server.to("lea@example.org")) == 1


def test_the_periodic_delivery_task_recovers_a_stale_email(app, monkeypatch, smtp_server):
    email_id = _claimed_by_a_worker_that_died(monkeypatch, utcnow() - STALE - timedelta(minutes=1))
    assert "outbox.deliver_due" in run_due()
    assert len(smtp_server.to("lea@example.org")) == 1
    assert _email(email_id).status == OutboxStatus.SENT
