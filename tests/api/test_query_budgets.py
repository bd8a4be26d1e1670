"""Query budgets of the API's lists: a page costs a constant number of SQL statements,
whatever the number of rows (no N+1).

Every list of the OpenAPI document (a GET without path parameters answering a page of
``data`` and ``next_cursor``) stays within ``LIST_BUDGET`` statements on the two-cohort
world for learner A, mentor A and the admin; the tracks list costs the same at 10 and at
10,000 tracks. (A resource module with a list adds its own two-size test beside its tests:
growing each kind of row needs that resource's factories.)
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import insert

from lms.extensions import db
from lms.tracks.models import Track
from tests.api.harness import DOCUMENT, ROLES, operations, world_app
from tests.factories.api import bearer, make_token
from tests.factories.auth import make_admin
from tests.querycount import count_queries

# Authentication (the token, its person, its last use), the page itself and what it
# loads in bulk: well under this for every list.
LIST_BUDGET = 15


def _is_list(document: dict, op) -> bool:
    if op.method != "GET" or op.path_params:
        return False
    content = document["paths"][op.path]["get"]["responses"].get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return {"data", "next_cursor"} <= set(schema.get("properties", {}))


@pytest.fixture(scope="module")
def _budget_app(_schema, tmp_path_factory):
    with world_app(_schema, tmp_path_factory.mktemp("api-budgets")) as (app, keeper):
        keeper.current()
        yield app, keeper


@pytest.mark.parametrize("role", ROLES)
def test_every_list_answers_within_its_query_budget(_budget_app, role):
    app, keeper = _budget_app
    world = keeper.current()
    client = app.test_client()
    document = client.get(DOCUMENT).get_json()
    lists = [op for op in operations(document) if _is_list(document, op)]
    assert lists, "the tracks list at least"
    over = {}
    for op in lists:
        client.get(op.path, headers=bearer(world.api_token_of(role)))  # warm: the token's last use is written
        with count_queries() as queries:
            response = client.get(op.path, headers=bearer(world.api_token_of(role)))
        # 403: a list this role may not read at all (people's accounts are for admins).
        assert response.status_code in (200, 403), (str(op), response.get_data(as_text=True)[:300])
        if queries.count > LIST_BUDGET:
            over[str(op)] = queries
    assert over == {}


def _tracks_list_queries(client, raw: str) -> tuple[int, float, int]:
    client.get("/api/v1/tracks/", headers=bearer(raw))
    started = time.perf_counter()
    with count_queries() as queries:
        response = client.get("/api/v1/tracks/", headers=bearer(raw))
    assert response.status_code == 200
    return queries.count, time.perf_counter() - started, len(response.get_json()["data"])


def test_the_tracks_list_costs_the_same_at_10_and_10000_tracks(app, client):
    raw = make_token(make_admin())
    db.session.execute(insert(Track), [{"slug": f"bulk-{n}", "title": f"Track {n}"} for n in range(10)])
    db.session.commit()
    small, _, shown = _tracks_list_queries(client, raw)
    assert 10 <= shown < 50
    db.session.execute(insert(Track), [{"slug": f"bulk-{n}", "title": f"Track {n}"} for n in range(10, 10_000)])
    db.session.commit()
    large, seconds, shown = _tracks_list_queries(client, raw)
    assert shown == 50
    print(f"tracks list: {small} queries at 10 tracks, {large} at 10,000 ({seconds * 1000:.0f} ms)")
    assert small == large <= LIST_BUDGET
    assert seconds < 2, f"one page of 10,000 tracks took {seconds:.2f} s"
