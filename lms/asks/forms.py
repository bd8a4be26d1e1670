"""The asks forms. Services check the content; these check the shape."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.asks.models import AskRating, AskUrgency
from lms.text import single_line

URGENCY_CHOICES = [SelectChoice(AskUrgency.LOW.value, "Low: this week is fine"),
                   SelectChoice(AskUrgency.NORMAL.value, "Normal: in a day or two"),
                   SelectChoice(AskUrgency.URGENT.value, "Urgent: today, if at all possible")]
RATING_CHOICES = [SelectChoice(AskRating.HELPFUL.value, "Helpful"),
                  SelectChoice(AskRating.SOMEWHAT.value, "Somewhat helpful"),
                  SelectChoice(AskRating.NOT_HELPFUL.value, "Not helpful")]
_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message="Reload the page and try again.")


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class AskForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give your ask a short title."), Length(max=200)],
                        filters=[single_line], description="One line, e.g. “15 minutes on my pricing table”.")
    body = TextAreaField("Your question", validators=[DataRequired("Write your question."), Length(max=20_000)],
                         description="Markdown: **bold**, lists, `code`, links, tables.")
    lesson_id = SelectField("About a lesson", coerce=_optional_int, validators=[Optional()])
    submission_id = SelectField("About one of your hand-ins", coerce=_optional_int, validators=[Optional()])
    skill = StringField("Skill", validators=[Optional(), Length(max=60)], filters=[single_line],
                        description="Optional, e.g. “css” or “pricing”: mentors with this skill see it first.")
    urgency = RadioField("How urgent is it?", choices=URGENCY_CHOICES, default=AskUrgency.NORMAL.value)
    files = MultipleFileField("Files")
    # A fresh key per rendered form: a double-click or a resent form opens the ask once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])

    def __init__(self, *args, lessons=(), submissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())
        self.lesson_id.choices = [SelectChoice("", "— none —")] + [SelectChoice(lesson.id, lesson.title)
                                                                   for lesson in lessons]
        self.submission_id.choices = [SelectChoice("", "— none —")] + [SelectChoice(s.id, s.lesson.title)
                                                                       for s in submissions]


class ReplyForm(FlaskForm):
    # A fresh key per rendered form: a double-click or a resent form posts the reply once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])
    body = TextAreaField("Your reply", validators=[DataRequired("Write your reply."), Length(max=20_000)],
                         description="Markdown: **bold**, lists, `code`, links, tables.")
    files = MultipleFileField("Files")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())


class HandOverForm(FlaskForm):
    to_mentor = SelectField("Hand over to", coerce=_optional_int, validators=[DataRequired("Choose a mentor.")])
    note = TextAreaField("Note for them", validators=[Optional(), Length(max=2000)],
                         description="What you found so far, what the learner needs.")

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_mentor.choices = [SelectChoice("", "— choose —")] + [SelectChoice(m.id, m.name) for m in mentors]


class RateForm(FlaskForm):
    rating = RadioField("How helpful was the answer?", choices=RATING_CHOICES, validators=[Optional()])
    thanks_note = TextAreaField("Thank-you note (optional)", validators=[Optional(), Length(max=1000)])
    thanks_public = BooleanField("The note may be shown on the mentor’s profile")


class ShowThanksForm(FlaskForm):
    shown = HiddenField(validators=[Regexp(r"^[01]$")])
