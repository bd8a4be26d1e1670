"""Forms of peer mentoring: each carries the CSRF token; bad input re-renders with messages."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.peermentors.services import REASON_MAX_CHARS


class InviteForm(FlaskForm):
    user_id = IntegerField(lazy_gettext("Graduate"), validators=[DataRequired(), NumberRange(1, 2**31 - 1)])


class AnswerForm(FlaskForm):
    accept = SubmitField(lazy_gettext("Accept"))
    decline = SubmitField(lazy_gettext("Decline"))


class EndSeatForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Reason"), validators=[Optional(), Length(max=REASON_MAX_CHARS)],
                           description=lazy_gettext("The graduate sees it. Needed when an admin ends the seat."))


class PairForm(FlaskForm):
    enrollment_id = SelectField(lazy_gettext("Learner"), coerce=int, validate_choice=True)

    def set_learners(self, learners) -> None:
        self.enrollment_id.choices = [(e.id, e.user.name) for e in learners]
