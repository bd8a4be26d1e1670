"""The OpenAPI document at /api/v1/openapi.json: valid OpenAPI 3.1, and complete enough that
a client (and Schemathesis) can rely on it for every operation the app routes."""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from lms.api.scopes import SCOPES
from tests.api.harness import DOCUMENT, operations

PROBLEM = "application/problem+json"


@pytest.fixture
def document(client):
    response = client.get(DOCUMENT)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = document["components"][kind][name]
    return node


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_the_document_lists_operations(document):
    assert len(operations(document)) >= 2  # at least the tracks; each resource module adds its own


def test_every_operation_has_a_summary(document):
    assert [str(op) for op in operations(document)
            if not document["paths"][op.path][op.method.lower()].get("summary", "").strip()] == []


def test_every_operation_requires_a_token_with_exactly_one_known_scope(document):
    wrong = {}
    for op in operations(document):
        security = document["paths"][op.path][op.method.lower()].get("security")
        if security is None or len(security) != 1 or list(security[0]) != ["bearerAuth"] \
                or len(security[0]["bearerAuth"]) != 1 or security[0]["bearerAuth"][0] not in SCOPES:
            wrong[str(op)] = security
    assert wrong == {}, "each operation needs @blp.scoped(area, write=...)"
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}


@pytest.mark.parametrize("status", ["401", "403", "429"])
def test_every_operation_documents_its_refusals_as_problems(document, status):
    missing = []
    for op in operations(document):
        response = document["paths"][op.path][op.method.lower()]["responses"].get(status)
        content = _resolve(document, response).get("content", {}) if response else {}
        schema = content.get(PROBLEM, {}).get("schema")
        if schema is None or not {"type", "title", "status", "detail"} <= set(
                _resolve(document, schema).get("required", [])):
            missing.append(str(op))
    assert missing == []


def test_every_path_parameter_is_documented(document):
    undocumented = []
    for op in operations(document):
        item = document["paths"][op.path]
        declared = {_resolve(document, p)["name"] for p in item.get("parameters", []) + item[op.method.lower()].get(
            "parameters", []) if _resolve(document, p)["in"] == "path"}
        undocumented += [f"{op}: {name}" for name in op.path_params if name not in declared]
        undocumented += [f"{op}: {name} is not in the path" for name in declared - set(op.path_params)]
    assert undocumented == []


def _documented_path(rule: str) -> str:
    """``/api/v1/cohorts/<int:cohort_id>`` as OpenAPI writes it: ``/api/v1/cohorts/{cohort_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_every_api_route_is_in_the_document_and_every_documented_operation_is_routed(app, document):
    routed = {(_documented_path(rule.rule), method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api_") for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(op.path, op.method) for op in operations(document)}
    assert sorted(routed - documented) == [], "routed but not documented"
    assert sorted(documented - routed) == [], "documented but not routed"
