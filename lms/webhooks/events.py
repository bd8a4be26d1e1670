"""The events webhooks announce, and their thin JSON bodies: pure functions.

A body names what happened and points to it; the receiver reads the rest through the API
(``data.url``), with a token, so a webhook never carries more than its ids and key fields.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime

EVENT_TYPES = {
    "enrolment.created": "Someone was enrolled (or enrolled again)",
    "enrolment.withdrawn": "An enrolment was withdrawn",
    "submission.created": "A learner handed in work",
    "review.decided": "A mentor decided on an attempt",
    "ask.opened": "A learner opened an ask",
    "ask.resolved": "An ask was resolved",
    "session.booked": "A one-to-one session was booked",
    "session.cancelled": "A one-to-one session was cancelled",
    "certificate.issued": "A certificate was issued",
    "certificate.revoked": "A certificate was revoked",
}
TEST_EVENT = "webhook.test"   # "Send test event": only to the endpoint it was sent from


def new_event_id() -> str:
    """``msg_…``: the ``webhook-id`` header, the same on every retry of the event."""
    return "msg_" + uuid.uuid4().hex


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def body(event_type: str, data: dict, now: datetime) -> str:
    """The JSON text sent (and signed) for an event; fixed when the event happens."""
    return json.dumps({"type": event_type, "timestamp": iso(now), "data": data}, separators=(",", ":"),
                      sort_keys=True)
