"""Error pages: HTML for people, JSON for API clients."""
from __future__ import annotations

from flask import Flask, Response, current_app, json, jsonify, render_template, request
from flask_babel import force_locale, lazy_gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from lms.extensions import db

# What people read on an error page (in their language); API clients get the English text.
MESSAGES = {
    400: lazy_gettext("The request could not be understood."),
    403: lazy_gettext("You do not have access to this page."),
    404: lazy_gettext("We could not find that page."),
    405: lazy_gettext("That action is not allowed here."),
    409: lazy_gettext("Someone else changed this at the same time."),
    412: lazy_gettext("This changed since you read it: read it again and send its new ETag in If-Match."),
    413: lazy_gettext("The upload is larger than allowed."),
    415: lazy_gettext("Send the body as JSON (Content-Type: application/json)."),
    428: lazy_gettext("Send the ETag you read in an If-Match header, so that a change made meanwhile is never "
                      "overwritten."),
    429: lazy_gettext("Too many attempts. Please wait a minute and try again."),
    500: lazy_gettext("Something went wrong on our side. It has been logged."),
}
CSRF_MESSAGE = lazy_gettext("This form has expired or was not sent from our site. "
                            "Please go back, reload the page and try again.")
OUT_OF_RANGE_MESSAGE = lazy_gettext("A value in the request is out of range.")


class DomainError(Exception):
    """Base class for errors raised by services; views turn them into messages."""


class PermissionDenied(DomainError):
    """The actor may not do this."""


class NotFound(DomainError):
    """The object does not exist, or the actor may not know it exists."""


class InvalidTransition(DomainError):
    """A status change its state machine does not allow now; the message is safe to show.

    ``lms.states.transition`` raises it; features may subclass it so their views can
    catch it with their other errors.
    """


PROBLEM_TYPES = "https://lms.invalid/problems/"  # stable identifiers, not links to follow
PROBLEM_TITLES = {
    400: "Bad request", 401: "Authentication required", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 412: "Precondition failed", 413: "Too large",
    415: "Unsupported media type", 422: "Invalid input", 428: "Precondition required",
    429: "Too many requests", 500: "Internal error",
}


def problem_response(status: int, detail: str, *, code: str | None = None, errors: dict | None = None,
                     headers: dict | None = None) -> Response:
    """An RFC 9457 problem (``application/problem+json``): the API's one error shape."""
    body = {"type": PROBLEM_TYPES + (code or str(status)), "title": PROBLEM_TITLES.get(status, "Error"),
            "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    response.headers.update(headers or {})
    return response


def field_errors(messages) -> dict[str, list[str]]:
    """webargs/marshmallow messages ({"json": {"name": [...]}}, nested) as {"name": [...]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat.setdefault(prefix or "_", []).extend(value)
        else:
            flat.setdefault(prefix or "_", []).append(str(value))

    for location in messages.values() if isinstance(messages, dict) else [messages]:
        walk("", location)
    return flat


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def _default_message(code: int) -> str:
    return str(MESSAGES.get(code) or lazy_gettext("Error"))


def render_error(code: int, message: str | None = None):
    """The error page in the reader's language. API clients get problem+json in English (it is
    machine-facing): the defaults and lazy messages are read in English there."""
    if _is_api():
        with force_locale("en"):
            message = str(message) if message else _default_message(code)
        return problem_response(code, message), code
    message = str(message) if message else _default_message(code)
    if _wants_json():
        return jsonify(error=message, status=code), code
    return render_template("errors/error.html", code=code, message=message), code


def _handle_http(error: HTTPException):
    # A description given where the error was raised is meant for the user;
    # Werkzeug's class defaults are not.
    custom = error.description if error.description != type(error).description else None
    body, code = render_error(error.code or 500, custom)
    if _is_api():
        messages = (getattr(error, "data", None) or {}).get("messages")
        if messages:  # webargs: the fields that were wrong
            body = problem_response(code, "Some fields are not valid.", code="invalid-fields",
                                    errors=field_errors(messages))
        body.headers.update({k: v for k, v in error.get_headers() if k.lower() != "content-type"})
        return body, code
    response = error.get_response()
    response.set_data(body if isinstance(body, str) else body.get_data())
    response.mimetype = "application/json" if _wants_json() else "text/html"
    return response, code


def _handle_csrf(error: CSRFError):
    return render_error(400, CSRF_MESSAGE)


def _handle_value_out_of_range(error: Exception):
    # A value the database cannot hold, such as a number too large for its column (SQLite
    # raises OverflowError before sending it, PostgreSQL a DataError), came from the
    # request: the client's mistake, not a crash. Logged, in case it was ours after all.
    db.session.rollback()
    current_app.logger.warning("Refused a value the database cannot hold: %s", error)
    return render_error(400, OUT_OF_RANGE_MESSAGE)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(PermissionDenied, lambda e: render_error(403))
    app.register_error_handler(NotFound, lambda e: render_error(404))
    # A refusal a view forgot to catch is still the user's conflict, not our crash.
    app.register_error_handler(InvalidTransition, lambda e: render_error(409, str(e)))
    app.register_error_handler(DataError, _handle_value_out_of_range)
    app.register_error_handler(OverflowError, _handle_value_out_of_range)

    @app.errorhandler(500)
    def _internal(error):
        return render_error(500)
