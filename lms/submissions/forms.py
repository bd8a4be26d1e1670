"""The hand-in form."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from lms.submissions.files import human_size


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AttemptForm(FlaskForm):
    # A fresh key per rendered form: a double-click or a retried POST carries the same one.
    idempotency_key = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f-]{32,36}$")])
    text = TextAreaField(lazy_gettext("Your answer"), validators=[Optional()],
                         description=lazy_gettext("Markdown: **bold**, lists, `code`, links, tables."))
    url = StringField(lazy_gettext("Link"), validators=[Optional(), Length(max=2000)],
                      description=lazy_gettext("A public http:// or https:// address, e.g. your repository or site."))
    files = MultipleFileField(lazy_gettext("Files"))
    carry_files = CheckboxListField(lazy_gettext("Keep files from your previous attempt"), coerce=int,
                                    validate_choice=True)
    preview = SubmitField(lazy_gettext("Preview"))
    submit = SubmitField(lazy_gettext("Hand in"))

    def __init__(self, *args, previous_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.carry_files.choices = [(f.id, f"{f.filename} ({human_size(f.size)})") for f in previous_files]
        if not self.idempotency_key.data:
            self.idempotency_key.data = str(uuid.uuid4())
