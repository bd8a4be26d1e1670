"""The asks forms. Services check the content; these check the shape."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.asks.models import AskRating, AskUrgency
from lms.text import single_line

URGENCY_CHOICES = [SelectChoice(AskUrgency.LOW.value, lazy_gettext("Low: this week is fine")),
                   SelectChoice(AskUrgency.NORMAL.value, lazy_gettext("Normal: in a day or two")),
                   SelectChoice(AskUrgency.URGENT.value, lazy_gettext("Urgent: today, if at all possible"))]
RATING_CHOICES = [SelectChoice(AskRating.HELPFUL.value, lazy_gettext("Helpful")),
                  SelectChoice(AskRating.SOMEWHAT.value, lazy_gettext("Somewhat helpful")),
                  SelectChoice(AskRating.NOT_HELPFUL.value, lazy_gettext("Not helpful"))]
_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message=lazy_gettext("Reload the page and try again."))


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class AskForm(FlaskForm):
    title = StringField(lazy_gettext("Title"),
                        validators=[DataRequired(lazy_gettext("Give your ask a short title.")), Length(max=200)],
                        filters=[single_line],
                        description=lazy_gettext("One line, e.g. “15 minutes on my pricing table”."))
    body = TextAreaField(lazy_gettext("Your question"),
                         validators=[DataRequired(lazy_gettext("Write your question.")), Length(max=20_000)],
                         description=lazy_gettext("Markdown: **bold**, lists, `code`, links, tables."))
    lesson_id = SelectField(lazy_gettext("About a lesson"), coerce=_optional_int, validators=[Optional()])
    submission_id = SelectField(lazy_gettext("About one of your hand-ins"), coerce=_optional_int,
                                validators=[Optional()])
    skill = StringField(lazy_gettext("Skill"), validators=[Optional(), Length(max=60)], filters=[single_line],
                        description=lazy_gettext("Optional, e.g. “css” or “pricing”: mentors with this skill "
                                                 "see it first."))
    urgency = RadioField(lazy_gettext("How urgent is it?"), choices=URGENCY_CHOICES, default=AskUrgency.NORMAL.value)
    files = MultipleFileField(lazy_gettext("Files"))
    # A fresh key per rendered form: a double-click or a resent form opens the ask once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])

    def __init__(self, *args, lessons=(), submissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())
        self.lesson_id.choices = [SelectChoice("", lazy_gettext("— none —"))] + [SelectChoice(lesson.id, lesson.title)
                                                                   for lesson in lessons]
        self.submission_id.choices = [SelectChoice("", lazy_gettext("— none —"))] + [SelectChoice(s.id, s.lesson.title)
                                                                       for s in submissions]


class ReplyForm(FlaskForm):
    # A fresh key per rendered form: a double-click or a resent form posts the reply once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])
    body = TextAreaField(lazy_gettext("Your reply"),
                         validators=[DataRequired(lazy_gettext("Write your reply.")), Length(max=20_000)],
                         description=lazy_gettext("Markdown: **bold**, lists, `code`, links, tables."))
    files = MultipleFileField(lazy_gettext("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())


class HandOverForm(FlaskForm):
    to_mentor = SelectField(lazy_gettext("Hand over to"), coerce=_optional_int,
                            validators=[DataRequired(lazy_gettext("Choose a mentor."))])
    note = TextAreaField(lazy_gettext("Note for them"), validators=[Optional(), Length(max=2000)],
                         description=lazy_gettext("What you found so far, what the learner needs."))

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_mentor.choices = [SelectChoice("", lazy_gettext("— choose —"))] + [SelectChoice(m.id, m.name)
                                                                                for m in mentors]


class RateForm(FlaskForm):
    rating = RadioField(lazy_gettext("How helpful was the answer?"), choices=RATING_CHOICES, validators=[Optional()])
    thanks_note = TextAreaField(lazy_gettext("Thank-you note (optional)"), validators=[Optional(), Length(max=1000)])
    thanks_public = BooleanField(lazy_gettext("The note may be shown on the mentor’s profile"))


class ShowThanksForm(FlaskForm):
    shown = HiddenField(validators=[Regexp(r"^[01]$")])
