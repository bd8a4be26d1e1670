"""Schemathesis against the live app (in-process, WSGI) on the two-cohort world: every
operation of the OpenAPI document, with the admin's, mentor A's and learner A's tokens.

For each operation and caller, Hypothesis generates requests (deterministically) from the
document, both valid ones and ones that break it (some of those without the token, to see
the documented 401), half with cohort A's real ids in the path (so the happy paths run)
and half with generated ones. Every answer must

- never be a 5xx;
- conform to the document: a documented status code, content type, headers and body schema;
- read nothing of cohort B for learner A and mentor A (``reads_nothing_of_cohort_b``).

Operations that change data run against a world restored afterwards.
"""
from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms.auth.models import User
from lms.extensions import db
from tests.api.harness import DOCUMENT, ROLES, world_app, world_values
from tests.factories.scenario import TwoCohorts

EXAMPLES_PER_OPERATION = 12


@pytest.fixture(scope="module")
def _fuzz_app(_schema, tmp_path_factory):
    with world_app(_schema, tmp_path_factory.mktemp("api-schemathesis")) as (app, keeper):
        keeper.current()
        yield app, keeper, schemathesis.openapi.from_wsgi(DOCUMENT, app)


# --- "no token reads what its user may not" ------------------------------------------------

# Keys whose values are people's ids (a plain "id" is ambiguous across kinds, so not used).
PERSON_KEYS = ("user_id", "learner_id", "mentor_id", "author_id", "reviewer_id", "owner_id", "person_id",
               "host_id", "created_by_id", "decided_by_id")


class CohortB:
    """What marks an object of cohort B in an answer, and how to find it.

    Limits, by design: it looks at ids only under keys that name their kind (``cohort_id``,
    ``user_id``, ``learner_id``, …, and ``id`` inside an object under such a key, e.g.
    ``"cohort": {"id": …}``), at track B's slug under ``slug``/``track_slug``, and at
    cohort B's people's email addresses anywhere in the text (unique strings, so no false
    alarm). An object of cohort B that carries none of these (say, a review answered as
    ``{"id": 7, "text": …}``) escapes it: that is what tests/api/test_api_matrix.py's rows
    for each single-object read, and each resource's own list tests, are for.
    """

    def __init__(self, world: TwoCohorts) -> None:
        self.cohort = world.cohort_b
        self.people = {world.learner_b, world.mentor_b}
        self.slug = world.track_b
        self.emails = [db.session.get(User, person).email for person in sorted(self.people)]

    def leaks(self, text: str) -> list[str]:
        found = [f"the email {email}" for email in self.emails if email in text]
        try:
            body = json.loads(text)
        except ValueError:
            return found
        return found + list(self._walk(body, ""))

    def _walk(self, node, where: str):
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from self._walk(item, f"{where}[{index}]")
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            here = f"{where}.{key}"
            if isinstance(value, bool) or value is None:
                continue
            if key.endswith("cohort_id") and value == self.cohort:
                yield f"{here} = {value} (cohort B)"
            elif key.endswith(PERSON_KEYS) and value in self.people:
                yield f"{here} = {value} (a person of cohort B)"
            elif key in ("slug", "track_slug") and value == self.slug:
                yield f"{here} = {value!r} (track B)"
            elif key == "cohort" and isinstance(value, dict) and value.get("id") == self.cohort:
                yield f"{here}.id = {self.cohort} (cohort B)"
            elif key in ("user", "learner", "mentor", "author", "reviewer", "host") and isinstance(value, dict) \
                    and value.get("id") in self.people:
                yield f"{here}.id = {value['id']} (a person of cohort B)"
            else:
                yield from self._walk(value, here)


def _cohort_b_markers() -> CohortB:
    check = CohortB.__new__(CohortB)
    check.cohort, check.people, check.slug, check.emails = 2, {7, 8}, "track-b", ["b@example.com"]
    return check


def test_the_cohort_b_check_ignores_ids_of_other_kinds_and_cohort_a():
    body = {"data": [{"id": 2, "cohort_id": 1, "user_id": 3, "lesson_id": 7, "slug": "track-a"}],
            "next_cursor": None}
    assert _cohort_b_markers().leaks(json.dumps(body)) == []
    assert _cohort_b_markers().leaks("not json") == []


def test_the_cohort_b_check_finds_cohort_b_its_people_its_track_and_its_emails():
    check = _cohort_b_markers()
    assert check.leaks(json.dumps({"data": [{"cohort_id": 2}]})) == [".data[0].cohort_id = 2 (cohort B)"]
    found = check.leaks(json.dumps({"mentor": {"id": 8}, "items": [{"learner_id": 7}], "slug": "track-b",
                                    "cohort": {"id": 2}}))
    assert len(found) == 4
    assert check.leaks(json.dumps({"note": "write to b@example.com"})) == ["the email b@example.com"]


def _no_cohort_b_check(cohort_b: CohortB):
    def reads_nothing_of_cohort_b(ctx, response, case):
        if 200 <= response.status_code < 300:
            leaks = cohort_b.leaks(response.text)
            if leaks:
                raise AssertionError(f"{case.method} {case.formatted_path} answered objects of cohort B: {leaks}")
        return None
    return reads_nothing_of_cohort_b


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def _strategy(operation, values: dict):
    known = {name: values[name] for name in _path_names(operation) if name in values}
    strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    if known:
        strategies.append(operation.as_strategy(path_parameters=known))
        strategies.append(operation.as_strategy(path_parameters=known, generation_mode=GenerationMode.NEGATIVE))
    return st.one_of(strategies)


def _path_names(operation) -> list[str]:
    return [parameter.name for parameter in operation.path_parameters]


def _run(operation, strategy, headers: dict, checks: list) -> None:
    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    run()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented_and_reads_nothing_beyond_its_caller(_fuzz_app, role):
    app, keeper, schema = _fuzz_app
    failures = {}
    ran = 0
    for result in schema.get_all_operations():
        world = keeper.current()
        headers = {"Authorization": f"Bearer {world.api_token_of(role)}"}
        checks = CHECKS + ([] if role == "admin" else [_no_cohort_b_check(CohortB(world))])
        label, method = "(an operation Schemathesis could not read)", "POST"
        try:
            operation = result.ok()
            label, method = operation.label, operation.method.upper()
            _run(operation, _strategy(operation, world_values(world)), headers, checks)
        except (Exception, BaseExceptionGroup) as error:  # every operation runs; all failures are shown
            failures[label] = str(error)[:2000]
        finally:
            keeper.dirty = method != "GET"
        ran += 1
    assert ran >= 2
    assert failures == {}, "\n\n".join(f"{label}:\n{error}" for label, error in failures.items())
