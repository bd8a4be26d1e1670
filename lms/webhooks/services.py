"""Webhook endpoints and their deliveries: every state change, flushed, never committed.

``record_event`` is the durable outbox: it writes one ``WebhookDelivery`` per active
endpoint subscribed to the event in the caller's transaction, so a delivery exists
exactly when what it announces does. The delivery job (``lms.webhooks.delivery``) is
handed over when that transaction commits and dropped if it rolls back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from lms.database import utcnow
from lms.extensions import db
from lms.jobs import enqueue
from lms.webhooks import addresses, delivery, events, signing
from lms.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


class WebhookError(ValueError):
    """A change that cannot be made; the message is for the admin."""


class StaleEdit(WebhookError):
    def __init__(self) -> None:
        super().__init__(gettext("Someone changed this endpoint while you were editing it. "
                                 "Its current settings are below: make your change again."))


@dataclass(frozen=True)
class EndpointData:
    url: str
    description: str
    events: list[str]


def _validated(data: EndpointData) -> EndpointData:
    url = data.url.strip()
    try:
        addresses.resolve(url, allow_private=current_app.config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"])
    except addresses.UnsafeUrl as error:
        raise WebhookError(str(error)) from None
    unknown = set(data.events) - set(events.EVENT_TYPES)
    if unknown or not data.events:
        raise WebhookError(gettext("Choose at least one event."))
    ordered = [name for name in events.EVENT_TYPES if name in data.events]
    return EndpointData(url, data.description.strip(), ordered)


def create_endpoint(data: EndpointData, actor) -> WebhookEndpoint:
    data = _validated(data)
    endpoint = WebhookEndpoint(url=data.url, description=data.description, events=" ".join(data.events),
                               secret=signing.new_secret(), is_active=True, consecutive_failures=0,
                               created_by_id=actor.id if actor else None, created_at=utcnow())
    db.session.add(endpoint)
    db.session.flush()
    _forget_endpoints()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, data: EndpointData, *, based_on_version: int) -> None:
    """Apply an edit made on version ``based_on_version``; raise ``StaleEdit`` if it is not current.

    After an error the caller rolls the session back.
    """
    if based_on_version != endpoint.version:
        raise StaleEdit()
    data = _validated(data)
    endpoint.url, endpoint.description, endpoint.events = data.url, data.description, " ".join(data.events)
    _flush_versioned()
    _forget_endpoints()


def set_active(endpoint: WebhookEndpoint, active: bool) -> None:
    """Enable (with a clean failure count) or disable by hand."""
    endpoint.is_active = active
    endpoint.disabled_at = None if active else utcnow()
    endpoint.disabled_reason = None if active else "Disabled by an admin."
    if active:
        endpoint.consecutive_failures = 0
    _flush_versioned()
    _forget_endpoints()


def rotate_secret(endpoint: WebhookEndpoint) -> None:
    """A new secret at once; deliveries not yet sent are signed with it."""
    endpoint.secret = signing.new_secret()
    _flush_versioned()


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """The endpoint goes with its deliveries and their log (ON DELETE CASCADE)."""
    db.session.delete(endpoint)
    _flush_versioned()
    _forget_endpoints()


def _flush_versioned() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleEdit() from None


def _add_delivery(endpoint_id: int, event_id: str, event_type: str, payload: str, now: datetime) -> WebhookDelivery:
    row = WebhookDelivery(endpoint_id=endpoint_id, event_id=event_id, event_type=event_type, payload=payload,
                          status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, created_at=now)
    db.session.add(row)
    return row


def record_event(event_type: str, data: dict, now: datetime | None = None) -> list[int]:
    """Write a delivery of the event for each active endpoint subscribed to it; their ids.

    Runs in the caller's transaction (a signal receiver): flushes, never commits.
    """
    now = now or utcnow()
    subscribed = [endpoint_id for endpoint_id, names in _active_endpoints() if event_type in names.split()]
    if not subscribed:
        return []
    event_id, payload = events.new_event_id(), events.body(event_type, data, now)
    rows = [_add_delivery(endpoint_id, event_id, event_type, payload, now) for endpoint_id in subscribed]
    db.session.flush()
    for row in rows:
        enqueue(delivery.deliver, row.id)
    return [row.id for row in rows]


def send_test(endpoint: WebhookEndpoint, actor) -> WebhookDelivery:
    """A ``webhook.test`` event to this endpoint only (whatever it subscribes to)."""
    if not endpoint.is_active:
        raise WebhookError(gettext("Enable the endpoint first: a disabled endpoint receives nothing."))
    now = utcnow()
    data = {"endpoint_id": endpoint.id, "sent_by": actor.id if actor else None,
            "message": "A test event from the LMS: your endpoint receives and verifies webhooks."}
    row = _add_delivery(endpoint.id, events.new_event_id(), events.TEST_EVENT,
                        events.body(events.TEST_EVENT, data, now), now)
    db.session.flush()
    enqueue(delivery.deliver, row.id)
    return row


def redeliver(row: WebhookDelivery) -> None:
    """Send a delivered or failed event once more, now, with the same webhook-id.

    A conditional UPDATE: two clicks (or a click while a worker holds it) send it once.
    """
    if not row.endpoint.is_active:
        raise WebhookError(gettext("Enable the endpoint first: a disabled endpoint receives nothing."))
    changed = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == row.id,
               WebhookDelivery.status.in_([DeliveryStatus.DELIVERED, DeliveryStatus.FAILED]))
        .values(status=DeliveryStatus.PENDING, next_attempt_at=utcnow(), claimed_at=None)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise WebhookError(gettext("This delivery is already waiting to be sent."))
    enqueue(delivery.deliver, row.id, redelivery=True)


# --- the active endpoints, read once per transaction -----------------------------------------
# Each signal would otherwise cost a query: a bulk enrolment of 500 people sends 500.

_CACHE = "lms_webhook_endpoints"


def _active_endpoints() -> list[tuple[int, str]]:
    info = db.session().info
    if _CACHE not in info:
        info[_CACHE] = db.session.execute(select(WebhookEndpoint.id, WebhookEndpoint.events)
                                          .where(WebhookEndpoint.is_active)).all()
    return info[_CACHE]


def _forget_endpoints() -> None:
    db.session().info.pop(_CACHE, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CACHE, None)
