"""Track forms."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class TrackUploadForm(FlaskForm):
    archive = FileField(lazy_gettext("Track archive (.zip)"), validators=[
        FileRequired(lazy_gettext("Choose a .zip file of one track folder.")),
        FileAllowed(["zip"], lazy_gettext("Upload a .zip file of one track folder.")),
    ], description=lazy_gettext("A .zip of one track folder (track.md, lessons, images). You will see the check "
                                "results before anything is imported."))


class ConfirmForm(FlaskForm):
    """Just the CSRF token: confirming an import or discarding an upload."""
