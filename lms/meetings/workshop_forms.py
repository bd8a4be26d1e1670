"""The workshop forms. The services check the content; these check the shape."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.meetings.models import WorkshopKind
from lms.meetings.workshops import KIND_LABELS, MAX_MINUTES, MAX_SEATS, MIN_MINUTES
from lms.text import single_line

KIND_CHOICES = [SelectChoice(kind.value, KIND_LABELS[kind]) for kind in WorkshopKind]


class WorkshopForm(FlaskForm):
    kind = SelectField("Kind", choices=KIND_CHOICES, default=WorkshopKind.WORKSHOP.value)
    title = StringField("Title", validators=[DataRequired("Give the session a title."), Length(max=200)],
                        filters=[single_line])
    description = TextAreaField("Description", validators=[Optional(), Length(max=20_000)],
                                description="Markdown: **bold**, lists, links. What to bring, who it is for.")
    day = DateField("Date", validators=[InputRequired("Choose a date.")])
    start = TimeField("Start time", validators=[InputRequired("Choose a start time.")])
    minutes = IntegerField("Length in minutes", default=60, validators=[
        InputRequired("Say how long it lasts."),
        NumberRange(MIN_MINUTES, MAX_MINUTES, f"A session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.")])
    seats = IntegerField("Seats", default=20, validators=[
        InputRequired("Say how many people can join."), NumberRange(1, MAX_SEATS, f"Offer 1 to {MAX_SEATS} seats.")],
        description="When they are taken, people join a waitlist that moves up when someone cancels.")


class CancelWorkshopForm(FlaskForm):
    reason = TextAreaField("Why is it cancelled?", validators=[DataRequired("Say why, for the people registered."),
                                                               Length(max=2000)])


class RecordingForm(FlaskForm):
    recording_url = StringField("Recording link", validators=[Optional(), Length(max=500)], filters=[single_line],
                                description="An https:// link; leave empty to remove it.")


class AttendanceForm(FlaskForm):
    """The ticked boxes are read as ``came`` (user ids); the form carries the CSRF token."""
