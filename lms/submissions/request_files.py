"""The files of a form, read from the request for the services (hand-ins, asks, posts): each
read up to one byte past ``SUBMISSION_MAX_FILE_BYTES``, so a service can refuse a file that is
too large without the whole of it ever being held in memory. For views only."""
from __future__ import annotations

from flask import current_app, request

from lms.submissions.services import UploadedFile


def uploads(field: str = "files") -> list[UploadedFile]:
    limit = current_app.config["SUBMISSION_MAX_FILE_BYTES"]
    return [UploadedFile(filename=f.filename, data=f.stream.read(limit + 1))
            for f in request.files.getlist(field) if f and f.filename]
