"""Refusals of the API as RFC 9457 problem details (``application/problem+json``).

Every refusal has ``type``, ``title``, ``status`` and ``detail``; field errors add
``errors`` (field name to messages). ``lms.errors.problem_response`` writes them, for
these and for every HTTP error of a path under ``/api/`` (a 404 from routing reads like
a 404 from a view, a webargs 422 lists its fields).
"""
from __future__ import annotations

from flask import Response

from lms.errors import problem_response


class ApiProblem(Exception):
    """Raise from an API view; the app answers it as a problem response."""

    def __init__(self, status: int, detail: str, *, code: str | None = None,
                 errors: dict | None = None, headers: dict | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.errors, self.headers = status, detail, code, errors, headers or {}


def from_exception(error: ApiProblem) -> Response:
    return problem_response(error.status, error.detail, code=error.code, errors=error.errors, headers=error.headers)


def invalid(field: str, message: str) -> ApiProblem:
    """A 422 naming the one field that is wrong (services' refusals, mapped by a view)."""
    return ApiProblem(422, message, code="invalid-fields", errors={field: [message]})
