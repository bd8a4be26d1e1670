"""``Idempotency-Key`` on creating POSTs (lms/api/idempotency.py), through a test-only
resource: an ``ApiBlueprint`` registered in this module that creates a track.

A retry gets the first answer (``Idempotent-Replayed: true``) and creates nothing; the key
sent with another body is a 422; a failed request leaves no key; two requests racing with
one key create one object, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import threading
import time

import marshmallow as ma
import pytest
from sqlalchemy import func, select

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.models import IdempotencyKey
from lms.api.problems import invalid
from lms.extensions import csrf, db
from lms.tracks.models import Track
from tests.conftest import Client, _empty_all_tables
from tests.factories.api import bearer, make_token
from tests.factories.auth import make_admin

probe = ApiBlueprint("idempotency_probe", __name__, url_prefix="/api/v1/idempotency-probe")
PAUSE = {"seconds": 0.0}   # how long a creation takes, to make two requests overlap


class NewTrack(ma.Schema):
    slug = ma.fields.String(required=True, validate=ma.validate.Length(1, 40))
    title = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))


class CreatedTrack(NewTrack):
    id = ma.fields.Integer(required=True)


@probe.route("/", methods=["POST"])
@idempotent
@probe.scoped("tracks", write=True)
@probe.arguments(NewTrack)
@probe.response(201, CreatedTrack)
def create(data):
    """Create a track (tests only)."""
    if data["slug"] == "refused":
        raise invalid("slug", "This slug is refused.")
    track = Track(slug=data["slug"], title=data["title"])
    db.session.add(track)
    db.session.flush()
    time.sleep(PAUSE["seconds"])
    db.session.commit()
    return {"id": track.id, **data}, 201, {"Location": f"/api/v1/tracks/{track.slug}"}


@pytest.fixture
def probe_app(app_factory):
    app = app_factory()
    app.extensions["lms_api"].register_blueprint(probe)
    csrf.exempt(probe)
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def caller(probe_app):
    raw = make_token(make_admin())
    client = probe_app.test_client()

    def post(body, key="key-1", **headers):
        return client.post("/api/v1/idempotency-probe/", json=body, csrf=False,
                           headers=bearer(raw, **({"Idempotency-Key": key} if key is not None else {}), **headers))
    return post


def _tracks() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(Track))


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(caller):
    first = caller({"slug": "one", "title": "One"})
    again = caller({"slug": "one", "title": "One"})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _tracks() == 1


def test_without_a_key_each_request_creates(caller):
    assert caller({"slug": "a", "title": "A"}, key=None).status_code == 201
    assert caller({"slug": "b", "title": "B"}, key=None).status_code == 201
    assert _tracks() == 2


def test_the_same_key_with_another_body_is_a_422_naming_the_header(caller):
    assert caller({"slug": "one", "title": "One"}).status_code == 201
    response = caller({"slug": "two", "title": "Two"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "Idempotency-Key" in response.get_json()["errors"]
    assert _tracks() == 1


def test_a_failed_request_leaves_no_key_so_the_corrected_retry_runs(caller):
    refused = caller({"slug": "refused", "title": "R"}, key="k")
    assert refused.status_code == 422 and db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    invalid_body = caller({"slug": "x"}, key="k")
    assert invalid_body.status_code == 422
    corrected = caller({"slug": "refused", "title": "R"}, key="k2")
    assert corrected.status_code == 422
    assert caller({"slug": "fine", "title": "Fine"}, key="k").status_code == 201
    assert _tracks() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there"])
def test_a_malformed_key_is_a_400(caller, key):
    response = caller({"slug": "one", "title": "One"}, key=key)
    assert response.status_code == 400 and response.get_json()["type"].endswith("invalid-idempotency-key")
    assert _tracks() == 0


def test_keys_belong_to_their_token(probe_app, caller):
    assert caller({"slug": "one", "title": "One"}, key="shared").status_code == 201
    other = probe_app.test_client().post("/api/v1/idempotency-probe/", json={"slug": "two", "title": "Two"},
                                         csrf=False, headers=bearer(make_token(make_admin()), **{
                                             "Idempotency-Key": "shared"}))
    assert other.status_code == 201 and "Idempotent-Replayed" not in other.headers
    assert _tracks() == 2


def test_two_requests_racing_with_one_key_create_one_object(probe_app, caller):
    PAUSE["seconds"] = 0.3
    start, answers = threading.Barrier(2), []

    def send():
        with probe_app.app_context():
            start.wait()
            response = caller({"slug": "raced", "title": "Raced"}, key="race")
            answers.append((response.status_code, response.headers.get("Idempotent-Replayed")))
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        PAUSE["seconds"] = 0.0
    statuses = sorted(status for status, _ in answers)
    # The second either waited for the first and replayed its answer, or was told to retry (409).
    assert statuses in ([201, 201], [201, 409]), answers
    assert _tracks() == 1
