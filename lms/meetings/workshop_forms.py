"""The workshop forms. The services check the content; these check the shape."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.meetings.models import WorkshopKind
from lms.meetings.workshops import KIND_LABELS, MAX_MINUTES, MAX_SEATS, MIN_MINUTES
from lms.text import single_line

KIND_CHOICES = [SelectChoice(kind.value, KIND_LABELS[kind]) for kind in WorkshopKind]


class WorkshopForm(FlaskForm):
    kind = SelectField(lazy_gettext("Kind"), choices=KIND_CHOICES, default=WorkshopKind.WORKSHOP.value)
    title = StringField(lazy_gettext("Title"),
                        validators=[DataRequired(lazy_gettext("Give the session a title.")), Length(max=200)],
                        filters=[single_line])
    description = TextAreaField(lazy_gettext("Description"), validators=[Optional(), Length(max=20_000)],
                                description=lazy_gettext("Markdown: **bold**, lists, links. What to bring, who it "
                                                         "is for."))
    day = DateField(lazy_gettext("Date"), validators=[InputRequired(lazy_gettext("Choose a date."))])
    start = TimeField(lazy_gettext("Start time"), validators=[InputRequired(lazy_gettext("Choose a start time."))])
    minutes = IntegerField(lazy_gettext("Length in minutes"), default=60, validators=[
        InputRequired(lazy_gettext("Say how long it lasts.")),
        NumberRange(MIN_MINUTES, MAX_MINUTES, lazy_gettext("A session lasts %(low)s to %(high)s minutes.",
                                                           low=MIN_MINUTES, high=MAX_MINUTES))])
    seats = IntegerField(lazy_gettext("Seats"), default=20, validators=[
        InputRequired(lazy_gettext("Say how many people can join.")),
        NumberRange(1, MAX_SEATS, lazy_gettext("Offer 1 to %(num)s seats.", num=MAX_SEATS))],
        description=lazy_gettext("When they are taken, people join a waitlist that moves up when someone cancels."))


class CancelWorkshopForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Why is it cancelled?"),
                           validators=[DataRequired(lazy_gettext("Say why, for the people registered.")),
                                                               Length(max=2000)])


class RecordingForm(FlaskForm):
    recording_url = StringField(lazy_gettext("Recording link"), validators=[Optional(), Length(max=500)],
                                filters=[single_line],
                                description=lazy_gettext("An https:// link; leave empty to remove it."))


class AttendanceForm(FlaskForm):
    """The ticked boxes are read as ``came`` (user ids); the form carries the CSRF token."""
