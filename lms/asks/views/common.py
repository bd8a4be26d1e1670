"""What the asks views share: loading an ask the viewer may see, reading uploads, form errors."""
from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from lms import permissions
from lms.asks import queries
from lms.asks.files import UploadedFile


def visible_ask(ask_id: int):
    """The ask, or 404 when it does not exist or the viewer may not know it does."""
    ask = queries.load_ask(ask_id)
    permissions.require(ask is not None and permissions.can_view_ask(current_user, ask), hide=True)
    return ask


def uploads() -> list[UploadedFile]:
    limit = current_app.config["SUBMISSION_MAX_FILE_BYTES"]
    return [UploadedFile(filename=f.filename, data=f.stream.read(limit + 1))
            for f in request.files.getlist("files") if f and f.filename]


def copy_errors(form, errors: dict[str, list[str]]) -> None:
    """A service's messages next to the fields they are about."""
    for name, messages in errors.items():
        target = getattr(form, name, None)
        if target is None:
            form.form_errors.extend(messages)
        else:
            target.errors = list(target.errors) + messages
