"""The endpoint form: where to send, what it is for, which events, and the version it edits."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from lms.webhooks.events import EVENT_TYPES

# What each event means, as the form describes it (the event names themselves stay as sent).
EVENT_LABELS = {
    "enrolment.created": lazy_gettext("Someone was enrolled (or enrolled again)"),
    "enrolment.withdrawn": lazy_gettext("An enrolment was withdrawn"),
    "submission.created": lazy_gettext("A learner handed in work"),
    "review.decided": lazy_gettext("A mentor decided on an attempt"),
    "ask.opened": lazy_gettext("A learner opened an ask"),
    "ask.resolved": lazy_gettext("An ask was resolved"),
    "session.booked": lazy_gettext("A one-to-one session was booked"),
    "session.cancelled": lazy_gettext("A one-to-one session was cancelled"),
    "certificate.issued": lazy_gettext("A certificate was issued"),
    "certificate.revoked": lazy_gettext("A certificate was revoked"),
}


def event_label(name: str) -> str:
    return gettext("%(event)s: %(meaning)s", event=name, meaning=EVENT_LABELS.get(name, EVENT_TYPES.get(name, "")))


class EndpointForm(FlaskForm):
    url = StringField("URL", validators=[
        DataRequired(message=lazy_gettext("Enter the URL that receives the events.")),
        Length(max=2000, message=lazy_gettext("Keep the URL under 2,000 characters."))],
                      description=lazy_gettext("An https:// address on the public internet, e.g. "
                                               "https://hooks.example.org/lms."))
    description = StringField(lazy_gettext("Description"), validators=[Length(max=200)],
                              description=lazy_gettext("What receives them, e.g. “HR sync” or “Zapier: new "
                                                       "enrolments”."))
    events = SelectMultipleField(lazy_gettext("Events"), widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(),
                                 validators=[DataRequired(message=lazy_gettext("Choose at least one event."))])
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$",
                                                         message=lazy_gettext("Reload the page and try again."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events.choices = [SelectChoice(name, event_label(name)) for name in EVENT_TYPES]
