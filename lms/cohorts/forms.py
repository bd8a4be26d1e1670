"""Cohort forms."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from lms.auth.forms import TimeZoneField
from lms.cohorts.models import EnrollmentRole, ReviewPolicy
from lms.cohorts.services import parse_nudge_days
from lms.text import single_line

ROLE_CHOICES = [SelectChoice(EnrollmentRole.LEARNER.value, lazy_gettext("Learners")),
                SelectChoice(EnrollmentRole.MENTOR.value, lazy_gettext("Mentors"))]
POLICY_CHOICES = [SelectChoice(ReviewPolicy.ANY_MENTOR.value, lazy_gettext("Any mentor of the cohort")),
                  SelectChoice(ReviewPolicy.ASSIGNED_MENTOR.value, lazy_gettext("Only the learner's assigned mentor"))]
MAX_CSV_BYTES = 1024 * 1024


class CohortForm(FlaskForm):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)], filters=[single_line])
    track_id = SelectField(lazy_gettext("Track"), coerce=int, validators=[DataRequired()])
    starts_on = DateField(lazy_gettext("Starts on"), validators=[DataRequired()])
    ends_on = DateField(lazy_gettext("Ends on"), validators=[DataRequired()])
    timezone = TimeZoneField(lazy_gettext("Time zone"),
                             description=lazy_gettext("Deadlines fall at 23:59 in this time zone."))
    capacity = IntegerField(lazy_gettext("Capacity"), validators=[Optional(), NumberRange(min=0)],
                            description=lazy_gettext("Most learners who can enrol. Leave empty for no limit."))
    description = TextAreaField(lazy_gettext("Description"), validators=[Length(max=10000)],
                                description=lazy_gettext("Markdown. Learners see it on their cohort pages."))
    review_policy = SelectField(lazy_gettext("Who reviews a learner's work"), choices=POLICY_CHOICES)
    review_turnaround_hours = IntegerField(lazy_gettext("Review turnaround target (hours)"), default=48,
                                           validators=[DataRequired(), NumberRange(min=1, max=24 * 60)])
    learners_request_mentors = BooleanField(lazy_gettext("Learners may request mentors"),
                                            description=lazy_gettext("Otherwise only the program team assigns them."))
    request_response_days = IntegerField(lazy_gettext("Days a mentor has to answer a request"), default=3,
                                         validators=[DataRequired(), NumberRange(min=1, max=30)])
    ask_response_hours = IntegerField(lazy_gettext("Asks: response target (hours)"), default=24,
                                      validators=[Optional(), NumberRange(min=1, max=336)],
                                      description=lazy_gettext(
                                          "Unclaimed this long, an ask is offered to more mentors, "
                                          "then to the program team."))
    ask_nudge_days = StringField(lazy_gettext("Asks: reminders after (days)"), default="2,5,9", filters=[single_line],
                                 validators=[Optional(), Length(max=40)],
                                 description=lazy_gettext(
                                     "Whole days, increasing, 1 to 60, e.g. 2,5,9: whoever a thread "
                                     "waits on is reminded then."))
    ask_timeout_days = IntegerField(lazy_gettext("Asks: time out after (days)"), default=14,
                                    validators=[Optional(), NumberRange(min=1, max=90)],
                                    description=lazy_gettext(
                                        "A thread waiting this long times out (or, when the learner "
                                        "waited, goes back to the queue)."))
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$",
                          message=lazy_gettext("Reload the page and try again."))])

    def validate_ask_nudge_days(self, field) -> None:
        try:
            days = parse_nudge_days(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if self.ask_timeout_days.data and self.ask_timeout_days.data <= days[-1]:
            raise ValidationError(gettext("The last reminder must come before the time-out."))

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(gettext("The cohort cannot end before it starts."))


class AddPeopleForm(FlaskForm):
    users = SelectMultipleField(lazy_gettext("Existing users"), coerce=int, validate_choice=False)
    emails = TextAreaField(lazy_gettext("Emails"), validators=[Length(max=100_000)],
                           description=lazy_gettext("One a line. Add a name after a comma to invite someone new: "
                                                    "ana@example.org, Ana Lima"))
    role = SelectField(lazy_gettext("Enrol as"), choices=ROLE_CHOICES)
    credit_prior_work = BooleanField(
        lazy_gettext("Credit lessons and quizzes done in an earlier cohort of this track (marked as credited; "
                     "assignments are handed in again)"))

    def validate_emails(self, field) -> None:
        if not (field.data or "").strip() and not self.users.data:
            raise ValidationError(gettext("Find and tick people above, or type their emails."))


class CsvUploadForm(FlaskForm):
    file = FileField(lazy_gettext("CSV file"), validators=[FileRequired(lazy_gettext("Choose a CSV file."))],
                     description=lazy_gettext(
                         "Columns email, name and optionally mentor_email and credit_prior_work (yes/no); "
                         "a header row is optional; "
                         "comma or semicolon separated; UTF-8."))
    # Shown on the same page as AddPeopleForm: its own id, so each label names its own select.
    role = SelectField(lazy_gettext("Enrol as"), choices=ROLE_CHOICES, id="csv-role")

    def validate_file(self, field) -> None:
        data = field.data
        if data is not None:
            data.stream.seek(0, 2)
            size = data.stream.tell()
            data.stream.seek(0)
            if size > MAX_CSV_BYTES:
                raise ValidationError(gettext("The file is larger than 1 MB; split it into smaller files."))


class DeadlineForm(FlaskForm):
    due = DateTimeLocalField(lazy_gettext("Due (cohort time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])


class MaxMenteesForm(FlaskForm):
    max_mentees = IntegerField(lazy_gettext("Most mentees"), validators=[Optional(), NumberRange(min=0, max=1000)])


class MentorChangesForm(FlaskForm):
    """Only the CSRF token: the rows (``mentor-<id>``, ``was-<id>``) are read by ``mentor_changes.parse``."""


class AssignMentorForm(FlaskForm):
    mentor_id = SelectField(lazy_gettext("Mentor"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                            validate_choice=False)


# --- Matching: pairs never matched (issue 12) ---

class ExclusionForm(FlaskForm):
    learner_id = SelectField(lazy_gettext("Never pair"), coerce=int,
                             validators=[DataRequired(message=lazy_gettext("Choose a learner."))])
    mentor_id = SelectField(lazy_gettext("with"), coerce=int,
                            validators=[DataRequired(message=lazy_gettext("Choose a mentor."))])
    reason = StringField(lazy_gettext("Reason"), validators=[Length(max=500)], filters=[single_line],
                         description=lazy_gettext("Seen by admins only, e.g. “client and their own contractor”."))
