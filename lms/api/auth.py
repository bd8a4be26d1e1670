"""Who is calling: a bearer token on every API request, counted against its rate limit.

The API takes no cookies: a session does not authenticate it (so no cross-site request
can act through it), and a request without a usable token is a 401. A token makes its
person the ``current_user`` of the request, so every rule in ``lms.permissions`` answers
for the token exactly as for that person's pages; its scopes can only narrow that.
"""
from __future__ import annotations

from flask import current_app, g, request
from flask_login import AnonymousUserMixin

from lms import ratelimit
from lms.api import tokens
from lms.api.problems import ApiProblem
from lms.api.scopes import grants, needed
from lms.extensions import db

CHALLENGE = 'Bearer realm="lms"'


def _limits() -> tuple[int, int]:
    return current_app.config["API_RATE_LIMIT"], current_app.config["API_RATE_WINDOW_SECONDS"]


def _refuse_unauthenticated(detail: str, error: str | None) -> None:
    # Guessing tokens is hopeless (256 bits), but a flood of wrong ones is still refused.
    ratelimit.limit(f"api:anonymous:{request.remote_addr}", current_app.config["API_ANONYMOUS_LIMIT"],
                    current_app.config["API_RATE_WINDOW_SECONDS"])
    challenge = CHALLENGE + (f', error="{error}"' if error else "")
    raise ApiProblem(401, detail, code=error or "unauthenticated", headers={"WWW-Authenticate": challenge})


def authenticate() -> None:
    """``before_request`` of every API blueprint."""
    g._login_user = AnonymousUserMixin()  # never the session's user
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        _refuse_unauthenticated("Send a token: Authorization: Bearer <token>.", None)
    token = tokens.find_usable(raw.strip())
    if token is None:
        _refuse_unauthenticated("This token cannot be used: it is mistyped, expired or revoked, "
                                "or its account no longer has the rights it carried.", "invalid_token")
    limit, window = _limits()
    usage = ratelimit.attempt(f"api:token:{token.id}", window)
    g.api_rate = (limit, max(limit - usage.count, 0), usage.retry_after)
    if usage.count > limit:
        raise ApiProblem(429, f"This token made more than {limit} requests in {window} seconds. "
                              f"Try again in {usage.retry_after} seconds.", code="rate-limited",
                         headers={"Retry-After": str(usage.retry_after), **rate_headers()})
    if tokens.mark_used(token):
        # Kept even if the request fails. Only when due (once a minute): a commit expires the
        # token and its person, and reading them again costs two statements.
        db.session.commit()
    g.api_token = token
    g._login_user = token.user


def rate_headers() -> dict[str, str]:
    if "api_rate" not in g:
        return {}
    limit, remaining, reset = g.api_rate
    window = current_app.config["API_RATE_WINDOW_SECONDS"]
    return {"RateLimit-Policy": f'"token";q={limit};w={window}',
            "RateLimit": f'"token";r={remaining};t={reset}',
            "RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining), "RateLimit-Reset": str(reset)}


def add_headers(response):
    """``after_request``: the rate-limit state, and no shared caching of personal answers."""
    response.headers.update(rate_headers())
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.vary.add("Authorization")
    return response


def require_scope(area: str, *, write: bool = False) -> None:
    token = g.get("api_token")
    if token is None or not grants(token.scope_set, area, write=write):
        scope = needed(area, write)
        raise ApiProblem(403, f"This token lacks the scope {scope}.", code="insufficient_scope",
                         headers={"WWW-Authenticate": f'{CHALLENGE}, error="insufficient_scope", scope="{scope}"'})


def current_token():
    return g.get("api_token")
