"""Sending deliveries: claimed once, signed, retried with backoff, logged attempt by attempt.

The pattern of ``lms.outbox``: a job per delivery is handed over when the event's
transaction commits; ``deliver_due`` (periodic, every minute) sends what is due (lost
jobs, retries) and puts back deliveries stuck in "sending" by a worker that died. The
claim (pending -> sending) is one conditional UPDATE, committed before the request goes
out, so two workers never send the same delivery; a worker dying mid-send means the
delivery may arrive twice (same ``webhook-id``, so receivers can drop it), never zero times.

Requests go out with ``http.client`` to an address checked by ``lms.webhooks.addresses``
(never re-resolving the name), no redirects followed, 5 s to connect and 10 s in all.
"""
from __future__ import annotations

import http.client
import logging
import socket
import ssl
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from lms.notifications.services import absolute, notify, path_for
from lms.outbox import queue_email
from lms.webhooks import addresses, signing
from lms.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# Waits after each failed attempt: 8 attempts over about a day, then the delivery fails.
BACKOFF_MINUTES = (1, 5, 30, 120, 300, 600, 360)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
STALE_SENDING = timedelta(minutes=5)
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 10.0
EXCERPT_CHARS = 1000
USER_AGENT = "LMS-Webhooks/1"


class SendFailed(Exception):
    """No HTTP answer: the reason, for the log."""


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


# --- HTTP to a checked address ------------------------------------------------------------

class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to ``address`` while naming ``host`` (Host header)."""

    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=CONNECT_TIMEOUT)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), CONNECT_TIMEOUT)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As ``_PinnedHTTP``, with TLS verified for ``host`` (SNI and certificate)."""

    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=CONNECT_TIMEOUT, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), CONNECT_TIMEOUT)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def post(target: addresses.Target, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST ``body``; the answer's status code and the start of its body. Raises ``SendFailed``."""
    started, errors = time.monotonic(), []
    for address in target.addresses:
        kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
        connection = kind(target.host, target.port, address)
        try:
            connection.connect()
        except (OSError, ValueError) as error:
            errors.append(f"{address}: {_describe(error)}")
            connection.close()
            continue
        try:
            connection.sock.settimeout(max(0.1, TOTAL_TIMEOUT - (time.monotonic() - started)))
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            excerpt = _read_some(response, started)
            return response.status, excerpt
        except (OSError, ValueError, http.client.HTTPException) as error:  # ValueError: e.g. a name IDNA refuses
            raise SendFailed(_describe(error)) from None
        finally:
            connection.close()
    raise SendFailed("Could not connect: " + "; ".join(errors))


def _read_some(response, started: float) -> str:
    chunks, size = [], 0
    while size < EXCERPT_CHARS * 4 and time.monotonic() - started < TOTAL_TIMEOUT:
        chunk = response.read1(4096)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks).decode("utf-8", "replace")[:EXCERPT_CHARS]


def _describe(error: BaseException) -> str:
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"Timed out (no answer within {TOTAL_TIMEOUT:g} seconds)."
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused."
    return f"{type(error).__name__}: {error}"[:500]


# --- one delivery ---------------------------------------------------------------------------

