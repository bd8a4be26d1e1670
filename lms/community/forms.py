"""The community forms. Services check the content; these check the shape."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext
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

_KEY = Regexp(r"^[0-9a-f-]{32,36}$", message=lazy_gettext("Reload the page and try again."))
BODY_HELP = lazy_gettext("Markdown: **bold**, lists, `code`, ``` code blocks ```, links, images (https). "
                         "Mention someone with @ and their name in lower case with hyphens, e.g. @mia-mentor.")
KIND_CHOICES = [SelectChoice(TopicKind.DISCUSSION.value, lazy_gettext("A discussion")),
                SelectChoice(TopicKind.QUESTION.value, lazy_gettext("A question (one answer can be accepted)"))]


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class _KeyedForm(FlaskForm):
    # A fresh key per rendered form: a double-click or a resent form posts once.
    client_key = HiddenField(validators=[DataRequired(), _KEY])
    agree = BooleanField(lazy_gettext("I have read the code of conduct and agree to it"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = str(uuid.uuid4())


class TopicForm(_KeyedForm):
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(lazy_gettext("Give your topic a short title.")),
                                                    Length(max=200)],
                        filters=[single_line])
    kind = RadioField(lazy_gettext("This is"), choices=KIND_CHOICES, default=TopicKind.DISCUSSION.value)
    lesson_id = SelectField(lazy_gettext("About a lesson"), coerce=_optional_int, validators=[Optional()])
    body = TextAreaField(lazy_gettext("Your post"), validators=[DataRequired(lazy_gettext("Write your post.")),
                                                                Length(max=20_000)], description=BODY_HELP)
    files = MultipleFileField(lazy_gettext("Files"))

    def __init__(self, *args, lessons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_id.choices = [SelectChoice("", lazy_gettext("— general —"))] + [
            SelectChoice(lesson.id, lesson.title) for lesson in lessons]


class ReplyForm(_KeyedForm):
    body = TextAreaField(lazy_gettext("Your reply"), validators=[DataRequired(lazy_gettext("Write your reply.")),
                                                                 Length(max=20_000)], description=BODY_HELP)
    files = MultipleFileField(lazy_gettext("Files"))


class EditForm(FlaskForm):
    body = TextAreaField(lazy_gettext("Your post"), validators=[DataRequired(lazy_gettext("Write your post.")),
                                                                Length(max=20_000)], description=BODY_HELP)
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(min=1, max=2**31)])


class ConductForm(FlaskForm):
    code_of_conduct = TextAreaField(lazy_gettext("Code of conduct"), validators=[Length(max=20_000)],
                                    description=lazy_gettext("Markdown. Empty: the default text is shown."))


class ActionForm(FlaskForm):
    """A button (follow, accept): the CSRF token only."""
