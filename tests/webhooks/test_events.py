"""Each domain event becomes a delivery for the endpoints subscribed to it, and only for them."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import select

from lms.asks.models import Ask
from lms.asks.services import resolve_ask
from lms.auth.models import User
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.cohorts import enrolment
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.meetings.bookings import record
from lms.meetings.models import Booking, BookingEventKind
from lms.webhooks import events
from lms.webhooks.models import WebhookDelivery
from tests.factories.scenario import two_cohorts
from tests.webhooks.conftest import make_endpoint

EXPECTED_DATA = {
    "enrolment.created": "enrolments", "enrolment.withdrawn": "enrolments", "submission.created": "submissions",
    "review.decided": "reviews", "ask.opened": "asks", "ask.resolved": "asks", "session.booked": "sessions",
    "session.cancelled": "sessions", "certificate.issued": "certificates", "certificate.revoked": "certificates",
}


@pytest.fixture
def subscribed(app, receiver):
    """Before anything happens: one endpoint for every event, one for certificates only, one
    disabled, then the world and the events it lacks (withdrawn, resolved, booked, cancelled, revoked)."""
    everything = make_endpoint(receiver.url)
    certificates_only = make_endpoint(receiver.url, ["certificate.issued", "certificate.revoked"])
    disabled = make_endpoint(receiver.url, active=False)
    world = two_cohorts()
    admin = db.session.get(User, world.admin)
    enrolment.withdraw(db.session.scalar(select(Enrollment).where(Enrollment.user_id == world.learner_b)), admin)
    resolve_ask(db.session.get(Ask, world.ask_a), admin)
    booking = db.session.get(Booking, world.booking_a)
    record(booking, BookingEventKind.BOOKED, db.session.get(User, world.learner_a))
    record(booking, BookingEventKind.CANCELLED, admin, reason="Travelling")
    certificates.revoke(db.session.get(Certificate, world.certificate_a), "Issued in error", admin)
    db.session.commit()
    return everything, certificates_only, world, disabled


def _types(endpoint) -> Counter:
    return Counter(db.session.scalars(select(WebhookDelivery.event_type)
                                      .where(WebhookDelivery.endpoint_id == endpoint.id)))


def test_each_event_reaches_only_the_active_endpoints_subscribed_to_it(subscribed):
    everything, certificates_only, _, disabled = subscribed
    assert set(_types(everything)) == set(events.EVENT_TYPES)
    assert _types(certificates_only) == Counter({"certificate.issued": 1, "certificate.revoked": 1})
    assert _types(disabled) == Counter()


def test_bodies_are_thin_events_with_the_api_url_of_the_object(subscribed):
    everything, _, world, _ = subscribed
    for row in db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == everything.id)):
        body = json.loads(row.payload)
        assert set(body) == {"type", "timestamp", "data"} and body["type"] == row.event_type
        assert body["timestamp"].endswith("+00:00")
        resource = EXPECTED_DATA[row.event_type]
        assert body["data"]["url"] == f"http://localhost/api/v1/{resource}/{body['data']['id']}"
    revoked = db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.event_type == "certificate.revoked",
                                                              WebhookDelivery.endpoint_id == everything.id))
    data = json.loads(revoked.payload)["data"]
    assert data["id"] == world.certificate_a and data["status"] == "revoked"
    assert data["verify_url"].startswith("http://localhost/verify/")
    ids = db.session.scalars(select(WebhookDelivery.event_id).where(
        WebhookDelivery.event_type == "certificate.revoked")).all()
    assert len(ids) == 2 and len(set(ids)) == 1, "one event: one webhook-id on every endpoint"


def test_the_deliveries_went_out_once_the_events_were_committed(subscribed, receiver):
    everything, certificates_only, *_ = subscribed
    total = sum(_types(everything).values()) + sum(_types(certificates_only).values())
    assert len(receiver.received) == total
    assert {r.json["type"] for r in receiver.received} == set(events.EVENT_TYPES)
