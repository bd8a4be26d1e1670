"""Sending deliveries to a real receiver: signed, retried with backoff, disabled after failures,
redelivered on request, claimed by one worker only, and never lost when a worker dies."""
from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.cohorts import enrolment
from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from lms.webhooks import delivery, events, services
from lms.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import make_cohort
from tests.race import race
from tests.webhooks.conftest import make_endpoint


def verify_standard_webhook(secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300) -> bool:
    """An independent Standard Webhooks verifier, written from the specification."""
    key = base64.b64decode(secret.split("_", 1)[1])
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.".encode() + body,
                                         hashlib.sha256).digest())
    signatures = [part.split(",", 1) for part in headers["webhook-signature"].split(" ")]
    return any(version == "v1" and hmac.compare_digest(value.encode(), expected) for version, value in signatures)


def waiting(endpoint: WebhookEndpoint, event_type: str = "enrolment.created", at=None) -> WebhookDelivery:
    """A delivery written as ``record_event`` writes it, without its job (the test sends it)."""
    now = at or utcnow()
    row = WebhookDelivery(endpoint_id=endpoint.id, event_id=events.new_event_id(), event_type=event_type,
                          payload=events.body(event_type, {"id": 7}, now), status=DeliveryStatus.PENDING,
                          attempts=0, next_attempt_at=now, created_at=now)
    db.session.add(row)
    db.session.commit()
    return row


def attempts_of(row: WebhookDelivery) -> list[WebhookAttempt]:
    return db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == row.id)
                              .order_by(WebhookAttempt.id)).all()


def test_a_delivery_is_signed_so_that_an_independent_verifier_accepts_it(app, receiver):
    endpoint = make_endpoint(receiver.url)
    row = waiting(endpoint)

    assert delivery.deliver(row.id) is True

    [request] = receiver.received
    assert request.path == "/hooks/lms?source=test"
    assert request.body == row.payload.encode()
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"] == row.event_id and row.event_id.startswith("msg_")
    assert verify_standard_webhook(endpoint.secret, request.headers, request.body)
    assert not verify_standard_webhook(endpoint.secret, request.headers, request.body.replace(b"7", b"8"))
    assert not verify_standard_webhook("whsec_" + base64.b64encode(b"x" * 32).decode(), request.headers, request.body)
    db.session.refresh(row)
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.DELIVERED, 1, 204)
    [attempt] = attempts_of(row)
    assert attempt.status_code == 204 and attempt.error is None and attempt.duration_ms >= 0


def test_a_failing_receiver_is_retried_with_growing_waits_for_about_a_day_then_given_up(app, receiver):
    receiver.default = 500
    endpoint = make_endpoint(receiver.url)
    row = waiting(endpoint)
    waits = []
    while row.status == DeliveryStatus.PENDING:
        now = row.next_attempt_at
        assert delivery.deliver(row.id, now=now) is False
        db.session.refresh(row)
        if row.status == DeliveryStatus.PENDING:
            waits.append(row.next_attempt_at - now)

    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 300, 600, 360)]
    assert 20 < sum(waits, timedelta()) / timedelta(hours=1) < 25
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.FAILED, 8, 500)
    assert len(receiver.received) == 8
    assert [a.status_code for a in attempts_of(row)] == [500] * 8
    assert attempts_of(row)[0].response_excerpt == "receiver says no"
    db.session.refresh(endpoint)
    assert not endpoint.is_active and endpoint.disabled_reason == "Disabled after a day of failed deliveries."


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(app, receiver, monkeypatch):
    monkeypatch.setattr(delivery, "TOTAL_TIMEOUT", 0.5)
    receiver.delay = 2
    row = waiting(make_endpoint(receiver.url))
    started = time.monotonic()

    assert delivery.deliver(row.id) is False

    assert time.monotonic() - started < 1.8
    db.session.refresh(row)
    assert row.status == DeliveryStatus.PENDING and row.last_status_code is None
    assert row.last_error.startswith("Timed out")
    assert row.next_attempt_at - attempts_of(row)[0].attempted_at == timedelta(minutes=1)


def test_a_refused_connection_is_a_failed_attempt(app):
    with socket.socket() as probe:   # a port nobody listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    row = waiting(make_endpoint(f"http://127.0.0.1:{port}/hook"))

    assert delivery.deliver(row.id) is False

    db.session.refresh(row)
    assert row.status == DeliveryStatus.PENDING and "refused" in row.last_error.lower()
    assert attempts_of(row)[0].status_code is None


def test_a_redirect_is_not_followed_and_counts_as_a_failure(app, receiver):
    receiver.default = 302
    row = waiting(make_endpoint(receiver.url))

    assert delivery.deliver(row.id) is False

    db.session.refresh(row)
    assert (row.status, row.last_status_code, len(receiver.received)) == (DeliveryStatus.PENDING, 302, 1)


def test_a_success_resets_the_count_of_failures_in_a_row(app, receiver):
    endpoint = make_endpoint(receiver.url)
    endpoint.consecutive_failures = 4
    db.session.commit()
    version = endpoint.version

    assert delivery.deliver(waiting(endpoint).id) is True

    db.session.refresh(endpoint)
    assert endpoint.consecutive_failures == 0
    assert endpoint.version == version   # an admin's open edit form stays current


