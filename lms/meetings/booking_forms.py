"""The session forms. They check the shape; the services (bookings, booking_changes, booking_notes) decide."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message=lazy_gettext("Reload the page and try again."))
_DIGITS = {"mentor_id": r"^\d{1,9}$", "minutes": r"^\d{1,3}$"}
_MARKDOWN = lazy_gettext("Markdown: **bold**, lists, `code`, links.")


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
            raise ValidationError(gettext("Pick one of the times shown."))

    @property
    def moment(self) -> datetime | None:
        return parse_start(self.data)


class BookingForm(FlaskForm):
    mentor_id = HiddenField(validators=[DataRequired(lazy_gettext("Choose a mentor.")),
                                        Regexp(_DIGITS["mentor_id"], message=lazy_gettext("Choose a mentor."))])
    minutes = HiddenField(validators=[DataRequired(lazy_gettext("Choose a length.")),
                                      Regexp(_DIGITS["minutes"], message=lazy_gettext("Choose a length."))])
    starts = _StartField(lazy_gettext("Time"),
                         validators=[DataRequired(lazy_gettext("Pick one of the times shown.")), Length(max=40)])
    about = SelectField(lazy_gettext("What is it about?"), validators=[Optional()], validate_choice=False)
    agenda = TextAreaField(lazy_gettext("Agenda"), validators=[Optional(), Length(max=5000)],
                           description=lazy_gettext("What you would like to talk about. Markdown: **bold**, lists, "
                                                    "`code`, links."))
    # A fresh key per rendered form: a double-click or a resent form books once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])

    def __init__(self, *args, links=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())
        links = links or {}
        choices = [SelectChoice("", gettext("— nothing in particular —"))]
        choices += [SelectChoice(f"ask:{a.id}", gettext("Ask: %(title)s", title=a.title))
                    for a in links.get("asks", [])]
        choices += [SelectChoice(f"goal:{g.id}", gettext("Goal: %(title)s", title=g.title))
                    for g in links.get("goals", [])]
        choices += [SelectChoice(f"submission:{s.id}", gettext("Hand-in: %(title)s", title=s.lesson.title))
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
    minutes = HiddenField(validators=[DataRequired(lazy_gettext("Choose a length.")),
                                      Regexp(_DIGITS["minutes"], message=lazy_gettext("Choose a length."))])
    starts = _StartField(lazy_gettext("New time"),
                         validators=[DataRequired(lazy_gettext("Pick one of the times shown.")), Length(max=40)])
    reason = TextAreaField(lazy_gettext("Why (optional)"), validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Reason"),
                           validators=[DataRequired(lazy_gettext("Give a reason: the other person reads it.")),
                                                 Length(max=2000)])


class AttendanceForm(FlaskForm):
    attended = RadioField(lazy_gettext("Did the learner come?"),
                          choices=[SelectChoice("yes", lazy_gettext("Attended")),
                                   SelectChoice("no", lazy_gettext("Did not come (no-show)"))],
                          validators=[InputRequired(lazy_gettext("Choose one."))])


class NoteForm(FlaskForm):
    shared = HiddenField(validators=[DataRequired(), Regexp(r"^(0|1)$")])
    version = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])
    body = TextAreaField(lazy_gettext("Note"), validators=[Optional(), Length(max=20_000)], description=_MARKDOWN)
