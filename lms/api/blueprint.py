"""``ApiBlueprint``: a flask-smorest blueprint that authenticates every request.

``@blp.scoped("cohorts", write=True)`` both checks the token's scope at run time and
writes it into the OpenAPI document, so the two cannot disagree.
"""
from __future__ import annotations

from functools import wraps

import flask_smorest

from lms.api.auth import add_headers, authenticate, require_scope
from lms.api.scopes import needed

# Every operation may answer these; documented once per operation by ``scoped``.
COMMON_PROBLEMS = (401, 403, 404, 429)


class ApiBlueprint(flask_smorest.Blueprint):
    def __init__(self, name: str, import_name: str, **options) -> None:
        super().__init__(f"api_{name}", import_name, **options)
        self.area_name = name  # the tag of its operations in the document
        self.before_request(authenticate)
        self.after_request(add_headers)

    def scoped(self, area: str, *, write: bool = False):
        scope = needed(area, write)

        def decorator(view):
            @wraps(view)
            def checked(*args, **kwargs):
                require_scope(area, write=write)
                return view(*args, **kwargs)

            documented = self.doc(security=[{"bearerAuth": [scope]}], tags=[self.area_name])(checked)
            for status in COMMON_PROBLEMS:
                documented = self.alt_response(status, response="PROBLEM", description=_PHRASES[status])(documented)
            return documented
        return decorator


_PHRASES = {401: "No usable token", 403: "The token's scope or its person's rights do not allow this",
            404: "Not found, or not visible to this token", 429: "Rate limit exceeded"}
