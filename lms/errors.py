"""Error pages: HTML for people, JSON for API clients."""
from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from lms.extensions import db

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have access to this page.",
    404: "We could not find that page.",
    405: "That action is not allowed here.",
    409: "Someone else changed this at the same time.",
    413: "The upload is larger than allowed.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. It has been logged.",
}


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


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def render_error(code: int, message: str | None = None):
    message = message or MESSAGES.get(code, "Error")
    if _wants_json():
        return jsonify(error=message, status=code), code
    return render_template("errors/error.html", code=code, message=message), code


def _handle_http(error: HTTPException):
    # A description given where the error was raised is meant for the user;
    # Werkzeug's class defaults are not.
    custom = error.description if error.description != type(error).description else None
    body, code = render_error(error.code or 500, custom)
    response = error.get_response()
    response.set_data(body if isinstance(body, str) else body.get_data())
    response.mimetype = "application/json" if _wants_json() else "text/html"
    return response, code


def _handle_csrf(error: CSRFError):
    return render_error(400, "This form has expired or was not sent from our site. "
                             "Please go back, reload the page and try again.")


def _handle_value_out_of_range(error: Exception):
    # A value the database cannot hold, such as a number too large for its column (SQLite
    # raises OverflowError before sending it, PostgreSQL a DataError), came from the
    # request: the client's mistake, not a crash. Logged, in case it was ours after all.
    db.session.rollback()
    current_app.logger.warning("Refused a value the database cannot hold: %s", error)
    return render_error(400, "A value in the request is out of range.")


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
