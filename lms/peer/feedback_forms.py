"""Forms of the author's and the mentors' feedback on peer reviews (CSRF through Flask-WTF)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from lms.peer.feedback import REASON_MAX


class HelpfulForm(FlaskForm):
    helpful = RadioField("Was this peer review helpful?",
                         choices=[SelectChoice("yes", "Helpful"), SelectChoice("no", "Not helpful")],
                         validators=[DataRequired(message="Choose helpful or not helpful.")])


class ReportForm(FlaskForm):
    reason = TextAreaField("What is wrong with this review?",
                           validators=[DataRequired(message="Say what is wrong, so a mentor can look into it."),
                                       Length(max=REASON_MAX)],
                           description="Only the cohort's mentors read this. The review is hidden from you "
                                       "until a mentor has looked.")


class SettleForm(FlaskForm):
    outcome = RadioField("Decision", choices=[SelectChoice("clear", "Clear: show it to the author again"),
                                              SelectChoice("uphold", "Uphold: keep it hidden from the author")],
                         validators=[DataRequired(message="Choose to clear or to uphold the report.")])
