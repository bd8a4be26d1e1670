"""The endpoint form: where to send, what it is for, which events, and the version it edits."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from lms.webhooks.events import EVENT_TYPES


class EndpointForm(FlaskForm):
    url = StringField("URL", validators=[DataRequired(message="Enter the URL that receives the events."),
                                         Length(max=2000, message="Keep the URL under 2,000 characters.")],
                      description="An https:// address on the public internet, e.g. https://hooks.example.org/lms.")
    description = StringField("Description", validators=[Length(max=200)],
                              description="What receives them, e.g. “HR sync” or “Zapier: new enrolments”.")
    events = SelectMultipleField("Events", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                 choices=[SelectChoice(name, f"{name}: {text}") for name, text in EVENT_TYPES.items()],
                                 validators=[DataRequired(message="Choose at least one event.")])
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$", message="Reload the page and try again.")])
