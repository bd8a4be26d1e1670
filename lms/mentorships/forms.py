"""Forms of mentor requests and relationships: each lists its own fields, nothing else is read."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from lms.cohorts.models import CheckInAnswer, MentorshipRole
from lms.text import single_line

ROLE_CHOICES = [SelectChoice(MentorshipRole.PRIMARY.value, lazy_gettext("Primary mentor (reviews my work)")),
                SelectChoice(MentorshipRole.SKILL.value, lazy_gettext("Skill mentor for one skill"))]
CHECKIN_CHOICES = [SelectChoice(CheckInAnswer.GOING_WELL.value, lazy_gettext("Going well")),
                   SelectChoice(CheckInAnswer.MIXED.value, lazy_gettext("Mixed")),
                   SelectChoice(CheckInAnswer.NOT_A_GOOD_FIT.value, lazy_gettext("Not a good fit"))]
NONE = 0


def choices_of(users) -> list[SelectChoice]:
    return [SelectChoice(u.id, u.name) for u in users]


class MentorRequestForm(FlaskForm):
    pick_1 = SelectField(lazy_gettext("First choice"), coerce=int,
                         validators=[DataRequired(message=lazy_gettext("Choose a mentor."))])
    pick_2 = SelectField(lazy_gettext("Second choice (optional)"), coerce=int, validators=[Optional()])
    pick_3 = SelectField(lazy_gettext("Third choice (optional)"), coerce=int, validators=[Optional()])
    role = SelectField(lazy_gettext("What kind of mentor"), choices=ROLE_CHOICES, default=MentorshipRole.PRIMARY.value)
    skill = StringField(lazy_gettext("Skill (for a skill mentor)"), validators=[Length(max=60)], filters=[single_line])
    message = TextAreaField(lazy_gettext("A short message to the mentor"), validators=[Length(max=1000)],
                            description=lazy_gettext("What you hope to learn; they see it with your request."))

    def set_mentors(self, mentors) -> None:
        for name in ("pick_1", "pick_2", "pick_3"):
            getattr(self, name).choices = [SelectChoice(NONE, "—")] + choices_of(mentors)

    def picks(self) -> tuple[int, ...]:
        chosen = [self.pick_1.data, self.pick_2.data, self.pick_3.data]
        return tuple(i for i in chosen if i)


class AskAgainForm(FlaskForm):
    mentor_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class DeclineForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Why you cannot take this on"),
                           validators=[DataRequired(message=lazy_gettext("Say briefly why.")),
                                                                       Length(max=1000)])


class AssignRequestForm(FlaskForm):
    mentor_id = SelectField(lazy_gettext("Mentor"), coerce=int,
                            validators=[DataRequired(message=lazy_gettext("Choose a mentor."))])
    note = TextAreaField(lazy_gettext("Note (optional)"), validators=[Length(max=1000)])


class CloseRequestForm(FlaskForm):
    note = TextAreaField(lazy_gettext("Note for the learner"),
                         validators=[DataRequired(message=lazy_gettext("Write a short note.")),
                                                              Length(max=1000)])


class AgreementForm(FlaskForm):
    goals = TextAreaField(lazy_gettext("Goals it covers"), validators=[Length(max=2000)])
    cadence = StringField(lazy_gettext("How often you meet"), validators=[Length(max=120)], filters=[single_line],
                          description=lazy_gettext("For example: every other Tuesday, 30 minutes."))
    end_on = DateField(lazy_gettext("Agreed end date (optional)"), validators=[Optional()])
    version = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$",
                                                             message=lazy_gettext("Reload the page and try again."))])


class CheckInForm(FlaskForm):
    answer = RadioField(lazy_gettext("How is it going?"), choices=CHECKIN_CHOICES,
                        validators=[DataRequired(message=lazy_gettext("Choose an answer."))])
    comment = TextAreaField(lazy_gettext("Anything to add (optional)"), validators=[Length(max=2000)])


class ClosingSurveyForm(FlaskForm):
    rating = RadioField(lazy_gettext("How helpful was this mentoring?"), coerce=int,
                        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
                        validators=[InputRequired(message=lazy_gettext("Choose a rating from 1 to 5."))])
    comment = TextAreaField(lazy_gettext("Comment (optional)"), validators=[Length(max=2000)])
