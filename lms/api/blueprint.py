"""``ApiBlueprint``: a flask-smorest blueprint that authenticates every request.

``@blp.scoped("cohorts", write=True)`` both checks the token's scope at run time and
writes it into the OpenAPI document, so the two cannot disagree.

The API answers in English whatever its token's person reads (docs/translating.md: problem
details are machine-facing): each request runs inside ``speaking_to(language="en")``, so the
messages of the services it calls (translated for pages) come back in English.
"""
from __future__ import annotations

from contextlib import ExitStack
from functools import wraps

import flask_smorest
from flask import g

from lms.api.auth import add_headers, authenticate, require_scope
from lms.api.scopes import needed
from lms.i18n.recipients import speaking_to

# Every operation may answer these; documented once per operation by ``scoped``.
COMMON_PROBLEMS = (401, 403, 404, 429)


class ApiBlueprint(flask_smorest.Blueprint):
    def __init__(self, name: str, import_name: str, **options) -> None:
        super().__init__(f"api_{name}", import_name, **options)
        self.area_name = name  # the tag of its operations in the document
        self.before_request(_speak_english)
        self.before_request(authenticate)
        self.after_request(add_headers)
        self.teardown_request(_stop_speaking_english)

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


_ENGLISH = "lms_api_english"


def _speak_english() -> None:
    stack = ExitStack()
    stack.enter_context(speaking_to(language="en", timezone="UTC"))
    setattr(g, _ENGLISH, stack)


def _stop_speaking_english(_error=None) -> None:
    stack = g.pop(_ENGLISH, None)
    if stack is not None:
        stack.close()


_PHRASES = {401: "No usable token", 403: "The token's scope or its person's rights do not allow this",
            404: "Not found, or not visible to this token", 429: "Rate limit exceeded"}
