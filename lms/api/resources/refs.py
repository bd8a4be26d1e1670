"""What the mentoring-side resources share: a person as ``{id, name}`` and the hidden 404."""
from __future__ import annotations

import marshmallow as ma

from lms.api.problems import ApiProblem


class PersonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


def person(user) -> dict | None:
    """``{id, name}`` (never an email: contact details follow their own rule), or None."""
    return None if user is None else {"id": user.id, "name": user.name}


def not_found(noun: str) -> ApiProblem:
    """The one answer for "does not exist" and "you may not see it" (never leak existence)."""
    return ApiProblem(404, f"No such {noun}, or you may not see it.", code="not-found")
