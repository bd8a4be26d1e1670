"""The admins' webhook pages: add, edit (optimistic), enable/disable, rotate, test, delete,
and the delivery log with its Redeliver button. Bad input re-renders the form with a message."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.database import utcnow
from lms.extensions import db
from lms.webhooks import events
from lms.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.factories.auth import make_user
from tests.querycount import count_queries
from tests.webhooks.conftest import make_endpoint


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login_as(admin)
    return client


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_admin_adds_an_endpoint_and_sees_its_secret(signed_in, receiver):
    response = signed_in.post("/admin/webhooks/new", data={
        "url": receiver.url, "description": "HR sync", "events": ["enrolment.created", "certificate.issued"]})

    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/webhooks/{endpoint.id}")
    assert endpoint.events == "enrolment.created certificate.issued" and endpoint.description == "HR sync"
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", endpoint.secret)
    page = signed_in.get(f"/admin/webhooks/{endpoint.id}")
    assert endpoint.secret in page.get_data(as_text=True) and page.headers["Cache-Control"] == "no-store"
    assert "HR sync" in signed_in.get("/admin/webhooks/").get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"url": "", "events": ["ask.opened"]}, "Enter the URL that receives the events."),
    ({"url": "https://93.184.216.34/x"}, "Choose at least one event."),
    ({"url": "https://93.184.216.34/x", "events": ["no.such"]}, "is not a valid choice"),
    ({"url": "https://x.org/" + "a" * 2000, "events": ["ask.opened"]}, "Keep the URL under 2,000 characters."),
    ({"url": "hooks.example.org", "events": ["ask.opened"]}, "The URL must start with https://."),
    ({"url": "https://127.0.0.1/in", "events": ["ask.opened"]}, "is in a private or reserved network"),
    ({"url": "https://169.254.169.254/latest", "events": ["ask.opened"]}, "is in a private or reserved network"),
    ({"url": "https://[::ffff:10.0.0.1]/in", "events": ["ask.opened"]}, "is in a private or reserved network"),
    ({"url": "http://93.184.216.34/x", "events": ["ask.opened"]}, "The URL must start with https://."),
])
def test_bad_input_re_renders_the_form_with_the_reason_and_what_was_typed(signed_in, app, data, message):
    app.config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"] = False
    response = signed_in.post("/admin/webhooks/new", data={"description": "Kept as typed", **data})

    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "Kept as typed" in html
    assert _count(WebhookEndpoint) == 0


def test_an_edit_is_saved_on_the_version_it_was_made_on(signed_in, receiver):
    endpoint = make_endpoint(receiver.url, ["ask.opened"])

    response = signed_in.post(f"/admin/webhooks/{endpoint.id}/edit", data={
        "url": receiver.url, "description": "Asks", "events": ["ask.opened", "ask.resolved"], "version": "1"})

    assert response.status_code == 302
    db.session.refresh(endpoint)
    assert (endpoint.events, endpoint.description, endpoint.version) == ("ask.opened ask.resolved", "Asks", 2)


def test_an_edit_made_on_an_old_version_is_refused_and_shows_the_current_settings(signed_in, receiver):
    endpoint = make_endpoint(receiver.url, ["ask.opened"])
    endpoint.description = "Changed by another admin"
    db.session.commit()

    response = signed_in.post(f"/admin/webhooks/{endpoint.id}/edit", data={
        "url": receiver.url, "description": "Mine", "events": ["ask.resolved"], "version": "1"})

    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Changed by another admin" in html and "Someone changed" in html
    db.session.refresh(endpoint)
    assert endpoint.events == "ask.opened"


def test_disable_enable_and_rotate(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    secret = endpoint.secret

    signed_in.post(f"/admin/webhooks/{endpoint.id}/disable")
    db.session.refresh(endpoint)
    assert not endpoint.is_active and endpoint.disabled_reason == "Disabled by an admin."
    signed_in.post(f"/admin/webhooks/{endpoint.id}/enable")
    signed_in.post(f"/admin/webhooks/{endpoint.id}/rotate")
    db.session.refresh(endpoint)
    assert endpoint.is_active and endpoint.disabled_reason is None and endpoint.secret != secret


def test_a_test_event_is_sent_and_logged_with_its_attempt(signed_in, receiver):
    endpoint = make_endpoint(receiver.url, ["ask.opened"])

    response = signed_in.post(f"/admin/webhooks/{endpoint.id}/test", follow_redirects=True)

    [request] = receiver.received
    assert request.json["type"] == events.TEST_EVENT
    html = response.get_data(as_text=True)
    assert "webhook.test" in html and "delivered" in html and "204" in html and "Redeliver" in html


def test_a_disabled_endpoint_sends_no_test_event(signed_in, receiver):
    endpoint = make_endpoint(receiver.url, active=False)

    response = signed_in.post(f"/admin/webhooks/{endpoint.id}/test", follow_redirects=True)

    assert "Enable the endpoint first" in response.get_data(as_text=True) and _count(WebhookDelivery) == 0


def test_redeliver_from_the_log(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    signed_in.post(f"/admin/webhooks/{endpoint.id}/test").close()   # its job runs as the response closes
    row = db.session.scalar(select(WebhookDelivery))

    response = signed_in.post(f"/admin/webhooks/deliveries/{row.id}/redeliver", follow_redirects=True)

    assert "Sending it again now" in response.get_data(as_text=True)
    assert len(receiver.received) == 2 and _count(WebhookAttempt) == 2
    assert "redelivery" in signed_in.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)


def test_the_log_shows_the_latest_first_twenty_to_a_page(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    start = utcnow() - timedelta(hours=1)
    for n in range(25):
        db.session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=f"msg_{n:03}", event_type="ask.opened",
                                       payload="{}", status=DeliveryStatus.FAILED, attempts=8,
                                       next_attempt_at=start, created_at=start + timedelta(minutes=n),
                                       last_status_code=500, last_error="The endpoint answered 500."))
    db.session.commit()

    first = signed_in.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    second = signed_in.get(f"/admin/webhooks/{endpoint.id}?page=2").get_data(as_text=True)

    assert first.index("msg_024") < first.index("msg_023") and "msg_004" not in first
    assert "msg_004" in second and "msg_000" in second and "msg_005" not in second
    assert signed_in.get(f"/admin/webhooks/{endpoint.id}?page=x").status_code == 200


def test_delete_removes_the_endpoint_with_its_log(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    signed_in.post(f"/admin/webhooks/{endpoint.id}/test").close()   # its job runs as the response closes

    response = signed_in.post(f"/admin/webhooks/{endpoint.id}/delete")

    assert response.status_code == 302
    assert (_count(WebhookEndpoint), _count(WebhookDelivery), _count(WebhookAttempt)) == (0, 0, 0)


def test_the_delete_button_asks_once(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    html = signed_in.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    assert re.search(r'action="/admin/webhooks/\d+/delete" class="inline-form" data-confirm=', html)


def test_every_form_needs_its_csrf_token(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)
    signed_in.post(f"/admin/webhooks/{endpoint.id}/test").close()   # its job runs as the response closes
    row = db.session.scalar(select(WebhookDelivery))
    urls = ["/admin/webhooks/new", f"/admin/webhooks/{endpoint.id}/edit", f"/admin/webhooks/{endpoint.id}/enable",
            f"/admin/webhooks/{endpoint.id}/disable", f"/admin/webhooks/{endpoint.id}/rotate",
            f"/admin/webhooks/{endpoint.id}/test", f"/admin/webhooks/{endpoint.id}/delete",
            f"/admin/webhooks/deliveries/{row.id}/redeliver"]
    for url in urls:
        response = signed_in.post(url, data={"url": receiver.url, "events": ["ask.opened"], "version": "1"},
                                  csrf=False)
        assert response.status_code == 400, url
    assert _count(WebhookEndpoint) == 1 and _count(WebhookDelivery) == 1


def test_people_who_are_not_admins_never_learn_an_endpoint_exists(client, auth, receiver):
    endpoint = make_endpoint(receiver.url)
    auth.login_as(make_user())
    assert client.get("/admin/webhooks/").status_code == 403
    assert client.get(f"/admin/webhooks/{endpoint.id}").status_code == 404
    assert client.post(f"/admin/webhooks/{endpoint.id}/delete").status_code == 404
    assert _count(WebhookEndpoint) == 1


def test_the_log_page_runs_the_same_queries_for_two_deliveries_as_for_twenty(signed_in, receiver):
    endpoint = make_endpoint(receiver.url)

    def add(count: int) -> None:
        for _ in range(count):
            row = WebhookDelivery(endpoint_id=endpoint.id, event_id=events.new_event_id(), event_type="ask.opened",
                                  payload="{}", status=DeliveryStatus.PENDING, attempts=2)
            db.session.add(row)
            db.session.flush()
            db.session.add_all([WebhookAttempt(delivery_id=row.id, status_code=500, duration_ms=3),
                                WebhookAttempt(delivery_id=row.id, error="Connection refused.", duration_ms=1)])
        db.session.commit()

    add(2)
    signed_in.get(f"/admin/webhooks/{endpoint.id}")   # warm up
    with count_queries() as few:
        signed_in.get(f"/admin/webhooks/{endpoint.id}")
    add(18)
    with count_queries() as many:
        signed_in.get(f"/admin/webhooks/{endpoint.id}")
    assert many.count == few.count <= 10


def test_the_edit_form_starts_from_the_endpoints_settings(signed_in, receiver):
    endpoint = make_endpoint(receiver.url, ["ask.opened", "certificate.issued"])

    html = signed_in.get(f"/admin/webhooks/{endpoint.id}/edit").get_data(as_text=True)

    checked = set(re.findall(r'<input checked[^>]*value="([a-z._]+)"', html))
    assert checked == {"ask.opened", "certificate.issued"}
    assert 'name="version" type="hidden" value="1"' in html and receiver.url.replace("&", "&amp;") in html