def test_failures_in_a_row_disable_the_endpoint_and_tell_every_active_admin_once(app, receiver):
    app.config["WEBHOOKS_DISABLE_AFTER_FAILURES"] = 3
    admins = [make_admin(), make_admin()]
    make_admin(is_active=False)
    make_user()
    receiver.default = 503
    endpoint = make_endpoint(receiver.url)
    rows = [waiting(endpoint) for _ in range(4)]

    for row in rows[:3]:
        delivery.deliver(row.id)
    delivery.deliver(rows[3].id)

    db.session.refresh(endpoint)
    assert not endpoint.is_active and endpoint.consecutive_failures == 3
    assert endpoint.disabled_reason == "Disabled after 3 failed deliveries in a row."
    assert len(receiver.received) == 3   # the fourth found the endpoint disabled
    db.session.refresh(rows[3])
    assert (rows[3].status, rows[3].last_error) == (DeliveryStatus.FAILED, "The endpoint is disabled.")
    emails = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.to)).all()
    assert sorted(e.to for e in emails) == sorted(a.email for a in admins)
    assert all(endpoint.url in e.text and "503" in e.text for e in emails)
    notified = db.session.scalars(select(Notification.user_id).where(Notification.kind == "webhook")).all()
    assert sorted(notified) == sorted(a.id for a in admins)


def test_redeliver_sends_the_same_event_again_with_the_same_id(app, receiver):
    endpoint = make_endpoint(receiver.url)
    row = waiting(endpoint)
    delivery.deliver(row.id)

    services.redeliver(db.session.get(WebhookDelivery, row.id))
    db.session.commit()   # the job is handed over on commit (and runs here: no worker in tests)

    first, again = receiver.received
    assert again.body == first.body and again.headers["webhook-id"] == first.headers["webhook-id"]
    assert [a.redelivery for a in attempts_of(row)] == [False, True]
    with pytest.raises(services.WebhookError):   # while it waits, a second click changes nothing
        row = db.session.get(WebhookDelivery, row.id)
        row.status = DeliveryStatus.PENDING
        db.session.flush()
        services.redeliver(row)


def test_two_workers_never_send_one_delivery_twice(app, receiver):
    receiver.delay = 0.3
    row_id = waiting(make_endpoint(receiver.url)).id
    sent = []

    outcomes = race(app, range(4), lambda _, ready: (ready(), sent.append(delivery.deliver(row_id))), Exception)

    assert outcomes == ["won"] * 4
    assert sorted(sent) == [False, False, False, True]
    assert len(receiver.received) == 1


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_by_the_periodic_task(app, receiver):
    endpoint = make_endpoint(receiver.url)
    stuck, busy = waiting(endpoint), waiting(endpoint)
    now = utcnow()
    stuck.status, stuck.claimed_at = DeliveryStatus.SENDING, now - timedelta(minutes=10)
    busy.status, busy.claimed_at = DeliveryStatus.SENDING, now - timedelta(minutes=1)
    db.session.commit()

    assert delivery.deliver_due(now) == 1

    db.session.refresh(stuck)
    db.session.refresh(busy)
    assert stuck.status == DeliveryStatus.DELIVERED and busy.status == DeliveryStatus.SENDING
    assert len(receiver.received) == 1


def test_an_event_in_a_rolled_back_transaction_writes_no_delivery_and_sends_nothing(app, receiver):
    make_endpoint(receiver.url, ["enrolment.created"])
    cohort, person = make_cohort(), make_user()

    enrolment.enrol(cohort, person, EnrollmentRole.LEARNER)
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
    db.session.rollback()

    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert receiver.received == []
    enrolment.enrol(db.session.merge(cohort), db.session.merge(person), EnrollmentRole.LEARNER)
    db.session.commit()   # the same change committed: written, and sent once committed
    assert [r.json["type"] for r in receiver.received] == ["enrolment.created"]


def test_each_attempt_checks_the_address_again(app, receiver):
    row = waiting(make_endpoint(receiver.url))
    app.config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"] = False

    assert delivery.deliver(row.id) is False

    db.session.refresh(row)
    assert row.last_error.startswith("Refused: The URL must start with https://")
    assert receiver.received == []


def test_a_private_address_is_refused_at_delivery(app, receiver, monkeypatch):
    row = waiting(make_endpoint("https://hooks.example.test/lms"))
    app.config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"] = False
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                                 ("10.0.0.8", 443))])
    delivery.deliver(row.id)

    db.session.refresh(row)
    assert row.last_error == ("Refused: The host hooks.example.test is in a private or reserved network (10.0.0.8); "
                              "webhooks only go to public addresses.")


def test_the_request_goes_to_the_checked_address_never_resolving_again(app, receiver, monkeypatch):
    port = int(receiver.url.split(":")[2].split("/")[0])
    resolve, lookups = socket.getaddrinfo, []

    def getaddrinfo(host, *args, **kwargs):
        if host != "hooks.example.test":
            return resolve(host, *args, **kwargs)   # numeric addresses: no lookup
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    row = waiting(make_endpoint(f"http://hooks.example.test:{port}/in"))

    assert delivery.deliver(row.id) is True

    assert lookups == ["hooks.example.test"]
    assert receiver.received[0].headers["host"] == f"hooks.example.test:{port}"


def test_a_disabled_endpoints_waiting_delivery_fails_without_a_request(app, receiver):
    endpoint = make_endpoint(receiver.url)
    row = waiting(endpoint)
    services.set_active(endpoint, False)
    db.session.commit()

    assert delivery.deliver(row.id) is False

    db.session.refresh(row)
    assert row.status == DeliveryStatus.FAILED and receiver.received == []
