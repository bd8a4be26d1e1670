"""The community forms. Services check the content; these check the shape."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from lms.community.models import TopicKind
from lms.text import single_line

_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message="Reload the page and try again.")
BODY_HELP = ("Markdown: **bold**, lists, `code`, ``` code blocks ```, links, images (https). "
             "Mention someone with @ and their name in lower case with hyphens, e.g. @mia-mentor.")
KIND_CHOICES = [SelectChoice(TopicKind.DISCUSSION.value, "A discussion"),
                SelectChoice(TopicKind.QUESTION.value, "A question (one answer can be accepted)")]


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class _KeyedForm(FlaskForm):
    # A fresh key per rendered form: a double-click or a resent form posts once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])
    agree = BooleanField("I have read the code of conduct and agree to it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())


class TopicForm(_KeyedForm):
    title = StringField("Title", validators=[DataRequired("Give your topic a short title."), Length(max=200)],
                        filters=[single_line])
    kind = RadioField("This is", choices=KIND_CHOICES, default=TopicKind.DISCUSSION.value)
    lesson_id = SelectField("About a lesson", coerce=_optional_int, validators=[Optional()])
    body = TextAreaField("Your post", validators=[DataRequired("Write your post."), Length(max=20_000)],
                         description=BODY_HELP)
    files = MultipleFileField("Files")

    def __init__(self, *args, lessons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_id.choices = [SelectChoice("", "— general —")] + [SelectChoice(lesson.id, lesson.title)
                                                                      for lesson in lessons]


class ReplyForm(_KeyedForm):
    body = TextAreaField("Your reply", validators=[DataRequired("Write your reply."), Length(max=20_000)],
                         description=BODY_HELP)
    files = MultipleFileField("Files")


class EditForm(FlaskForm):
    body = TextAreaField("Your post", validators=[DataRequired("Write your post."), Length(max=20_000)],
                         description=BODY_HELP)
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(min=1, max=2**31)])


class ConductForm(FlaskForm):
    code_of_conduct = TextAreaField("Code of conduct", validators=[Length(max=20_000)],
                                    description="Markdown. Empty: the default text is shown.")


class ActionForm(FlaskForm):
    """A button (follow, accept): the CSRF token only."""
