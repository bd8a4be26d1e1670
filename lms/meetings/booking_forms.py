"""The session forms. They check the shape; the services (bookings, booking_changes, booking_notes) decide."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message="Reload the page and try again.")
_DIGITS = {"mentor_id": r"^\d{1,9}$", "minutes": r"^\d{1,3}$"}
_MARKDOWN = "Markdown: **bold**, lists, `code`, links."


def parse_start(value: str | None) -> datetime | None:
    """An ISO moment (``2027-01-04T09:00:00+00:00`` or ``...Z``); None when it is not one."""
    if not value or len(value) > 40 or "\x00" in value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
    # Far-off years would overflow date arithmetic; nobody books outside this range.
    return moment if 2000 <= moment.year <= 2200 else None


class _StartField(StringField):
    """The chosen slot's start, rendered by the template as one radio button per free slot."""

    def pre_validate(self, form):
        if self.data and parse_start(self.data) is None:
            raise ValidationError("Pick one of the times shown.")

    @property
    def moment(self) -> datetime | None:
        return parse_start(self.data)


class BookingForm(FlaskForm):
    mentor_id = HiddenField(validators=[DataRequired("Choose a mentor."),
                                        Regexp(_DIGITS["mentor_id"], message="Choose a mentor.")])
    minutes = HiddenField(validators=[DataRequired("Choose a length."),
                                      Regexp(_DIGITS["minutes"], message="Choose a length.")])
    starts = _StartField("Time", validators=[DataRequired("Pick one of the times shown."), Length(max=40)])
    about = SelectField("What is it about?", validators=[Optional()], validate_choice=False)
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=5000)],
                           description="What you would like to talk about. " + _MARKDOWN)
    # A fresh key per rendered form: a double-click or a resent form books once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])

    def __init__(self, *args, links=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())
        links = links or {}
        choices = [SelectChoice("", "— nothing in particular —")]
        choices += [SelectChoice(f"ask:{a.id}", f"Ask: {a.title}") for a in links.get("asks", [])]
        choices += [SelectChoice(f"goal:{g.id}", f"Goal: {g.title}") for g in links.get("goals", [])]
        choices += [SelectChoice(f"submission:{s.id}", f"Hand-in: {s.lesson.title}")
                    for s in links.get("submissions", [])]
        self.about.choices = choices

    def about_ids(self) -> dict[str, int | None] | None:
        """``{"ask_id": .., "goal_id": .., "submission_id": ..}``, or None when ``about`` is malformed."""
        ids = {"ask_id": None, "goal_id": None, "submission_id": None}
        value = (self.about.data or "").strip()
        if not value:
            return ids
        kind, _, number = value.partition(":")
        if kind not in ("ask", "goal", "submission") or not number.isdigit() or len(number) > 9:
            return None
        ids[f"{kind}_id"] = int(number)
        return ids


class RescheduleForm(FlaskForm):
    minutes = HiddenField(validators=[DataRequired("Choose a length."),
                                      Regexp(_DIGITS["minutes"], message="Choose a length.")])
    starts = _StartField("New time", validators=[DataRequired("Pick one of the times shown."), Length(max=40)])
    reason = TextAreaField("Why (optional)", validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired("Give a reason: the other person reads it."),
                                                 Length(max=2000)])


class AttendanceForm(FlaskForm):
    attended = RadioField("Did the learner come?", choices=[SelectChoice("yes", "Attended"),
                                                                   SelectChoice("no", "Did not come (no-show)")],
                          validators=[InputRequired("Choose one.")])


class NoteForm(FlaskForm):
    shared = HiddenField(validators=[DataRequired(), Regexp(r"^(0|1)$")])
    version = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])
    body = TextAreaField("Note", validators=[Optional(), Length(max=20_000)], description=_MARKDOWN)
