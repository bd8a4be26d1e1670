"""Who may reach what through the API: every operation, per actor, each with a token
carrying every scope (so only the person's rights decide), against cohort A's objects.

Like tests/security/test_authorization_matrix.py for the pages: ``MATRIX`` has one row
per API operation (endpoint and method) with the status each actor must get: "anon"
(no token) is always 401. A refused write must change nothing in the database; an
operation without a row fails ``test_every_api_operation_has_a_row``. Each area's
scopes are tested apart in test_scopes.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from flask import url_for

from lms import create_app
from lms.extensions import db
from tests.conftest import Client, _empty_all_tables, _test_config
from tests.factories.api import bearer
from tests.factories.scenario import TwoCohorts
from tests.security.conftest import ACTORS, LIMITS, Keeper, changed_tables, snapshot

REFUSALS = (401, 403, 404)


@dataclass(frozen=True)
class Row:
    values: Callable[[TwoCohorts], dict]
    expected: dict
    body: Callable[[TwoCohorts], dict] | None = None
    headers: Callable[[TwoCohorts], dict] | None = None


def row(values, learner_a, learner_b, mentor_a, mentor_b, admin, *, body=None, headers=None) -> Row:
    answers = (401, learner_a, learner_b, mentor_a, mentor_b, admin)
    return Row(values, dict(zip(ACTORS, answers, strict=True)), body, headers)


def _none(w):
    return {}


# One row per operation: (endpoint, method) -> row(url values, learner A, learner B, mentor A, mentor B, admin).
MATRIX: dict[tuple[str, str], Row] = {
    ("api_tracks.list_tracks", "GET"): row(_none, 200, 200, 200, 200, 200),
    ("api_tracks.get_track", "GET"): row(lambda w: {"slug": w.track_a}, 200, 404, 200, 404, 200),
}


# --- the world, built once per module and restored after a cell changed it ---------------

@pytest.fixture(scope="module")
def _matrix_app(_schema, tmp_path_factory):
    app = create_app(_test_config(_schema, tmp_path_factory.mktemp("api-matrix-instance"), **LIMITS,
                                  API_RATE_LIMIT=1_000_000))
    app.test_client_class = Client
    with app.app_context():
        yield app, Keeper()
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(_matrix_app):
    return _matrix_app[0]


@pytest.fixture
def world(_matrix_app) -> TwoCohorts:
    return _matrix_app[1].current()


@pytest.fixture
def keeper(_matrix_app) -> Keeper:
    return _matrix_app[1]


def _cells():
    cells = [(endpoint, method, actor) for (endpoint, method) in MATRIX for actor in ACTORS]
    return sorted(cells, key=lambda c: (c[1] != "GET", c[0], MATRIX[c[0], c[1]].expected[c[2]] not in REFUSALS))


@pytest.mark.parametrize("endpoint, method, actor", _cells(), ids=lambda v: v)
def test_api_cell(app, client, world, keeper, endpoint, method, actor):
    spec = MATRIX[endpoint, method]
    expected = spec.expected[actor]
    with app.test_request_context():
        url = url_for(endpoint, **spec.values(world))
    raw = world.api_token_of(actor)
    headers = {**(bearer(raw) if raw else {}), **(spec.headers(world) if spec.headers else {})}
    before = snapshot() if method != "GET" else None
    response = client.open(url, method=method, headers=headers, json=spec.body(world) if spec.body else None,
                           csrf=False)
    assert response.status_code == expected, (
        f"{method} {url} as {actor}: expected {expected}, "
        f"got {response.status_code} {response.get_data(as_text=True)[:300]}")
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
    if before is not None:
        changed = [name for name in changed_tables(before, snapshot()) if name not in ("api_token",)]
        if expected in REFUSALS:
            assert changed == [], f"{method} {url} refused {actor} but changed {changed}"
        keeper.dirty = True


def test_every_api_operation_has_a_row(app):
    operations = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api_")
                  for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(operations - MATRIX.keys())
    stale = sorted(MATRIX.keys() - operations)
    assert missing == [], f"API operations without a row in MATRIX (add one): {missing}"
    assert stale == [], f"rows for operations that no longer exist: {stale}"
