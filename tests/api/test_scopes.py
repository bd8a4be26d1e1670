"""The token scope matrix, generated from the OpenAPI document: every operation × every
scope × learner A, mentor A and the admin, each with a token holding that one scope.

A scope that does not grant the operation's area (``area:write`` grants reads and writes,
``area:read`` only reads) is a 403 ``insufficient_scope``, before anything else is looked
at; a scope that grants it never is (the person's rights may still refuse: 403/404).
Writes send a body no request schema accepts, and the world is restored after any write
that succeeded anyway, so the cells are independent.
"""
from __future__ import annotations

import pytest

from lms.api.scopes import AREAS, SCOPES, grants
from lms.auth.models import User
from lms.extensions import db
from tests.api.harness import DOCUMENT, ROLES, operations, world_app, world_values
from tests.factories.api import bearer, make_token
from tests.security.conftest import snapshot

PROBE_BODY = {"__scope_probe__": True}   # unknown to every request schema: a 422 when the scope grants


@pytest.fixture(scope="module")
def _scopes_app(_schema, tmp_path_factory):
    with world_app(_schema, tmp_path_factory.mktemp("api-scopes")) as (app, keeper):
        world = keeper.current()
        tokens = {(role, scope): make_token(db.session.get(User, getattr(world, role)), [scope], name=scope)
                  for role in ROLES for scope in SCOPES}
        keeper.pristine = snapshot()
        document = app.test_client().get(DOCUMENT).get_json()
        yield app, keeper, tokens, operations(document)


def _is_insufficient_scope(response) -> bool:
    return response.status_code == 403 and response.mimetype == "application/problem+json" \
        and response.get_json()["type"].endswith("insufficient_scope")


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_a_token_with_one_scope_reaches_exactly_the_operations_of_its_area(_scopes_app, role, scope):
    app, keeper, tokens, ops = _scopes_app
    world = keeper.current()
    client, values = app.test_client(), world_values(world)
    wrong = []
    for op in ops:
        if op.area not in AREAS:
            wrong.append(f"{op} names no scope of a known area (see test_openapi_document.py)")
            continue
        granted = grants(frozenset({scope}), op.area, write=op.writes)
        headers = bearer(tokens[role, scope], **({"If-Match": "*"} if op.method in ("PATCH", "PUT") else {}))
        response = client.open(op.url(values), method=op.method, headers=headers,
                               json=PROBE_BODY if op.method != "GET" else None)
        if op.method != "GET" and response.status_code < 300:
            keeper.dirty = True
            world = keeper.current()
        refused = _is_insufficient_scope(response)
        if granted == refused:
            wrong.append(f"{op} with {scope}: {response.status_code} {response.get_data(as_text=True)[:120]}")
        elif refused:
            assert f'scope="{op.scope}"' in response.headers["WWW-Authenticate"]
    assert wrong == []
