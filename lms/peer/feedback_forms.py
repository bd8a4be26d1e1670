"""Forms of the author's and the mentors' feedback on peer reviews (CSRF through Flask-WTF)."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from lms.peer.feedback import REASON_MAX


class HelpfulForm(FlaskForm):
    helpful = RadioField(lazy_gettext("Was this peer review helpful?"),
                         choices=[SelectChoice("yes", lazy_gettext("Helpful")),
                                  SelectChoice("no", lazy_gettext("Not helpful"))],
                         validators=[DataRequired(message=lazy_gettext("Choose helpful or not helpful."))])


class ReportForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("What is wrong with this review?"),
                           validators=[DataRequired(message=lazy_gettext("Say what is wrong, so a mentor can look "
                                                                         "into it.")),
                                       Length(max=REASON_MAX)],
                           description=lazy_gettext("Only the cohort's mentors read this. The review is hidden from "
                                                    "you until a mentor has looked."))


class SettleForm(FlaskForm):
    outcome = RadioField(lazy_gettext("Decision"),
                         choices=[SelectChoice("clear", lazy_gettext("Clear: show it to the author again")),
                                  SelectChoice("uphold", lazy_gettext("Uphold: keep it hidden from the author"))],
                         validators=[DataRequired(message=lazy_gettext("Choose to clear or to uphold the report."))])
