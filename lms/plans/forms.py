"""Plan forms: each lists its fields, so nothing else posted reaches a goal."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from lms.plans.models import GoalStatus, NoteVisibility
from lms.text import single_line

_VERSION = [Optional(), Regexp(r"^\d{1,9}$", message=lazy_gettext("Reload the page and try again."))]


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes (readable on a phone, unlike a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GoalForm(FlaskForm):
    title = StringField(lazy_gettext("What do you want to achieve?"), validators=[DataRequired(), Length(max=200)],
                        filters=[single_line])
    why = TextAreaField(lazy_gettext("Why does it matter to you?"), validators=[Length(max=5000)])
    measure = TextAreaField(lazy_gettext("How will you know you got there?"), validators=[Length(max=5000)],
                            description=lazy_gettext("Something you can check, e.g. “three paid projects” or "
                                                     "“Proficient on Scope clarity in a review”."))
    target_on = DateField(lazy_gettext("Target date"), validators=[Optional()])
    skills = CheckboxList(lazy_gettext("Skills it builds"), validate_choice=False,
                          description=lazy_gettext("From your tracks and your profile."))
    criteria = CheckboxList(lazy_gettext("Rubric criteria to follow"), validate_choice=False,
                            description=lazy_gettext("Your progress on the goal is then read from your reviewed work."))
    cite_as_evidence = BooleanField(lazy_gettext("Show this achieved goal on my certificates and in my Open Badges "
                                                 "as evidence"))
    version = HiddenField(validators=_VERSION)


class FirstGoalsForm(FlaskForm):
    """The welcome step: up to three goals, titles only; all empty skips."""

    goal_1 = StringField(lazy_gettext("First goal"), validators=[Length(max=200)], filters=[single_line])
    goal_2 = StringField(lazy_gettext("Second goal (optional)"), validators=[Length(max=200)], filters=[single_line])
    goal_3 = StringField(lazy_gettext("Third goal (optional)"), validators=[Length(max=200)], filters=[single_line])

    def titles(self) -> list[str]:
        return [field.data for field in (self.goal_1, self.goal_2, self.goal_3) if field.data]


STATUS_CHOICES = [SelectChoice(GoalStatus.NOT_STARTED.value, lazy_gettext("not started")),
                  SelectChoice(GoalStatus.IN_PROGRESS.value, lazy_gettext("in progress")),
                  SelectChoice(GoalStatus.ACHIEVED.value, lazy_gettext("achieved")),
                  SelectChoice(GoalStatus.DROPPED.value, lazy_gettext("dropped"))]


class GoalStatusForm(FlaskForm):
    to = SelectField(lazy_gettext("New status"), choices=STATUS_CHOICES)
    version = HiddenField(validators=_VERSION)


class VersionForm(FlaskForm):
    """A button that acts on the goal as the person saw it (delete)."""

    version = HiddenField(validators=_VERSION)


class CheckInForm(FlaskForm):
    body = TextAreaField(lazy_gettext("Note"), validators=[DataRequired(), Length(max=10000)],
                         description=lazy_gettext("Markdown. What you discussed, what to try next."))
    visibility = SelectField(lazy_gettext("Who sees it"), choices=[
        SelectChoice(NoteVisibility.SHARED.value, lazy_gettext("The learner, their mentors and admins")),
        SelectChoice(NoteVisibility.MENTORS.value, lazy_gettext("Only mentors and admins (private)"))])
