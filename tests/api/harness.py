"""What the generic API tests share: the operations of the OpenAPI document, the two-cohort
world behind a module-scoped app, and real ids of cohort A's objects for path parameters.

The tests that use it (test_openapi_document.py, test_scopes.py, test_schemathesis.py)
read the operations from the generated document, so each resource a module adds is
covered the moment its blueprint is registered.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from lms import create_app
from lms.extensions import db
from tests.conftest import Client, _empty_all_tables, _test_config
from tests.factories.scenario import TwoCohorts
from tests.security.conftest import LIMITS, Keeper

DOCUMENT = "/api/v1/openapi.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROLES = ("learner_a", "mentor_a", "admin")


@dataclass(frozen=True)
class Operation:
    path: str             # as in the document: /api/v1/tracks/{slug}
    method: str           # upper case
    scope: str            # the one scope its security requirement names, e.g. "tracks:read"
    path_params: tuple[str, ...]

    @property
    def area(self) -> str:
        return self.scope.split(":")[0]

    @property
    def writes(self) -> bool:
        return self.scope.endswith(":write")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, values: dict) -> str:
        """The path with each parameter replaced by ``values[name]`` (``"1"`` when unknown)."""
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), self.path)


def operations(document: dict) -> list[Operation]:
    """Every operation of the document (the ones without exactly one scope say so in the name)."""
    found = []
    for path, item in sorted(document["paths"].items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            scopes = [scope for requirement in operation.get("security", []) for scope in requirement.get(
                "bearerAuth", [])]
            found.append(Operation(path, method.upper(), scopes[0] if len(scopes) == 1 else "?:?",
                                   tuple(re.findall(r"\{(\w+)\}", path))))
    return found


def world_values(world: TwoCohorts) -> dict:
    """Cohort A's objects by the path-parameter names of the API's URL conventions."""
    return {
        "slug": world.track_a, "cohort_id": world.cohort_a, "enrolment_id": world.enrollment_a,
        "user_id": world.learner_a, "submission_id": world.submission_a, "file_id": world.file_a,
        "review_id": world.review_a, "mentorship_id": world.requests_mentorship_a, "goal_id": world.plans_goal_a,
        "ask_id": world.ask_a, "booking_id": world.booking_a, "workshop_id": world.workshop_a,
        "certificate_id": world.certificate_a, "code": world.certificate_code_a,
    }


@contextmanager
def world_app(database_url: str, instance_path, **config):
    """An app on the two-cohort world, its context pushed: yields ``(app, keeper)``.

    ``keeper.current()`` gives the world, restored first when a test set ``keeper.dirty``.
    """
    app = create_app(_test_config(database_url, instance_path, **LIMITS, API_RATE_LIMIT=1_000_000,
                                  API_ANONYMOUS_LIMIT=1_000_000, **config))
    app.test_client_class = Client
    with app.app_context():
        try:
            yield app, Keeper()
        finally:
            db.session.rollback()
            _empty_all_tables()
            db.session.remove()
            db.engine.dispose()