def deliver(delivery_id: int, now: datetime | None = None, redelivery: bool = False) -> bool:
    """Send one pending delivery if it is due and nobody else claimed it; True when delivered."""
    now = now or utcnow()
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == DeliveryStatus.PENDING,
               WebhookDelivery.next_attempt_at <= now)
        .values(status=DeliveryStatus.SENDING, claimed_at=now, attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    if not claimed:
        return False
    row = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    endpoint = row.endpoint
    if not endpoint.is_active:
        _finish(row, DeliveryStatus.FAILED, error="The endpoint is disabled.")
        db.session.commit()
        return False
    started = time.monotonic()
    code, excerpt, error = None, None, None
    try:
        target = addresses.resolve(endpoint.url, allow_private=current_app.config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"])
        timestamp = int(time.time())
        body = row.payload.encode()
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   **signing.headers(endpoint.secret, row.event_id, timestamp, body)}
        code, excerpt = post(target, body, headers)
    except addresses.UnsafeUrl as refused:
        error = f"Refused: {refused}"
    except SendFailed as failed:
        error = str(failed)
    duration = int((time.monotonic() - started) * 1000)
    db.session.add(WebhookAttempt(delivery_id=row.id, attempted_at=now, status_code=code, error=error,
                                  response_excerpt=excerpt, duration_ms=duration, redelivery=redelivery))
    if code is not None and 200 <= code < 300:
        _finish(row, DeliveryStatus.DELIVERED, code=code)
        row.delivered_at = utcnow()
        db.session.execute(update(WebhookEndpoint.__table__).where(WebhookEndpoint.id == endpoint.id)
                           .values(consecutive_failures=0))
        db.session.commit()
        return True
    error = error or f"The endpoint answered {code}."
    give_up = row.attempts >= MAX_ATTEMPTS
    _finish(row, DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING, code=code, error=error)
    if not give_up:
        row.next_attempt_at = now + backoff(row.attempts)
    log.warning("webhook delivery %s to %s failed (attempt %s): %s", row.id, endpoint.url, row.attempts, error)
    _count_failure(endpoint, row, give_up, now)
    db.session.commit()
    return False


def _finish(row: WebhookDelivery, status: DeliveryStatus, *, code: int | None = None,
            error: str | None = None) -> None:
    row.status, row.last_status_code, row.last_error = status, code, error[:500] if error else None


def _count_failure(endpoint: WebhookEndpoint, row: WebhookDelivery, gave_up: bool, now: datetime) -> None:
    """One more failure in a row; too many (or a day of them) disables the endpoint.

    Plain UPDATEs, not the ORM: the endpoint's version is the admins' edit lock, and a
    failing delivery must not make an admin's open edit form stale.
    """
    table = WebhookEndpoint.__table__
    db.session.execute(update(table).where(table.c.id == endpoint.id)
                       .values(consecutive_failures=table.c.consecutive_failures + 1))
    failures = db.session.scalar(select(table.c.consecutive_failures).where(table.c.id == endpoint.id))
    limit = current_app.config["WEBHOOKS_DISABLE_AFTER_FAILURES"]
    if failures >= limit:
        reason = f"Disabled after {failures} failed deliveries in a row."
    elif gave_up and failures >= row.attempts:
        reason = "Disabled after a day of failed deliveries."
    else:
        return
    disabled = db.session.execute(update(table).where(table.c.id == endpoint.id, table.c.is_active)
                                  .values(is_active=False, disabled_at=now, disabled_reason=reason)).rowcount
    if disabled == 1:  # only the worker that disabled it tells the admins
        _tell_admins(endpoint, reason, row.last_error or "none recorded", now)


def _tell_admins(endpoint: WebhookEndpoint, reason: str, last_error: str, now: datetime) -> None:
    path = path_for("webhooks.detail", endpoint_id=endpoint.id)
    key = f"webhook-disabled:{endpoint.id}:{now.isoformat()}"
    text = (f"The webhook endpoint {endpoint.url} ({endpoint.description or 'no description'}) was disabled.\n"
            f"{reason}\nLast error: {last_error}\n\n"
            f"Fix the receiver, then enable the endpoint and redeliver what failed: {absolute(path)}\n")
    admins = db.session.scalars(select(User).where(User.is_admin, User.is_active)).all()
    for admin in admins:
        queue_email(admin.email, "A webhook endpoint was disabled", text, dedupe_key=f"{key}:{admin.id}")
        notify(admin.id, "webhook", f"Webhook endpoint disabled: {endpoint.url}", body=reason, url=path,
               dedupe_key=f"{key}:{admin.id}")


def deliver_due(now: datetime | None = None, limit: int = 200) -> int:
    """Send what is due: deliveries whose job was lost, and retries whose wait has passed.

    Deliveries stuck in "sending" (a worker died mid-send) go back to pending first.
    """
    now = now or utcnow()
    db.session.execute(update(WebhookDelivery)
                       .where(WebhookDelivery.status == DeliveryStatus.SENDING,
                              WebhookDelivery.claimed_at < now - STALE_SENDING)
                       .values(status=DeliveryStatus.PENDING).execution_options(synchronize_session=False))
    db.session.commit()
    ids = db.session.scalars(select(WebhookDelivery.id).where(
        WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at).limit(limit)).all()
    return sum(deliver(delivery_id, now) for delivery_id in ids)
