"""Track forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class TrackUploadForm(FlaskForm):
    archive = FileField("Track archive (.zip)", validators=[
        FileRequired("Choose a .zip file of one track folder."),
        FileAllowed(["zip"], "Upload a .zip file of one track folder."),
    ], description="A .zip of one track folder (track.md, lessons, images). You will see the check "
                   "results before anything is imported.")


class ConfirmForm(FlaskForm):
    """Just the CSRF token: confirming an import or discarding an upload."""
